"""The number of queries of the category and topic pages does not grow with the data: the same
bound at the first, a middle and the last page, with small and large sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.tests.factories import OperatoreFactory
from forum.models import Discussione, Messaggio, Reazione
from forum.services import _ricalcola
from forum.views import DISCUSSIONI_PER_PAGINA, MESSAGGI_PER_PAGINA

from .factories import CategoriaFactory, DiscussioneFactory

pytestmark = pytest.mark.django_db

# Six of these are the base layout's (site, menu, site settings, view restrictions); for members the
# layout adds one more (the groups behind the personal-area links of the header, shared by every
# permission check of the page).
QUERY_CATEGORIA_ANONIMO = 8
# The topic page: +1 for the groups of the page's authors (their role beside each post).
QUERY_DISCUSSIONE_ANONIMO = 9
QUERY_CATEGORIA_MEMBRO = 17
QUERY_DISCUSSIONE_MEMBRO = 22


def _discussione_con(n, autori):
    d = DiscussioneFactory(primo_messaggio=False)
    messaggi = Messaggio.objects.bulk_create(
        [Messaggio(discussione=d, autore=autori[i % len(autori)], testo=f"m{i}", html=f"<p>m{i}</p>") for i in range(n)]
    )
    Messaggio.objects.filter(pk__in=[m.pk for m in messaggi[1::3]]).update(cita=messaggi[0])
    Reazione.objects.bulk_create([Reazione(messaggio=m, user=autori[0]) for m in messaggi[::2]])
    _ricalcola(d)
    return d


def _categoria_con(n, autori):
    categoria = CategoriaFactory()
    Discussione.objects.bulk_create(
        [
            Discussione(categoria=categoria, titolo=f"t{i}", autore=autori[i % len(autori)], fissata=i % 50 == 0)
            for i in range(n)
        ]
    )
    return categoria


def _conta(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("membro", [False, True])
def test_topic_page_queries_are_the_same_at_every_page_and_size(client, membro):
    autori = [OperatoreFactory() for _ in range(4)]
    if membro:
        client.force_login(OperatoreFactory())
    conteggi = set()
    for n in (MESSAGGI_PER_PAGINA * 2 + 3, MESSAGGI_PER_PAGINA * 8 + 1):
        d = _discussione_con(n, autori)
        ultima = (n - 1) // MESSAGGI_PER_PAGINA + 1
        for pagina in (1, ultima // 2 + 1, ultima):
            url = f"{d.get_absolute_url()}?page={pagina}"
            _conta(client, url)  # the first visit writes the read marker
            conteggi.add(_conta(client, url))
    assert len(conteggi) == 1, conteggi
    assert conteggi.pop() <= (QUERY_DISCUSSIONE_MEMBRO if membro else QUERY_DISCUSSIONE_ANONIMO)


@pytest.mark.parametrize("membro", [False, True])
def test_category_page_queries_are_the_same_at_every_page_and_size(client, membro, django_assert_max_num_queries):
    autori = [OperatoreFactory() for _ in range(4)]
    if membro:
        client.force_login(OperatoreFactory())
    conteggi = set()
    for n in (DISCUSSIONI_PER_PAGINA * 2 + 3, DISCUSSIONI_PER_PAGINA * 6 + 1):
        categoria = _categoria_con(n, autori)
        ultima = (n - 1) // DISCUSSIONI_PER_PAGINA + 1
        for pagina in (1, ultima // 2 + 1, ultima):
            url = f"{categoria.get_absolute_url()}?page={pagina}"
            _conta(client, url)
            conteggi.add(_conta(client, url))
    assert len(conteggi) == 1, conteggi
    with django_assert_max_num_queries(QUERY_CATEGORIA_MEMBRO if membro else QUERY_CATEGORIA_ANONIMO):
        client.get(categoria.get_absolute_url())


def test_topic_page_pinned_bound(client, django_assert_max_num_queries):
    d = _discussione_con(MESSAGGI_PER_PAGINA * 3, [OperatoreFactory()])
    client.get(d.get_absolute_url())
    with django_assert_max_num_queries(QUERY_DISCUSSIONE_ANONIMO):
        client.get(f"{d.get_absolute_url()}?page=2")


def test_index_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        DiscussioneFactory(categoria=CategoriaFactory())
    client.get("/forum/")
    with django_assert_max_num_queries(7):
        assert client.get("/forum/").status_code == 200
