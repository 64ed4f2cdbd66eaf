"""The promoters and partners written as free text before organisations existed became organisations, by
name and type, in the rows and in the page revisions (migration 0006). Transactional (it migrates): in a
module of its own, see conftest.py."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_free_text_partners_became_organisations_by_name_and_type_revisions_included():
    prima = [("buonepratiche", "0005_soggettocoinvolto_organizzazione")]
    dopo = [("buonepratiche", "0007_rimuovi_nome_e_tipo_dei_soggetti")]
    executor = MigrationExecutor(connection)
    executor.migrate([("buonepratiche", "0004_permessi_redattori")])
    try:
        executor.loader.build_graph()
        executor.migrate(prima)
        apps = executor.loader.project_state(prima).apps
        Soggetto = apps.get_model("buonepratiche", "SoggettoCoinvolto")
        Pratica = apps.get_model("buonepratiche", "BuonaPraticaPage")
        Zona = apps.get_model("cop", "Zona")
        Revision = apps.get_model("wagtailcore", "Revision")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Page = apps.get_model("wagtailcore", "Page")
        tipo_pagina, _creato = ContentType.objects.get_or_create(app_label="buonepratiche", model="buonapraticapage")
        radice = Page.objects.get(depth=1)
        fano, pisa = Zona.objects.create(nome="ATS 6 Fano", slug="ats6"), Zona.objects.create(nome="Pisana", slug="p")
        pratiche = []
        for i, zona in enumerate((fano, pisa, fano)):
            pratica = Pratica.objects.create(
                title=f"Pratica {i}",
                slug=f"pratica-{i}",
                path=f"{radice.path}{900 + i:04d}",
                depth=2,
                content_type=tipo_pagina,
                locale_id=radice.locale_id,
            )
            # A historical model has no modelcluster save: the row of the relation is written directly.
            Pratica.zone.through.objects.create(buonapraticapage_id=pratica.pk, zona_id=zona.pk)
            pratiche.append(pratica)
        Soggetto.objects.create(pratica=pratiche[0], nome="Comune di Fano", tipo="comune", ruolo="promotore")
        Soggetto.objects.create(pratica=pratiche[1], nome=" comune  di fano", tipo="comune", ruolo="partner")
        Soggetto.objects.create(pratica=pratiche[2], nome="Comune di Fano", tipo="altro", ruolo="partner")
        revisione = Revision.objects.create(
            content_type=tipo_pagina,
            base_content_type=tipo_pagina,
            object_id=str(pratiche[2].pk),
            created_at=timezone.now(),
            content={
                "soggetti": [{"pk": None, "nome": "Cooperativa in bozza", "tipo": "cooperativa", "ruolo": "partner"}]
            },
        )

        executor = MigrationExecutor(connection)
        executor.migrate(dopo)
        apps = executor.loader.project_state(dopo).apps
        Organizzazione_ = apps.get_model("cop", "Organizzazione")
        Soggetto = apps.get_model("buonepratiche", "SoggettoCoinvolto")
        Revision = apps.get_model("wagtailcore", "Revision")

        organizzazioni = {
            (o.nome, o.tipo): (o.stato, sorted(z.slug for z in o.zone.all()))
            for o in Organizzazione_.objects.prefetch_related("zone")
        }
        assert organizzazioni == {
            ("Comune di Fano", "comune"): ("pubblicata", ["ats6", "p"]),
            ("Comune di Fano", "altro"): ("pubblicata", ["ats6"]),
            ("Cooperativa in bozza", "cooperativa"): ("pubblicata", ["ats6"]),
        }
        assert sorted(
            (s.pratica_id, s.organizzazione.nome, s.organizzazione.tipo, s.ruolo)
            for s in Soggetto.objects.select_related("organizzazione")
        ) == [
            (pratiche[0].pk, "Comune di Fano", "comune", "promotore"),
            (pratiche[1].pk, "Comune di Fano", "comune", "partner"),
            (pratiche[2].pk, "Comune di Fano", "altro", "partner"),
        ]
        cooperativa = Organizzazione_.objects.get(nome="Cooperativa in bozza")
        assert Revision.objects.get(pk=revisione.pk).content["soggetti"][0]["organizzazione"] == cooperativa.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
