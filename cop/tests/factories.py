import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cop import roles
from cop.models import DichiarazioneAccessibilitaPage, PaginaSemplice, Profilo, Tema, Zona

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


class ProfiloFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profilo
        django_get_or_create = ("user",)

    user = factory.SubFactory(OperatoreFactory)
    ente = "Società della Salute Pisana"
    ruolo_professionale = Profilo.Ruolo.ASSISTENTE_SOCIALE


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
