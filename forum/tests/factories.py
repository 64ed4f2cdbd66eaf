import factory

from cop.tests.factories import OperatoreFactory
from forum import services
from forum.menzioni import rendi_messaggio
from forum.models import Categoria, Discussione, Messaggio


class CategoriaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Categoria
        django_get_or_create = ("slug",)

    nome = factory.Sequence(lambda n: f"Categoria {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")


class DiscussioneFactory(factory.django.DjangoModelFactory):
    """A topic with its first post, written directly (no rate limits): for set-ups, not for
    testing the services."""

    class Meta:
        model = Discussione
        skip_postgeneration_save = True

    categoria = factory.SubFactory(CategoriaFactory)
    titolo = factory.Sequence(lambda n: f"Come avete organizzato il tavolo {n}?")
    autore = factory.SubFactory(OperatoreFactory)

    @factory.post_generation
    def primo_messaggio(self, create, extracted, **kwargs):
        if create and extracted is not False:
            MessaggioFactory(discussione=self, autore=self.autore, testo=extracted or "Primo messaggio.")


class MessaggioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Messaggio
        skip_postgeneration_save = True

    discussione = factory.SubFactory(DiscussioneFactory, primo_messaggio=False)
    autore = factory.SubFactory(OperatoreFactory)
    testo = factory.Sequence(lambda n: f"Risposta numero {n}.")
    html = factory.LazyAttribute(lambda m: rendi_messaggio(m.testo))

    @factory.post_generation
    def ricalcola(self, create, extracted, **kwargs):
        if create:
            services._ricalcola(self.discussione)
