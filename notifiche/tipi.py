"""The kinds of notification, the ways a member can receive each, and the default of each kind.

A member chooses one `Canale` per kind on /notifiche/preferenze/ (a `Preferenza` row only where the
choice differs from the default). Every channel but "nessuno" shows the notification in the site
(the bell); "email" also sends it at once, "riepilogo" puts it in the weekly digest (when the member
has turned the digest on in the profile)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tipo(models.TextChoices):
    MENZIONE = "menzione", _("Menzioni nel forum")
    RISPOSTA = "risposta", _("Nuovi messaggi nelle discussioni che segui")
    REVISIONE = "revisione", _("Esito della revisione di ciò che proponi (pratiche, eventi)")
    ADOZIONE = "adozione", _("Adozioni delle tue pratiche da parte di altre zone")
    ISCRIZIONE = "iscrizione", _("Le tue iscrizioni agli eventi (conferma, lista d'attesa)")
    PROMEMORIA = "promemoria", _("Eventi a cui partecipi che stanno per iniziare")
    GRUPPO = "gruppo", _("Inviti e richieste nei gruppi di lavoro")
    NOVITA = "novita", _("Nuove pratiche ed eventi nelle zone e nei temi che segui")
    SALVATA = "salvata", _("Novità sulle pratiche che hai salvato")


class Canale(models.TextChoices):
    SITO = "sito", _("Solo nel sito")
    EMAIL = "email", _("Nel sito e subito per email")
    RIEPILOGO = "riepilogo", _("Nel sito e nel riepilogo settimanale")
    NESSUNO = "nessuno", _("Mai")


PREDEFINITI = {
    Tipo.MENZIONE: Canale.EMAIL,
    Tipo.RISPOSTA: Canale.EMAIL,
    Tipo.REVISIONE: Canale.EMAIL,
    Tipo.ADOZIONE: Canale.EMAIL,
    Tipo.ISCRIZIONE: Canale.EMAIL,
    Tipo.PROMEMORIA: Canale.EMAIL,
    Tipo.GRUPPO: Canale.EMAIL,
    # What is new in the followed zones and themes already has its place: the weekly digest.
    Tipo.NOVITA: Canale.RIEPILOGO,
    Tipo.SALVATA: Canale.SITO,
}
