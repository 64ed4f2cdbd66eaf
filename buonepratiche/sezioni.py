"""The sections of a practice, as people type them in a text area and as they are stored (HTML).

What people type is the site's one markup dialect, the Markdown of the forum (`cop.markdown`): a
blank line starts a new paragraph, a line on its own stays on its own line, "- " makes a bulleted
list and "1. " a numbered one, **bold**, *italics* and [links](https://…) work, web addresses
become links. Text that already is HTML (a section an editor wrote in the Wagtail admin, or pasted
markup) stays HTML. Either way the result goes through `cop.sanitize.pulisci_html` in the service
before it is stored.

To edit a stored section again, its HTML is written back as that Markdown; a section with markup
the text area cannot express (headings, quotes, internal links of the admin) is edited as HTML, so
nothing an editor added is lost."""

import re
from html.parser import HTMLParser

from cop.markdown import rendi

TAG_HTML = re.compile(r"</?(p|br|strong|b|em|i|ul|ol|li|a|h[1-6]|blockquote|div|span)\b[^>]*>", re.IGNORECASE)
# Markup that the text area cannot express: such sections are edited as HTML.
MARKUP_RICCO = re.compile(r"<(h[1-6]|blockquote|pre|code|table|img)\b|linktype=", re.IGNORECASE)
# Characters that Markdown would read as markup, and line starts that it would read as a block.
CARATTERI_MARKDOWN = re.compile(r"([\\`*_\[\]])")
INIZIO_BLOCCO = re.compile(r"^(\s*)(#{1,6}\s|>|[-+*]\s|\d+)([.)]\s)?")


def testo_in_html(testo):
    """The HTML of what a person typed (not yet sanitised: the service does it)."""
    testo = (testo or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not testo:
        return ""
    if TAG_HTML.search(testo):
        return testo
    return rendi(testo).replace("<br />", "<br>").replace("\n", "")


def _proteggi_inizio(riga):
    """A typed line that would start a block ("1990. Un anno", "- 3 gradi") keeps its text."""
    trovato = INIZIO_BLOCCO.match(riga)
    if not trovato:
        return riga
    spazi, segno, punto = trovato.groups()
    if segno[0].isdigit():
        return riga if punto is None else f"{spazi}{segno}\\{riga[len(spazi) + len(segno) :]}"
    return f"{spazi}\\{riga[len(spazi) :]}"


class _InMarkdown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocchi = []
        self.corrente = []
        self.elenchi = []
        self.link = []

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
        elif tag in ("strong", "b"):
            self.corrente.append("**")
        elif tag in ("em", "i"):
            self.corrente.append("*")
        elif tag == "a":
            self.link.append((dict(attrs).get("href") or "", len(self.corrente)))

    def handle_endtag(self, tag):
        if tag in ("p", "div"):
            self._chiudi_blocco()
        elif tag in ("ul", "ol"):
            self._chiudi_blocco()
            if self.elenchi:
                self.elenchi.pop()
        elif tag in ("strong", "b"):
            self.corrente.append("**")
        elif tag in ("em", "i"):
            self.corrente.append("*")
        elif tag == "a" and self.link:
            href, inizio = self.link.pop()
            testo = "".join(self.corrente[inizio:])
            # An address shown as itself is typed as itself (it becomes a link again).
            if testo.replace("\\", "") != href:
                self.corrente[inizio:] = [f"[{testo}]({href.replace(')', '%29').replace(' ', '%20')})"]
            else:
                self.corrente[inizio:] = [href]

    def handle_data(self, data):
        data = data.replace("\n", " ") if not self.elenchi else data.strip("\n")
        data = CARATTERI_MARKDOWN.sub(r"\\\1", data)
        if not self.corrente or self.corrente[-1].endswith("\n"):
            data = _proteggi_inizio(data)
        self.corrente.append(data)

    def risultato(self):
        self._chiudi_blocco()
        return "\n\n".join(self.blocchi)


def html_in_testo(html):
    """What the text area shows for a stored section: its Markdown, or the HTML itself when the
    section has markup the text area cannot express (see the module's docstring)."""
    html = html or ""
    if not html.strip():
        return ""
    if MARKUP_RICCO.search(html):
        return html
    parser = _InMarkdown()
    parser.feed(html)
    parser.close()
    return parser.risultato()
