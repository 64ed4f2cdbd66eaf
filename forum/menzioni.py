"""From what a member types to safe HTML: the site's Markdown (`cop.markdown`) and then the
project's one sanitiser, `cop.sanitize.pulisci_html`. Plain web addresses become links (the
sanitiser gives them rel="nofollow noopener ugc"); @mentions of existing members are marked up as
mentions; the page shows each as a link to the member's profile when the reader may see it
(`collega_menzioni`)."""

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


# The mark-up `rendi_messaggio` stores for a mention (the name is a username: letters, digits, _.+-).
MENZIONE_SALVATA = re.compile(r'<strong class="menzione">@([A-Za-z0-9_.+-]{1,150})</strong>')


def collega_menzioni(messaggi, viewer):
    """Set `html_mostrato` on each post: its stored HTML with each @mention a link to the member's profile
    when `viewer` may see it (cop/permissions.py), as stored otherwise. The stored HTML cannot carry the
    link: it is written once and read by people who may see different profiles. One query for the whole
    page; the link is built here from a username the database returned, never from the post's text."""
    from django.urls import reverse
    from django.utils.html import format_html

    from cop.models import Profilo

    messaggi = list(messaggi)
    nomi = {nome for m in messaggi for nome in MENZIONE_SALVATA.findall(m.html)}
    visibili = set()
    if nomi:
        visibili = set(
            Profilo.objects.visible_to(viewer).filter(user__username__in=nomi).values_list("user__username", flat=True)
        )

    def sostituisci(match):
        nome = match.group(1)
        if nome not in visibili:
            return match.group(0)
        return format_html('<a class="menzione" href="{}">@{}</a>', reverse("membro", kwargs={"username": nome}), nome)

    for m in messaggi:
        m.html_mostrato = MENZIONE_SALVATA.sub(sostituisci, m.html) if visibili else m.html
    return messaggi
