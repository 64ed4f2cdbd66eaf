from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Site

from cop.tests.factories import OperatoreFactory
from eventi.models import EventiIndexPage, EventoPage, Iscrizione, LinkDiretta, Relatore


def home_page():
    return Site.objects.get(is_default_site=True).root_page


class EventiIndexPageFactory(wagtail_factories.PageFactory):
    """The listing, as the demo makes it: a child of the home page (one per site)."""

    class Meta:
        model = EventiIndexPage

    title = "Eventi"
    slug = "eventi"
    intro = "Seminari, eventi annuali e incontri di zona della Comunità di pratica."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        esistente = EventiIndexPage.objects.first()
        if esistente is not None:
            return esistente
        if kwargs.get("parent") is None:
            kwargs["parent"] = home_page()
        return super()._create(model_class, *args, **kwargs)


class EventoPageFactory(wagtail_factories.PageFactory):
    """An upcoming online seminar in a week, one hour and a half long."""

    class Meta:
        model = EventoPage

    title = factory.Sequence(lambda n: f"Seminario {n}")
    slug = factory.Sequence(lambda n: f"seminario-{n}")
    parent = factory.LazyFunction(lambda: EventiIndexPageFactory())
    intro = "Un seminario online della Comunità di pratica."
    inizio = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(microsecond=0))
    fine = factory.LazyAttribute(lambda o: o.inizio + timedelta(minutes=90))
    tipo = EventoPage.Tipo.SEMINARIO
    modalita = EventoPage.Modalita.ONLINE
    iscrizioni_aperte = True
    codice_presenza = "K7P2QX"

    class Params:
        passato = factory.Trait(
            inizio=factory.LazyFunction(lambda: (timezone.now() - timedelta(days=30)).replace(microsecond=0))
        )
        in_corso = factory.Trait(
            inizio=factory.LazyFunction(lambda: (timezone.now() - timedelta(minutes=20)).replace(microsecond=0))
        )


class LinkDirettaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkDiretta

    evento = factory.SubFactory(EventoPageFactory)
    etichetta = "YouTube"
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


class RelatoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relatore

    nome = factory.Faker("name", locale="it_IT")
    ruolo = "Assistente sociale"
    organizzazione = "Società della Salute Pisana"


class IscrizioneFactory(factory.django.DjangoModelFactory):
    """A confirmed registration on the next free seat (use the services to test the rules)."""

    class Meta:
        model = Iscrizione

    evento = factory.SubFactory(EventoPageFactory)
    user = factory.SubFactory(OperatoreFactory)
    stato = Iscrizione.Stato.CONFERMATA
    posto = factory.LazyAttribute(
        lambda o: (
            (Iscrizione.objects.filter(evento=o.evento).exclude(posto=None).count() + 1)
            if o.stato == Iscrizione.Stato.CONFERMATA
            else None
        )
    )
