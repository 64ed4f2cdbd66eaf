from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Gruppo


class GruppoViewSet(SnippetViewSet):
    """Editors create the groups here; members, requests and coordinators are managed on the group's page."""

    model = Gruppo
    icon = "group"
    menu_label = _("Gruppi di lavoro")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["nome", "zona", "accesso", "creato_il"]
    list_filter = ["accesso", "zona"]
    search_fields = ["nome", "descrizione"]
    ordering = ["nome"]


register_snippet(GruppoViewSet)


@hooks.register("after_create_snippet")
def ricorda_chi_ha_creato(request, instance):
    """Who created a group may appoint its coordinators (gruppi.permissions.can_appoint); the group gets
    its discussions in the forum."""
    if isinstance(instance, Gruppo):
        if instance.creato_da_id is None:
            Gruppo.objects.filter(pk=instance.pk).update(creato_da=request.user)
        from .services import assicura_discussioni

        assicura_discussioni(gruppo=instance)


@hooks.register("forum_categorie_riservate")
def categorie_dei_gruppi(user):
    """The forum's categories of the groups that `user` may not read or write in (forum/accesso.py)."""
    from .selectors import categorie_riservate

    return categorie_riservate(user)


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .riepilogo import novita_per_riepilogo

    return {"gruppi": novita_per_riepilogo}


@hooks.register("register_log_actions")
def azioni_dei_gruppi(actions):
    def _nome(dati):
        return (dati.get("persona") or {}).get("nome", "")

    messaggi = {
        "gruppi.entrato": (_("Entrata nel gruppo"), _("%(nome)s è entrato nel gruppo")),
        "gruppi.richiesta": (_("Richiesta di entrare"), _("%(nome)s ha chiesto di entrare")),
        "gruppi.accolto": (_("Richiesta accolta"), _("Richiesta di %(nome)s accolta")),
        "gruppi.respinto": (_("Richiesta respinta"), _("Richiesta di %(nome)s respinta")),
        "gruppi.uscito": (_("Uscita dal gruppo"), _("%(nome)s è uscito dal gruppo")),
        "gruppi.rimosso": (_("Tolto dal gruppo"), _("%(nome)s è stato tolto dal gruppo")),
        "gruppi.ruolo": (_("Ruolo cambiato"), _("Nuovo ruolo di %(nome)s")),
        "gruppi.invito_accettato": (_("Invito accettato"), _("%(nome)s ha accettato l'invito")),
    }
    for azione, (etichetta, modello) in messaggi.items():

        class Formato(LogFormatter):
            label = etichetta
            testo = modello

            def format_message(self, log_entry):
                return self.testo % {"nome": _nome(log_entry.data)}

        actions.register_action(azione)(Formato)

    @actions.register_action("gruppi.incontro")
    class IncontroScritto(LogFormatter):
        label = _("Incontro scritto")

        def format_message(self, log_entry):
            return _("Incontro «%(titolo)s» salvato") % {"titolo": log_entry.data.get("incontro", "")}

    @actions.register_action("gruppi.bisogno")
    class BisognoRegistrato(LogFormatter):
        label = _("Bisogno emerso registrato")

        def format_message(self, log_entry):
            return _("Bisogno emerso «%(titolo)s» registrato") % {"titolo": log_entry.data.get("bisogno", "")}

    @actions.register_action("gruppi.documento")
    class DocumentoCaricato(LogFormatter):
        label = _("Documento caricato")

        def format_message(self, log_entry):
            return _("Documento «%(titolo)s», versione %(numero)s") % {
                "titolo": log_entry.data.get("documento", ""),
                "numero": log_entry.data.get("versione", ""),
            }

    @actions.register_action("gruppi.invito")
    class Invito(LogFormatter):
        label = _("Invito inviato")

        def format_message(self, log_entry):
            return _("Invito inviato a %(email)s") % {"email": log_entry.data.get("email", "")}


@hooks.register("cop_area_personale", order=40)
def i_miei_gruppi(request):
    from django.urls import reverse

    return _("Gruppi di lavoro"), reverse("gruppi:elenco")


@hooks.register("cop_dati_utente")
def dati_utente(user):
    from .models import Appartenenza

    return {
        "gruppi": [
            {
                "gruppo": riga.gruppo.nome,
                "ruolo": riga.get_ruolo_display(),
                "stato": riga.get_stato_display(),
                "dal": riga.creata_il.isoformat(),
                "messaggio_della_richiesta": riga.messaggio,
            }
            for riga in Appartenenza.objects.filter(user=user).select_related("gruppo").order_by("pk")
        ]
    }
