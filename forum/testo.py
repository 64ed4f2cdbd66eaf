"""From what a member types to safe HTML: Markdown (markdown-it-py, raw HTML disabled) and then
the project's one sanitiser, `cop.sanitize.pulisci_html`. Plain web addresses become links (the
sanitiser gives them rel="nofollow noopener ugc"); @mentions of existing members are marked up as
mentions (no member profile page exists to link to)."""

import re

from django.utils.html import escape
from markdown_it import MarkdownIt
from markdown_it.token import Token

MENZIONE = re.compile(r"(?<![\w@])@([A-Za-z0-9_][A-Za-z0-9_.+-]{0,149})")


def _nome_menzione(match_text):
    return match_text.rstrip(".-+")


def _regola_menzione(state, silent):
    if state.src[state.pos] != "@":
        return False
    if state.pos > 0 and (state.src[state.pos - 1].isalnum() or state.src[state.pos - 1] in "_@"):
        return False
    match = MENZIONE.match(state.src, state.pos)
    if not match:
        return False
    nome = _nome_menzione(match.group(1))
    if nome not in state.env.get("menzioni", ()):
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = f'<strong class="menzione">@{escape(nome)}</strong>'
    state.pos += 1 + len(nome)
    return True


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


def _crea_parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.inline.ruler.before("emphasis", "menzione", _regola_menzione)
    md.core.ruler.after("text_join", "indirizzi_web", _collega_indirizzi)
    return md


_parser = _crea_parser()


def nomi_menzionati(testo):
    """The usernames written as @name in `testo` (whether or not they exist)."""
    return {_nome_menzione(m.group(1)) for m in MENZIONE.finditer(testo or "")}


def rendi_messaggio(testo, *, menzioni=frozenset()):
    """Markdown → HTML → pulisci_html. `menzioni` are the usernames that exist (shown in bold)."""
    from cop.sanitize import pulisci_html

    return pulisci_html(_parser.render(testo or "", {"menzioni": set(menzioni)}))
