"""Builders shared by the tests of the groups' meetings and documents."""

from cop.tests.factories import OperatoreFactory
from gruppi.models import Appartenenza, Gruppo


def gruppo_con_persone(accesso, zona):
    """A group of `zona` with a member and a coordinator: (group, {"membro": ..., "coordinatore": ...})."""
    gruppo = Gruppo.objects.create(nome=f"Tavolo {accesso}", descrizione="Il tavolo.", accesso=accesso, zona=zona)
    membro, coordinatore = OperatoreFactory(), OperatoreFactory()
    Appartenenza.objects.create(gruppo=gruppo, user=membro)
    Appartenenza.objects.create(gruppo=gruppo, user=coordinatore, ruolo=Appartenenza.Ruolo.COORDINATORE)
    return gruppo, {"membro": membro, "coordinatore": coordinatore}
