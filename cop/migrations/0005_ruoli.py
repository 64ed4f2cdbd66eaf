"""The three groups of the community and their permissions.

- Operatori: every verified sign-up. They work on the public site (propose, join, write);
  no Wagtail admin.
- Referenti di zona: Wagtail admin; add and edit pages (their edits go to review, they do
  not publish); use documents and images. Which practices they review is decided per zone
  by the moderation workflow.
- Redattori regionali: Wagtail admin; publish, lock and unlock every page; manage zones,
  themes, site settings, documents and images; read users' feedback.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATORI = "Operatori"
REFERENTI = "Referenti di zona"
REDATTORI = "Redattori regionali"

ADMIN = [("wagtailadmin", "admin", "access_admin")]
MODEL_PERMS = {
    REFERENTI: ADMIN,
    REDATTORI: ADMIN
    + [
        ("cop", "zona", "add_zona"),
        ("cop", "zona", "change_zona"),
        ("cop", "zona", "delete_zona"),
        ("cop", "tema", "add_tema"),
        ("cop", "tema", "change_tema"),
        ("cop", "tema", "delete_tema"),
        ("cop", "impostazionisito", "change_impostazionisito"),
        ("cop", "segnalazioneaccessibilita", "view_segnalazioneaccessibilita"),
        ("cop", "segnalazioneaccessibilita", "change_segnalazioneaccessibilita"),
        ("cop", "valutazionepagina", "view_valutazionepagina"),
    ],
}
PAGE_PERMS = {
    REFERENTI: ["add_page", "change_page"],
    REDATTORI: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMS = {
    REFERENTI: [("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
                ("wagtailimages", "add_image"), ("wagtailimages", "choose_image")],
    REDATTORI: [("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
                ("wagtaildocs", "choose_document"), ("wagtailimages", "add_image"),
                ("wagtailimages", "change_image"), ("wagtailimages", "choose_image")],
}


def crea_ruoli(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    home = Page.objects.get(depth=2, slug="home")
    root_collection = Collection.objects.get(depth=1)

    # Wagtail's default groups would be a second, unexplained set of roles.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()

    for nome in (OPERATORI, REFERENTI, REDATTORI):
        group, _ = Group.objects.get_or_create(name=nome)
        for app_label, model, codename in MODEL_PERMS.get(nome, []):
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
            )
        for codename in PAGE_PERMS.get(nome, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        for app_label, codename in COLLECTION_PERMS.get(nome, []):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )


def rimuovi_ruoli(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=[OPERATORI, REFERENTI, REDATTORI]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0004_zone_e_temi"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(crea_ruoli, rimuovi_ruoli)]
