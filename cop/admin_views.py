"""Screens of the Wagtail admin that are not snippets or pages (registered in wagtail_hooks.py)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from . import esportazione_csv
from .models import ValutazionePagina


def _url_modifica_pagina(riga):
    return reverse("wagtailadmin_pages:edit", args=[riga["page_id"]])


class RiepilogoValutazioniView(ReportView):
    """Per page: how many answered "Quanto sono chiare le informazioni su questa pagina?", the
    average and how the votes are spread. Needs `cop.view_valutazionepagina` (Redattori regionali)."""

    model = ValutazionePagina
    permission_required = "view"
    page_title = _("Chiarezza delle pagine")
    header_icon = "pick"
    index_url_name = "cop_riepilogo_valutazioni"
    index_results_url_name = "cop_riepilogo_valutazioni_results"
    default_ordering = "-numero"
    paginate_by = 50
    no_results_message = _("Nessuna pagina è stata ancora valutata.")
    columns = [
        TitleColumn("page__title", label=_("Pagina"), get_url=_url_modifica_pagina, id_accessor="page_id"),
        Column("numero", label=_("Valutazioni"), sort_key="numero"),
        Column("media_testo", label=_("Media (1-5)"), sort_key="media"),
        *[Column(f"voto_{voto}", label=_("%(n)s ★") % {"n": voto}, sort_key=f"voto_{voto}") for voto in range(1, 6)],
    ]
    list_export = ["page__title", "page__url_path", "numero", "media", "voto_1", "voto_2", "voto_3", "voto_4", "voto_5"]
    export_headings = {
        "page__title": _("Pagina"),
        "page__url_path": _("Percorso"),
        "numero": _("Valutazioni"),
        "media": _("Media"),
        **{f"voto_{voto}": _("Voti da %(n)s stelle") % {"n": voto} for voto in range(1, 6)},
    }

    def get_base_queryset(self):
        return ValutazionePagina.objects.riepilogo_per_pagina()

    def preprocess_field_value(self, field, value, export_format):
        valore = super().preprocess_field_value(field, value, export_format)
        # Page titles come from members' proposals: the CSV is neutralised like every other.
        return esportazione_csv.cella(valore) if export_format == self.FORMAT_CSV else valore

    def get_filename(self):
        return f"valutazioni-pagine-{timezone.localdate().isoformat()}"

    def decorate_paginated_queryset(self, object_list):
        righe = list(object_list)
        for riga in righe:
            riga["media_testo"] = formats.number_format(riga["media"], 1)
        return righe
