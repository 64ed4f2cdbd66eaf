"""From what a member types to safe HTML: the site's Markdown (`cop.markdown`) and then the
project's one sanitiser, `cop.sanitize.pulisci_html`. Plain web addresses become links (the
sanitiser gives them rel="nofollow noopener ugc"); @mentions of existing members are marked up as
mentions (no member profile page exists to link to)."""

import re

from django.utils.html import escape

from cop.markdown import crea_parser

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


def _crea_parser():
    md = crea_parser()
    md.inline.ruler.before("emphasis", "menzione", _regola_menzione)
    return md


_parser = _crea_parser()


def nomi_menzionati(testo):
    """The usernames written as @name in `testo` (whether or not they exist)."""
    return {_nome_menzione(m.group(1)) for m in MENZIONE.finditer(testo or "")}


def rendi_messaggio(testo, *, menzioni=frozenset()):
    """Markdown → HTML → pulisci_html. `menzioni` are the usernames that exist (shown in bold)."""
    from cop.sanitize import pulisci_html

    return pulisci_html(_parser.render(testo or "", {"menzioni": set(menzioni)}))
