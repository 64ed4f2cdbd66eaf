"""Plain text as people type it in a text area, to and from the HTML of the practice's sections.

A blank line starts a new paragraph, lines that begin with "- " (or "* ", "• ") make a bulleted list,
lines that begin with "1. " a numbered list, web addresses become links. Text that already is HTML
(a section an editor wrote in the Wagtail admin, or pasted markup) stays HTML. Either way the result
goes through `cop.sanitize.pulisci_html` in the service before it is stored."""

import re
from html import escape, unescape
from html.parser import HTMLParser

TAG_HTML = re.compile(r"</?(p|br|strong|b|em|i|ul|ol|li|a|h[1-6]|blockquote|div|span)\b[^>]*>", re.IGNORECASE)
PUNTO_ELENCO = re.compile(r"^\s*[-*•]\s+")
NUMERO_ELENCO = re.compile(r"^\s*\d+[.)]\s+")
INDIRIZZO_WEB = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
# Markup that the plain-text form cannot express: such sections are edited as HTML.
MARKUP_RICCO = re.compile(r"<(strong|b|em|i|h[1-6]|blockquote)\b|linktype=", re.IGNORECASE)


def _in_linea(riga):
    testo = escape(riga.strip(), quote=True)
    return INDIRIZZO_WEB.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', testo)


def testo_in_html(testo):
    """The HTML of what a person typed (not yet sanitised: the service does it)."""
    testo = (testo or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not testo:
        return ""
    if TAG_HTML.search(testo):
        return testo
    blocchi = []
    for blocco in re.split(r"\n\s*\n", testo):
        righe = [riga for riga in blocco.split("\n") if riga.strip()]
        if not righe:
            continue
        if all(PUNTO_ELENCO.match(riga) for riga in righe):
            voci = "".join(f"<li>{_in_linea(PUNTO_ELENCO.sub('', riga))}</li>" for riga in righe)
            blocchi.append(f"<ul>{voci}</ul>")
        elif all(NUMERO_ELENCO.match(riga) for riga in righe):
            voci = "".join(f"<li>{_in_linea(NUMERO_ELENCO.sub('', riga))}</li>" for riga in righe)
            blocchi.append(f"<ol>{voci}</ol>")
        else:
            blocchi.append("<p>" + "<br>".join(_in_linea(riga) for riga in righe) + "</p>")
    return "".join(blocchi)


class _DaHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocchi = []
        self.corrente = []
        self.elenchi = []

    def _chiudi_blocco(self):
        testo = "".join(self.corrente).strip("\n ")
        if testo:
            self.blocchi.append(testo)
        self.corrente = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "div"):
            self._chiudi_blocco()
        elif tag == "br":
            self.corrente.append("\n")
        elif tag in ("ul", "ol"):
            self._chiudi_blocco()
            self.elenchi.append([tag, 0])
        elif tag == "li":
            if self.corrente and "".join(self.corrente).strip():
                self.corrente.append("\n")
            if self.elenchi and self.elenchi[-1][0] == "ol":
                self.elenchi[-1][1] += 1
                self.corrente.append(f"{self.elenchi[-1][1]}. ")
            else:
                self.corrente.append("- ")

    def handle_endtag(self, tag):
        if tag in ("p", "div"):
            self._chiudi_blocco()
        elif tag in ("ul", "ol"):
            self._chiudi_blocco()
            if self.elenchi:
                self.elenchi.pop()

    def handle_data(self, data):
        self.corrente.append(data.replace("\n", " ") if not self.elenchi else data.strip("\n"))

    def risultato(self):
        self._chiudi_blocco()
        return "\n\n".join(self.blocchi)


def html_in_testo(html):
    """What the text area shows for a stored section: plain text when it says all the HTML says,
    the HTML itself otherwise (nothing an editor added is lost by editing)."""
    html = html or ""
    if not html.strip():
        return ""
    if MARKUP_RICCO.search(html):
        return html
    for link in re.finditer(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.IGNORECASE | re.DOTALL):
        if unescape(link.group(1)) != unescape(link.group(2)):
            return html
    parser = _DaHtml()
    parser.feed(html)
    parser.close()
    return parser.risultato()
