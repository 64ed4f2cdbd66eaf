"""Small, idempotent creation helpers shared by `seed_demo`, `crea_admin` and the tests.

They use only Django and Wagtail (not factory_boy), so the demo can be built where only
requirements.txt is installed."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.rich_text import RichText

from cop.models import HomePageInEvidenza, Profilo


def sezioni(voci):
    """`SezioneBlock` content from (block type, value) pairs; "testo" values are rich text HTML."""
    return [(tipo, RichText(valore) if tipo == "testo" else valore) for tipo, valore in voci]


@transaction.atomic
def pagina_figlia(*, parent, model, slug, **campi):
    """The live child page of `parent` with this slug, created and published if missing.

    Returns (page, created). An existing page is left as it is: editors may have changed it.
    A page type allowed once per site (`max_count = 1`) is found whatever its slug."""
    if getattr(model, "max_count", None) == 1:
        esistente = model.objects.first()
    else:
        esistente = parent.get_children().filter(slug=slug).first()
    if esistente is not None:
        return esistente.specific, False
    if "body" in campi and isinstance(campi["body"], list):
        campi["body"] = sezioni(campi["body"])
    page = model(slug=slug, **campi)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk), True


@transaction.atomic
def metti_in_evidenza(*, home, voci):
    """Add the (page, etichetta, descrizione) items missing from the home page's "In evidenza" and
    publish the home page once, only if something changed. Returns the number of items added."""
    home = home.specific
    gia_presenti = set(home.in_evidenza.values_list("page_id", flat=True))
    nuove = [(page, etichetta, descrizione) for page, etichetta, descrizione in voci if page.pk not in gia_presenti]
    if not nuove:
        return 0
    for page, etichetta, descrizione in nuove:
        home.in_evidenza.add(HomePageInEvidenza(page=page, etichetta=etichetta, descrizione=descrizione))
    home.save_revision().publish()
    return len(nuove)


@transaction.atomic
def utente(*, email, first_name="", last_name="", password=None, gruppi=(), is_superuser=False):
    """The user with this email (the login of the site), created if missing, with a verified primary
    email address and the given groups. Returns (user, created); an existing password is kept."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    creato = user is None
    if creato:
        user = User(username=_username_libero(email), email=email, first_name=first_name, last_name=last_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    if is_superuser:
        user.is_superuser = True
        user.is_staff = True
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=email, defaults={"email": email, "verified": True, "primary": True}
    )
    for nome in gruppi:
        user.groups.add(Group.objects.get(name=nome))
    Profilo.objects.get_or_create(user_id=user.pk)  # as every account with a role has one (attiva_operatore)
    return user, creato


def _username_libero(email):
    User = get_user_model()
    base = email.split("@", 1)[0][:140] or "utente"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@transaction.atomic
def aggiornamento(*, indice, slug, temi, zone=(), etichette=(), **campi):
    """The live update ("Aggiornamento") under `indice` with this slug, created and published if missing,
    with its themes, zones and tags. Returns (page, created); an existing page is left as editors left it."""
    from cop.models import AggiornamentoPage

    esistente = indice.get_children().filter(slug=slug).first()
    if esistente is not None:
        return esistente.specific, False
    page = AggiornamentoPage(slug=slug, temi=list(temi), zone=list(zone), **campi)
    if etichette:
        page.tags.add(*etichette)
    indice.add_child(instance=page)
    page.save_revision().publish()
    return AggiornamentoPage.objects.get(pk=page.pk), True
