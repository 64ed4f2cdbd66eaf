import factory

from cop.tests.factories import OperatoreFactory
from notifiche.models import Notifica
from notifiche.tipi import Tipo


class NotificaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notifica

    user = factory.SubFactory(OperatoreFactory)
    tipo = Tipo.RISPOSTA
    titolo = factory.Sequence(lambda n: f"Notifica di prova {n}")
    url = "/forum/"
