"""The certificate of attendance as a PDF (fpdf2), A4, with its number and public verification URL."""

from fpdf import FPDF

from cop.models import ImpostazioniSito


def _latin1(testo):
    """fpdf2's core fonts are Latin-1: Italian letters are there; typographic quotes are replaced."""
    sostituzioni = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    testo = str(testo)
    for carattere, sostituto in sostituzioni.items():
        testo = testo.replace(carattere, sostituto)
    return testo.encode("latin-1", "replace").decode("latin-1")


def pdf_attestato(attestato, *, url_verifica):
    ente = ImpostazioniSito.load().nome_ente or "Regione Toscana"
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Attestato di partecipazione n. {attestato.numero}"))
    pdf.set_author(_latin1(ente))
    pdf.set_creator("CoP Inclusione sociale")
    pdf.set_lang("it-IT")
    pdf.add_page()
    pdf.set_margins(25, 25, 25)
    pdf.set_y(30)

    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _latin1(ente), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, _latin1("Comunità di pratica sull'inclusione sociale"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(20)

    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 12, _latin1("Attestato di partecipazione"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, _latin1(f"n. {attestato.numero}"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(16)

    pdf.set_font("Helvetica", "", 13)
    pdf.multi_cell(0, 8, _latin1("Si attesta che"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 10, _latin1(attestato.nome_partecipante), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.multi_cell(0, 8, _latin1("ha partecipato all'evento"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 9, _latin1(f"«{attestato.titolo_evento}»"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.multi_cell(
        0,
        8,
        _latin1(f"che si è svolto il {attestato.data_evento}, per una durata di {attestato.durata}."),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(24)

    pdf.set_font("Helvetica", "", 10)
    emesso = attestato.emesso_il.strftime("%d/%m/%Y")
    pdf.multi_cell(0, 6, _latin1(f"Emesso il {emesso}."), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6,
        _latin1("Per verificare che questo attestato è autentico apri l'indirizzo:"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Courier", "", 9)
    pdf.multi_cell(0, 6, _latin1(url_verifica), link=url_verifica, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
