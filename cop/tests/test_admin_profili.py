import pytest
from django.urls import reverse

from cop.models import Profilo, Zona
from cop.tests.factories import ProfiloFactory, ReferenteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_sets_the_zone_of_a_referente_in_the_admin(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    profilo = ProfiloFactory(user=ReferenteFactory(first_name="Marta", last_name="Neri"))
    casentino = Zona.objects.get(slug="casentino")
    client.force_login(admin)

    listing = client.get(reverse("wagtailsnippets_cop_profilo:list"))
    assert listing.status_code == 200
    assert "Marta Neri" in listing.content.decode()

    response = client.post(
        reverse("wagtailsnippets_cop_profilo:edit", args=[profilo.pk]),
        {"ente": "Unione dei Comuni del Casentino", "ruolo_professionale": "responsabile", "zona": casentino.pk},
    )
    assert response.status_code == 302
    profilo = Profilo.objects.get(pk=profilo.pk)
    assert (profilo.zona, profilo.ente) == (casentino, "Unione dei Comuni del Casentino")
