"""Organisations: how a name a member writes becomes an organisation, the uniqueness of a name and type,
the slug, and the organisation a member declares in their profile."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cop.models import Organizzazione
from cop.services import esporta_dati_utente, organizzazione_per_nome
from cop.tests.factories import OperatoreFactory, OrganizzazioneFactory, ZonaFactory

pytestmark = pytest.mark.django_db


def test_a_known_name_is_that_organisation_whatever_case_spacing_or_type_the_member_chose():
    comune = OrganizzazioneFactory(nome="Comune di Fano", tipo="comune")
    membro = OperatoreFactory()

    assert organizzazione_per_nome(nome="  comune   di FANO ", user=membro) == comune
    assert organizzazione_per_nome(nome="Comune di Fano", tipo="altro", user=membro) == comune
    assert Organizzazione.objects.count() == 1


def test_of_two_organisations_with_the_same_name_the_one_of_the_chosen_type_counts():
    OrganizzazioneFactory(nome="Centro Arcobaleno", tipo="associazione")
    cooperativa = OrganizzazioneFactory(nome="Centro Arcobaleno", tipo="cooperativa")

    assert organizzazione_per_nome(nome="Centro Arcobaleno", tipo="cooperativa", user=OperatoreFactory()) == cooperativa


def test_a_new_name_from_a_member_waits_for_review_logged_with_the_zones_of_the_practice():
    membro, zona = OperatoreFactory(), ZonaFactory()

    nuova = organizzazione_per_nome(nome="Associazione Mondo Aperto", tipo="associazione", user=membro, zone=[zona])

    assert (nuova.stato, nuova.proposta_da, nuova.slug) == ("da-revisionare", membro, "associazione-mondo-aperto")
    assert list(nuova.zone.all()) == [zona]
    assert ModelLogEntry.objects.filter(object_id=str(nuova.pk), action="cop.organizzazione_proposta").exists()


def test_a_new_name_without_a_type_is_refused_with_a_message():
    with pytest.raises(ValueError, match="non è ancora nell'elenco delle organizzazioni: scegline il tipo"):
        organizzazione_per_nome(nome="Ente sconosciuto", user=OperatoreFactory())
    assert not Organizzazione.objects.exists()


def test_a_member_sees_their_own_proposals_but_not_those_of_others():
    autore, altro = OperatoreFactory(), OperatoreFactory()
    proposta = organizzazione_per_nome(nome="Cooperativa Sole", tipo="cooperativa", user=autore)

    assert organizzazione_per_nome(nome="cooperativa sole", user=autore) == proposta
    with pytest.raises(ValueError):  # for another member it is not in the list yet
        organizzazione_per_nome(nome="Cooperativa Sole", user=altro)
    # Named again with its type, it is the same body: not a duplicate for the editors to merge.
    assert organizzazione_per_nome(nome="Cooperativa Sole", tipo="cooperativa", user=altro) == proposta
    assert Organizzazione.objects.count() == 1


def test_an_import_publishes_a_new_organisation():
    importata = organizzazione_per_nome(nome="Azienda USL Toscana Nord Ovest", tipo="asl", pubblica=True)
    assert importata.stato == "pubblicata"
    assert importata.proposta_da is None


def test_the_same_name_and_type_twice_is_refused_and_slugs_stay_unique():
    prima = OrganizzazioneFactory(nome="Società della Salute Pisana", tipo="sds")
    doppione = Organizzazione(nome="società della salute  pisana", tipo="sds")
    with pytest.raises(ValidationError, match="Esiste già un'organizzazione di questo tipo con questo nome"):
        doppione.full_clean()
    altra = OrganizzazioneFactory(nome="Società della Salute Pisana", tipo="altro")
    assert (prima.slug, altra.slug) == ("societa-della-salute-pisana", "societa-della-salute-pisana-2")


def test_a_member_declares_the_organisation_they_work_for_and_it_is_in_their_data(client):
    membro = OperatoreFactory()
    ente = OrganizzazioneFactory(nome="Società della Salute Senese", tipo="sds")
    OrganizzazioneFactory(nome="In revisione", stato=Organizzazione.Stato.DA_REVISIONARE)
    client.force_login(membro)

    modulo = client.get(reverse("profilo_modifica")).context["form"]
    assert [o.nome for o in modulo.fields["organizzazione"].queryset] == ["Società della Salute Senese"]

    dati = {"first_name": "Anna", "last_name": "Neri", "organizzazione": ente.pk, "ente": ""}
    assert client.post(reverse("profilo_modifica"), dati).status_code == 302
    pagina = client.get(reverse("profilo")).content.decode()
    assert f'<a href="{ente.get_absolute_url()}">Società della Salute Senese</a>' in pagina
    assert esporta_dati_utente(user=membro)["profilo"]["organizzazione"] == "Società della Salute Senese"


def test_an_organisation_under_review_cannot_be_declared_in_the_profile(client):
    membro = OperatoreFactory()
    proposta = OrganizzazioneFactory(nome="In revisione", stato=Organizzazione.Stato.DA_REVISIONARE)
    client.force_login(membro)

    dati = {"first_name": "Anna", "last_name": "Neri", "organizzazione": proposta.pk, "ente": "In revisione"}
    risposta = client.post(reverse("profilo_modifica"), dati)

    assert risposta.status_code == 400
    assert "organizzazione" in risposta.context["form"].errors
    membro.profilo.refresh_from_db()
    assert membro.profilo.organizzazione is None
