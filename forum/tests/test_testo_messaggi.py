"""What a post shows a reader: web addresses as links, @mentions marked, who wrote it (role, zone)."""

from html import unescape

import pytest
from bs4 import BeautifulSoup

from cop import roles
from cop.models import Profilo
from cop.tests.factories import ReferenteFactory, ZonaFactory
from forum import services

from .conftest import invecchia, veterano

pytestmark = pytest.mark.django_db


def _scrivi(discussione, user, testo):
    invecchia(user)
    return services.rispondi(discussione=discussione, user=user, testo=testo)


def _messaggio(client, messaggio):
    pagina = BeautifulSoup(client.get(messaggio.discussione.get_absolute_url()).content, "html.parser")
    return pagina.find(id=f"m{messaggio.pk}")


def test_plain_web_addresses_in_a_post_become_safe_links(client, discussione, membro):
    m = _scrivi(
        discussione,
        membro,
        "Il bando è su https://www.regione.toscana.it/inclusione. Vedi anche www.anci.toscana.it, "
        "oppure (https://it.wikipedia.org/wiki/Welfare_(Italia)).\n\n"
        "Non questo: `https://esempio.it/codice` né javascript:alert(1), e [già link](https://esempio.it/a).",
    )

    testo = _messaggio(client, m).find(class_="forum-testo")
    link = {a.get_text(): a for a in testo.find_all("a")}
    assert set(link) == {
        "https://www.regione.toscana.it/inclusione",
        "www.anci.toscana.it",
        "https://it.wikipedia.org/wiki/Welfare_(Italia)",
        "già link",
    }
    assert link["www.anci.toscana.it"]["href"] == "https://www.anci.toscana.it"
    for a in link.values():
        assert a["rel"] == ["nofollow", "noopener", "ugc"]
        assert a["href"].startswith("https://")
    assert "https://esempio.it/codice" in testo.get_text()  # inline code: shown, not linked
    assert "javascript:alert(1)" in unescape(str(testo)) and "javascript" not in str(testo.find_all("a"))


def test_a_mention_of_a_member_is_marked_and_a_stranger_is_not(client, discussione, membro):
    veterano(username="giulia")
    m = _scrivi(discussione, membro, "Chiedo a @giulia e a @nessuno.")

    menzioni = _messaggio(client, m).select(".forum-testo .menzione")
    assert [menzione.get_text() for menzione in menzioni] == ["@giulia"]


def test_a_post_shows_the_authors_role_and_zone(client, discussione, membro):
    pisana = ZonaFactory(nome="Zona Pisana")
    Profilo.objects.update_or_create(
        user=membro, defaults={"zona": pisana, "ruolo_professionale": Profilo.Ruolo.ASSISTENTE_SOCIALE}
    )
    referente = ReferenteFactory(username="referente")
    assert roles.is_referente(referente)
    Profilo.objects.update_or_create(user=referente, defaults={"zona": ZonaFactory(nome="Zona Empolese")})
    da_membro = _scrivi(discussione, membro, "Da noi funziona così.")
    da_referente = _scrivi(discussione, referente, "Confermo per la mia zona.")
    da_senza_profilo = _scrivi(discussione, veterano(username="nuovo"), "Sono nuovo.")

    assert "(Assistente sociale · Zona Pisana)" in _messaggio(client, da_membro).header.get_text(" ", strip=True)
    assert "(Referente di zona · Zona Empolese)" in _messaggio(client, da_referente).header.get_text(" ", strip=True)
    assert "(" not in _messaggio(client, da_senza_profilo).header.p.get_text().split("·")[0]
