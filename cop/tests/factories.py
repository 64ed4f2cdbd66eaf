import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cop import roles
from cop.models import (
    AggiornamentiIndexPage,
    AggiornamentoPage,
    DichiarazioneAccessibilitaPage,
    Organizzazione,
    PaginaSemplice,
    Profilo,
    Tema,
    Zona,
)

PASSWORD = "Pratiche-di-comunita-2024"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utente{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@esempio.it")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
        self.save()

    @factory.post_generation
    def ruolo(self, create, extracted, **kwargs):
        _aggiungi_gruppo(self, create, extracted)


def _aggiungi_gruppo(user, create, nome):
    if create and nome:
        user.groups.add(Group.objects.get(name=nome))


def _con_ruolo(predefinito):
    """A `ruolo` post-generation hook whose group defaults to `predefinito`: a plain class
    attribute would replace the hook and reach the model as a field."""
    return factory.PostGeneration(
        lambda user, create, extracted, **kwargs: _aggiungi_gruppo(user, create, extracted or predefinito)
    )


class OperatoreFactory(UserFactory):
    ruolo = _con_ruolo(roles.OPERATORI)


class ReferenteFactory(UserFactory):
    ruolo = _con_ruolo(roles.REFERENTI)


class RedattoreFactory(UserFactory):
    ruolo = _con_ruolo(roles.REDATTORI)


class ZonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zona
        django_get_or_create = ("slug",)

    nome = factory.Sequence(lambda n: f"Zona di prova {n}")
    slug = factory.Sequence(lambda n: f"zona-di-prova-{n}")
    asl = "Azienda USL Toscana Centro"
    dal_anno = 2017


class TemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tema
        django_get_or_create = ("slug",)

    nome = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


class OrganizzazioneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizzazione
        skip_postgeneration_save = True

    nome = factory.Sequence(lambda n: f"Associazione di prova {n}")
    tipo = Organizzazione.Tipo.ASSOCIAZIONE

    @factory.post_generation
    def zone(self, create, extracted, **kwargs):
        if create and extracted:
            self.zone.set(extracted)


class ProfiloFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profilo
        django_get_or_create = ("user",)

    user = factory.SubFactory(OperatoreFactory)
    ente = "Società della Salute Pisana"
    ruolo_professionale = Profilo.Ruolo.ASSISTENTE_SOCIALE
    zona = None
    # A member whose zone an editor already confirmed; pass `zona_confermata=None` for a declaration
    # still waiting for confirmation.
    zona_confermata = factory.SelfAttribute("zona")


class PaginaSempliceFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PaginaSemplice

    title = factory.Sequence(lambda n: f"Pagina {n}")
    intro = "Testo introduttivo."


class DichiarazioneAccessibilitaPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DichiarazioneAccessibilitaPage

    title = "Dichiarazione di accessibilità"
    slug = "accessibilita"
    email_contatto = "accessibilita@esempio.it"


class AggiornamentiIndexPageFactory(wagtail_factories.PageFactory):
    """The news listing; unique (max_count = 1): under the same parent the existing one is reused."""

    class Meta:
        model = AggiornamentiIndexPage

    title = "Aggiornamenti"
    slug = "aggiornamenti"
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")
    intro = "<p>Novità nazionali, regionali e di zona.</p>"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is not None:
            esistente = AggiornamentiIndexPage.objects.child_of(parent).first()
            if esistente is not None:
                return esistente
        return super()._create(model_class, *args, parent=parent, **kwargs)


class AggiornamentoPageFactory(wagtail_factories.PageFactory):
    """A published update. Pass `parent=` the index; `temi` and `zone` take lists (without `temi`, one
    new theme), `tags` a list of names. The zones go to the page before its first save, where an update
    "di zona" must already have them (AggiornamentoPage.clean)."""

    class Meta:
        model = AggiornamentoPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Aggiornamento {n}")
    live = True
    first_published_at = factory.LazyAttribute(lambda o: timezone.now() if o.live else None)
    last_published_at = factory.SelfAttribute("first_published_at")
    data = factory.LazyFunction(timezone.localdate)
    intro = "Che cosa cambia per i servizi sociali delle zone-distretto."
    body = "<p>Il testo dell'aggiornamento.</p>"
    ambito = AggiornamentoPage.Ambito.NAZIONALE
    fonte_nome = "Ministero del Lavoro e delle Politiche Sociali"
    fonte_url = "https://www.lavoro.gov.it/"

    zone = factory.LazyFunction(list)

    @factory.post_generation
    def temi(self, create, extracted, **kwargs):
        self.temi.set([TemaFactory()] if extracted is None else extracted)
        if create:
            self.save(update_fields=["temi"])  # writes the ParentalManyToMany relation only

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            if create:
                self.save(update_fields=["tagged_items"])
