"""The site's one markup dialect: what people type in a text area (forum posts, the sections of a
proposed practice) is CommonMark, rendered by markdown-it-py with raw HTML and images off. A line
typed on its own stays on its own line (a soft break is a <br>), and plain web addresses become
links. The HTML is not sanitised here: `cop.sanitize.pulisci_html` does it, always."""

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

# A web address typed as text: http(s):// or www., up to a space or an angle bracket; the punctuation
# that usually closes a sentence or a parenthesis is left out of the link.
INDIRIZZO_WEB = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
PUNTEGGIATURA_FINALE = ".,;:!?'\"»)]"


def _fine_indirizzo(url):
    while url and url[-1] in PUNTEGGIATURA_FINALE:
        # A closing parenthesis that belongs to the address (Wikipedia-style) stays.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _collega_indirizzi(state):
    """Core rule after "inline": the text tokens outside links become text + link + text."""
    for blocco in state.tokens:
        if blocco.type != "inline" or not blocco.children:
            continue
        figli, dentro_link = [], 0
        for token in blocco.children:
            if token.type == "link_open":
                dentro_link += 1
            elif token.type == "link_close":
                dentro_link -= 1
            if token.type != "text" or dentro_link or not INDIRIZZO_WEB.search(token.content):
                figli.append(token)
                continue
            figli.extend(_spezza(state, token))
        blocco.children = figli


def _spezza(state, token):
    testo, inizio, nuovi = token.content, 0, []

    def testo_semplice(contenuto):
        if contenuto:
            nuovo = Token("text", "", 0)
            nuovo.content = contenuto
            nuovi.append(nuovo)

    for trovato in INDIRIZZO_WEB.finditer(testo):
        url = _fine_indirizzo(trovato.group(0))
        href = state.md.normalizeLink(url if "://" in url else f"https://{url}")
        if not url or not state.md.validateLink(href):
            continue
        testo_semplice(testo[inizio : trovato.start()])
        apri = Token("link_open", "a", 1)
        apri.attrs = {"href": href}
        apri.markup, apri.info = "linkify", "auto"
        nuovi.append(apri)
        testo_semplice(url)
        chiudi = Token("link_close", "a", -1)
        chiudi.markup, chiudi.info = "linkify", "auto"
        nuovi.append(chiudi)
        inizio = trovato.start() + len(url)
    testo_semplice(testo[inizio:])
    return nuovi


def crea_parser():
    """The parser of the dialect; an app may add its own rules to its instance (the forum's mentions)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True})
    md.disable("image")
    md.core.ruler.after("text_join", "indirizzi_web", _collega_indirizzi)
    return md


_parser = crea_parser()


def rendi(testo):
    """The HTML of what someone typed (not yet sanitised)."""
    return _parser.render(testo or "")
