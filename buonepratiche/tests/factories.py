"""Factories of the good-practice library (shared by the tests of the practice page, the proposal
workflow, evaluations and adoptions, and by the demo content).

    indice = BuonePraticheIndexPageFactory(parent=home_page)
    pratica = BuonaPraticaPageFactory(parent=indice, zone=[zona], temi=[tema], soggetti__promotore=True)

`zone`, `temi`, `destinatari`, `fonti_finanziamento`, `metodologie` and `tags` take lists; without
them the practice gets one new zone and one new theme. `soggetti`, `indicatori`: lists of dicts
(fields of the inline) or nothing (one promoter, no figures)."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from buonepratiche.models import (
    Adozione,
    Allegato,
    BuonaPraticaPage,
    BuonePraticheIndexPage,
    Destinatario,
    FonteFinanziamento,
    Indicatore,
    Metodologia,
    SoggettoCoinvolto,
)
from cop.services import organizzazione_per_nome
from cop.tests.factories import TemaFactory, ZonaFactory


class BuonePraticheIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BuonePraticheIndexPage

    title = "Buone pratiche"
    slug = "buone-pratiche"
    intro = "<p>Le pratiche che hanno funzionato nelle zone-distretto.</p>"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        """The index is unique (max_count = 1): under the same parent, reuse the existing one."""
        if parent is not None:
            esistente = BuonePraticheIndexPage.objects.child_of(parent).first()
            if esistente is not None:
                return esistente
        return super()._create(model_class, *args, parent=parent, **kwargs)


def _imposta_m2m(nome):
    """Sets the relation in memory; `_salva_relazioni` writes all of them with one save."""

    def hook(pratica, create, extracted, **kwargs):
        if extracted is not None:
            getattr(pratica, nome).set(extracted)
        elif nome in ("zone", "temi"):
            fabbrica = ZonaFactory if nome == "zone" else TemaFactory
            getattr(pratica, nome).set([fabbrica()])
        else:
            return
        pratica.__dict__.setdefault("_relazioni_da_salvare", []).append(nome)

    return factory.PostGeneration(hook)


class BuonaPraticaPageFactory(wagtail_factories.PageFactory):
    """A published practice. Pass `parent=` an index (see BuonePraticheIndexPageFactory)."""

    class Meta:
        model = BuonaPraticaPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Buona pratica {n}")
    live = True
    first_published_at = factory.LazyAttribute(lambda o: timezone.now() if o.live else None)
    last_published_at = factory.SelfAttribute("first_published_at")
    abstract = "Un percorso di accompagnamento per famiglie in difficoltà, costruito con il Terzo Settore."
    data_inizio = datetime.date(2022, 3, 1)
    data_fine = None
    stato = BuonaPraticaPage.Stato.IN_CORSO
    contesto = "<p>Il contesto territoriale.</p>"
    obiettivi = "<p>Gli obiettivi.</p>"
    azioni = "<p>Le azioni.</p>"
    risultati = "<p>I risultati.</p>"
    difficolta = ""
    trasferibilita = "<p>Che cosa la rende trasferibile.</p>"
    contatto_nome = "Maria Rossi"
    contatto_email = "maria.rossi@esempio.it"
    contatto_telefono = "055 000000"

    zone = _imposta_m2m("zone")
    temi = _imposta_m2m("temi")
    destinatari = _imposta_m2m("destinatari")
    fonti_finanziamento = _imposta_m2m("fonti_finanziamento")
    metodologie = _imposta_m2m("metodologie")

    @factory.post_generation
    def soggetti(self, create, extracted, **kwargs):
        voci = (
            extracted
            if extracted is not None
            else [{"nome": "Comune di Esempio", "tipo": "comune", "ruolo": "promotore"}]
        )
        for i, voce in enumerate(voci):
            voce = dict(voce)
            if "organizzazione" not in voce:  # by name and type, as the demo and an import name them
                voce["organizzazione"] = organizzazione_per_nome(
                    nome=voce.pop("nome"), tipo=voce.pop("tipo"), pubblica=True
                )
            SoggettoCoinvolto.objects.create(pratica=self, sort_order=i, **voce)

    @factory.post_generation
    def indicatori(self, create, extracted, **kwargs):
        for i, voce in enumerate(extracted or []):
            Indicatore.objects.create(pratica=self, sort_order=i, **voce)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.__dict__.setdefault("_relazioni_da_salvare", []).append("tagged_items")

    @factory.post_generation
    def _salva_relazioni(self, create, extracted, **kwargs):
        """One save writes the ParentalManyToMany relations and tags set above (not one save each)."""
        campi = self.__dict__.pop("_relazioni_da_salvare", [])
        if create and campi:
            self.save(update_fields=campi)


class DocumentoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Documento {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(b"%PDF-1.4\n% prova\n", name=f"{o.title.lower().replace(' ', '-')}.pdf")
    )
    file_size = factory.LazyAttribute(lambda o: o.file.size)


class AllegatoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allegato

    pratica = factory.SubFactory(BuonaPraticaPageFactory)
    documento = factory.SubFactory(DocumentoFactory)
    titolo = ""


def vocabolario(modello, slug):
    """One entry of a fixed vocabulary loaded by migration 0002 (`vocabolario(Metodologia, 'budget-di-salute')`)."""
    return modello.objects.get(slug=slug)


class AdozioneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adozione

    pratica = factory.SubFactory(BuonaPraticaPageFactory)
    zona_adottante = factory.SubFactory(ZonaFactory)


__all__ = [
    "AdozioneFactory",
    "AllegatoFactory",
    "BuonaPraticaPageFactory",
    "BuonePraticheIndexPageFactory",
    "Destinatario",
    "DocumentoFactory",
    "FonteFinanziamento",
    "Metodologia",
    "vocabolario",
]
