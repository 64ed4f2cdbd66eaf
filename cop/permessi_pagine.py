"""Which pages a Referente di zona sees and edits in the Wagtail admin: the pages of the zone an
editor confirmed for them (practices, events, the zone's updates: models with `PaginaDiZona`), and,
to add new ones, the indexes that hold them (`IndiceDiZona`); what they added themselves. The rest
of the tree (home page, simple pages, other zones' pages) only as the way to get there.

The Referenti group keeps its page permissions on the home page (cop/migrations/0005_ruoli.py);
this permission policy, registered for every page model in `CopConfig.ready`, gives a referente
those same permissions on each page of their zone instead. Wagtail asks the page permission policy
everywhere it shows or changes a page (explorer, admin search, edit and preview, history, moving,
the permission tester behind every action button), so one rule covers them all; the page chooser,
which lists every page for links, gets `escludi_dal_selettore` through a hook (cop/wagtail_hooks.py).
The review workflow keeps its own check (`RevisioneReferenteTask`), which reads the same confirmed
zone."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import roles


class PaginaDiZona:
    """A page model that belongs to zones through its `zone` many-to-many field."""

    campo_zone = "zone"


class IndiceDiZona:
    """An index page under which a referente may add pages of their zone."""


def modelli_di_zona():
    return [model for model in get_page_models() if issubclass(model, PaginaDiZona)]


def modelli_indice():
    return [model for model in get_page_models() if issubclass(model, IndiceDiZona)]


def limitato_alla_zona(user):
    """A Referente di zona who is not also an editor: their page rights follow their confirmed zone."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and roles.is_referente(user)
        and not roles.is_redattore(user)
    )


def pagine_della_zona(zona_id):
    """The pages (any state) of the zone `zona_id`, as a Page queryset."""
    if zona_id is None:
        return Page.objects.none()
    ids = Q()
    for model in modelli_di_zona():
        ids |= Q(pk__in=model.objects.filter(**{model.campo_zone: zona_id}).values("pk"))
    return Page.objects.filter(ids) if ids else Page.objects.none()


@dataclass(frozen=True)
class PermessoDiZona:
    """A group page permission as it applies to one page of the referente's zone (it has the
    attributes Wagtail reads from a GroupPagePermission)."""

    page: Page
    permission: Permission
    di_zona: bool = True  # False: an index page (add only)

    @property
    def page_id(self):
        return self.page.pk

    @property
    def permission_id(self):
        return self.permission.pk


def _percorsi_antenati(path, steplen):
    return [path[:i] for i in range(steplen, len(path), steplen)]


class PermessiPaginePerZona(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        reali = super().get_all_permissions_for_user(user)
        if not limitato_alla_zona(user):
            return reali
        from .models import zona_confermata_id

        reali = list(reali)
        if not reali:
            return []
        pagine = list(pagine_della_zona(zona_confermata_id(user)).only("pk", "path", "depth", "owner_id"))
        indici = list(Page.objects.type(*modelli_indice()).only("pk", "path", "depth", "owner_id"))
        aggiungi = self._get_permission_codename("add")
        permessi = []
        for perm in reali:
            radice = perm.page.path
            permessi.extend(PermessoDiZona(p, perm.permission) for p in pagine if p.path.startswith(radice))
            if perm.permission.codename == aggiungi:
                permessi.extend(
                    PermessoDiZona(p, perm.permission, di_zona=False) for p in indici if p.path.startswith(radice)
                )
        return permessi

    def instances_user_has_any_permission_for(self, user, actions):
        if not limitato_alla_zona(user):
            return super().instances_user_has_any_permission_for(user, actions)
        actions = set(actions)
        codenames = self._get_permission_codenames(actions)
        condizione = Q(pk__in=[])
        for perm in self.get_cached_permissions_for_user(user):
            if perm.di_zona:
                # a page of the zone (it has no subpages): the page alone
                if perm.permission.codename in codenames:
                    condizione |= Q(pk=perm.page.pk)
                continue
            # An index: adding under it, and changing what they themselves added there. Unlike
            # Wagtail's default, "add" on the index does not open the other pages under it.
            if perm.permission.codename in codenames:
                condizione |= Q(pk=perm.page.pk)
            if "change" in actions:
                condizione |= Q(path__startswith=perm.page.path, owner=user)
        return self.model._default_manager.filter(condizione)

    def explorable_instances(self, user):
        if not limitato_alla_zona(user):
            return super().explorable_instances(user)
        pagine_permesso = [perm.page for perm in self.get_cached_permissions_for_user(user)]
        if not pagine_permesso:
            return self.model._default_manager.none()
        esplorabili = self.instances_user_has_any_permission_for(
            user, {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
        )
        steplen = Page.steplen
        antenati = {percorso for p in pagine_permesso for percorso in _percorsi_antenati(p.path, steplen)}
        comune = pagine_permesso[0].path
        for pagina in pagine_permesso[1:]:
            while not pagina.path.startswith(comune):
                comune = comune[:-steplen]
        return self.model._default_manager.filter(
            Q(pk__in=esplorabili.values("pk")) | Q(path__in=antenati), path__startswith=comune
        )


def escludi_dal_selettore(pages, user):
    """The page chooser lists every page for links: a referente does not see there the pages of other
    zones that are not published (drafts, proposals under review)."""
    if not limitato_alla_zona(user):
        return pages
    from .models import zona_confermata_id

    tipi = ContentType.objects.get_for_models(*modelli_di_zona()).values()
    return pages.exclude(
        Q(content_type__in=list(tipi), live=False) & ~Q(pk__in=pagine_della_zona(zona_confermata_id(user)).values("pk"))
    )
