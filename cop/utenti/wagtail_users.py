from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users admin with our user form: role and zone in one place, an invitation instead of a
    password typed by the editor (cop/utenti/admin.py)."""

    user_viewset = "cop.utenti.admin.UtenteViewSet"
