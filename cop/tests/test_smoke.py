import pytest

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_28_current_zones(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le 28 zone-distretto della Toscana" in html
    assert "Aretina-Casentino-Valtiberina" not in html
    assert 'href="/zone/casentino/"' in html
