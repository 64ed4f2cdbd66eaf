"""Working groups benchmark: one group with 500 members, 200 meetings, 2,000 documents and 5,000 posts.

    .venv/bin/python bench/gruppi.py [--ripetizioni 30]

Builds a throw-away test database (settings cop.settings.test; DATABASE_URL for PostgreSQL), then
renders the group's page, its meetings, its documents, its discussions in the forum and a meeting, as
a visitor, a member and a coordinator, and prints median and p95 render time and the query count.
Targets (those of the other listings): median <= 60 ms, p95 <= 150 ms."""

import argparse
import gc
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.misure import database_di_prova, misura  # noqa: E402

N_MEMBRI = 500
N_INCONTRI = 200
N_DOCUMENTI = 2_000
N_DISCUSSIONI, MESSAGGI_PER_DISCUSSIONE = 100, 50


def prepara():
    from django.utils import timezone

    from cop.tests.factories import OperatoreFactory, OrganizzazioneFactory
    from forum.menzioni import rendi_messaggio
    from forum.models import Discussione, Messaggio
    from forum.services import _ricalcola
    from gruppi.models import Appartenenza, BisognoEmerso, DocumentoGruppo, Gruppo, Incontro, VersioneDocumento
    from gruppi.services import assicura_discussioni

    adesso = timezone.now()
    gruppo = Gruppo.objects.create(nome="Tavolo grande", descrizione="Un tavolo molto partecipato.", accesso="aperto")
    gruppo.organizzazioni.set([OrganizzazioneFactory(nome=f"Ente {i}") for i in range(30)])
    categoria = assicura_discussioni(gruppo=gruppo)
    persone = [OperatoreFactory(username=f"bench{i}") for i in range(N_MEMBRI + 50)]
    Appartenenza.objects.bulk_create(
        [
            Appartenenza(
                gruppo=gruppo,
                user=p,
                ruolo="coordinatore" if i < 3 else "membro",
                stato="attiva" if i < N_MEMBRI else "richiesta",
            )
            for i, p in enumerate(persone)
        ]
    )
    incontri = Incontro.objects.bulk_create(
        [
            Incontro(
                gruppo=gruppo,
                titolo=f"Incontro {i}",
                inizio=adesso + timedelta(days=i - N_INCONTRI + 10),
                verbale="Presenti tutti. " * 40,
                decisioni="- una decisione\n- un'altra",
            )
            for i in range(N_INCONTRI)
        ]
    )
    BisognoEmerso.objects.bulk_create(
        [
            BisognoEmerso(incontro=inc, titolo=f"Bisogno {k}", descrizione="Un bisogno.")
            for inc in incontri
            for k in (1, 2)
        ]
    )
    documenti = DocumentoGruppo.objects.bulk_create(
        [DocumentoGruppo(gruppo=gruppo, titolo=f"Documento {i}") for i in range(N_DOCUMENTI)], batch_size=1000
    )
    VersioneDocumento.objects.bulk_create(
        [
            VersioneDocumento(documento=d, numero=n, file=f"finto/{d.pk}-{n}.pdf", nome_file="x.pdf", dimensione=1000)
            for d in documenti
            for n in ((1, 2) if d.pk % 3 == 0 else (1,))
        ],
        batch_size=2000,
    )
    html = rendi_messaggio("Un messaggio del tavolo, con **grassetto** e un elenco:\n\n- uno\n- due")
    discussioni = Discussione.objects.bulk_create(
        [
            Discussione(categoria=categoria, titolo=f"Discussione {i}", autore=persone[i % 20])
            for i in range(N_DISCUSSIONI)
        ]
    )
    Messaggio.objects.bulk_create(
        [
            Messaggio(discussione=d, autore=persone[k % 20], testo="x", html=html)
            for d in discussioni
            for k in range(MESSAGGI_PER_DISCUSSIONE)
        ],
        batch_size=2000,
    )
    for d in discussioni:
        _ricalcola(d)
    return gruppo, incontri[N_INCONTRI // 2], {"membro": persone[10], "coordinatore": persone[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    with database_di_prova():
        from django.urls import reverse

        gruppo, incontro, persone = prepara()
        pagine = [
            ("pagina del gruppo", gruppo.get_absolute_url(), {"anonimo", "membro", "coordinatore"}),
            ("incontri", reverse("gruppi:incontri", args=[gruppo.slug]), {"anonimo", "membro", "coordinatore"}),
            ("un incontro", incontro.get_absolute_url(), {"anonimo", "membro", "coordinatore"}),
            ("documenti", reverse("gruppi:documenti", args=[gruppo.slug]), {"membro", "coordinatore"}),
            ("discussioni (forum)", gruppo.categoria.get_absolute_url(), {"anonimo", "membro"}),
            ("indice del forum", reverse("forum:indice"), {"anonimo", "membro"}),
        ]
        print(f"{connection.vendor}, {args.ripetizioni} ripetizioni per pagina, load average {os.getloadavg()[0]:.2f}")
        print(f"{'pagina':<44}{'mediana ms':>12}{'p95 ms':>10}{'query':>8}")
        gc.collect()
        gc.freeze()  # as a web worker (cop/wsgi.py)
        esito = True
        for chi in ("anonimo", "membro", "coordinatore"):
            client = Client()
            if chi != "anonimo":
                client.force_login(persone[chi])
            for nome, url, per in pagine:
                if chi not in per:
                    continue
                mediana, p95, query = misura(client, url, args.ripetizioni)
                esito &= mediana <= 60 and p95 <= 150
                print(f"{chi + ' · ' + nome:<44}{mediana:>12.1f}{p95:>10.1f}{query:>8}")
        print("obiettivi rispettati" if esito else "OBIETTIVI NON RISPETTATI (mediana <= 60 ms, p95 <= 150 ms)")


if __name__ == "__main__":
    main()
