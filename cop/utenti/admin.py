"""The user form of the Wagtail admin: the one place where an editor sets a member's role (groups) and
zone-distretto, which confirms it (`services.conferma_zona`, logged in the profile's history).

An account created here has no password: the person gets an invitation with a link to choose one
(allauth's password reset from key), and following it proves the address (`signals.py`), so there is
no second verification email. Editors who are not administrators cannot make administrators or
change an administrator's account."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from cop import services
from cop.models import Profilo, Zona


class ZonaConfermataField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nome


class RuoloEZonaMixin(forms.Form):
    zona_confermata = ZonaConfermataField(
        label=_("Zona-distretto"),
        queryset=Zona.objects.none(),
        required=False,
        empty_label=_("Nessuna / fuori Toscana"),
    )

    # Passwords are chosen by the person through the invitation link, never typed by an editor.
    password_enabled = False

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        zona = self.fields["zona_confermata"]
        zona.queryset = Zona.objects.attuali().order_by("regione", "nome")
        profilo = Profilo.objects.filter(user_id=self.instance.pk).select_related("zona").first()
        aiuto = _(
            "La zona confermata dalla redazione: per un referente di zona è la zona che revisiona; per un "
            "operatore, quella per cui può dichiarare le adozioni. Salvando, la zona scelta è confermata."
        )
        if profilo is not None:
            zona.initial = profilo.zona_confermata_id
            if profilo.zona_in_attesa:
                aiuto = _(
                    "Il membro ha dichiarato «%(zona)s», in attesa di conferma: sceglila e salva per confermarla."
                ) % {"zona": profilo.zona.nome}
        zona.help_text = aiuto
        if editor is not None and not editor.is_superuser:
            self.fields.pop("is_superuser", None)

    def salva_zona(self, user):
        """After the user is saved: confirm the zone the editor chose (logged only when it changes)."""
        profilo, _creato = Profilo.objects.get_or_create(user=user)
        nuova = self.cleaned_data.get("zona_confermata")
        if profilo.zona_confermata_id != (nuova.pk if nuova else None):
            services.conferma_zona(profilo=profilo, zona=nuova, confermata_da=self.editor)


class CreaUtenteForm(RuoloEZonaMixin, UserCreationForm):
    pass


class ModificaUtenteForm(RuoloEZonaMixin, UserEditForm):
    pass


class _ConEditor:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}


class CreaUtenteView(_ConEditor, wagtail_users.CreateView):
    def save_instance(self):
        user = super().save_instance()
        self.form.salva_zona(user)
        services.invita_utente(user=user, invitato_da=self.request.user)
        return user


class ModificaUtenteView(_ConEditor, wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied

    def save_instance(self):
        user = super().save_instance()
        self.form.salva_zona(user)
        return user


class UtenteViewSet(wagtail_users.UserViewSet):
    add_view_class = CreaUtenteView
    edit_view_class = ModificaUtenteView
    create_template_name = "cop/utenti/create.html"
    edit_template_name = "cop/utenti/edit.html"

    def get_form_class(self, for_update=False):
        return ModificaUtenteForm if for_update else CreaUtenteForm
