"""The summary's PDF attachment: the headline figures and the report's main tables.

Drawn with fpdf2 (pure Python) in its built-in Helvetica, so no font files ship with
the site; that font covers Latin-1 only, so other characters print as "?".
"""

from __future__ import annotations

from fpdf import FPDF

from forum.deflection.exports import percent
from forum.reports.summary import SummaryFigures

TABLE_ROWS = 10
# Characters the report's own text uses that Latin-1 lacks, spelled in it instead.
PLAIN = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."})


def _latin1(text: object) -> str:
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def summary_pdf(figures: SummaryFigures, *, title: str, site_name: str) -> bytes:
    """The summary as a PDF document (bytes)."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author(_latin1(site_name))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    previous = figures.previous
    pdf.multi_cell(
        0,
        6,
        _latin1(f"Compared with {previous.start:%d %b %Y} to {previous.end:%d %b %Y}."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _table(
        pdf,
        "Headline figures",
        # Latin-1 has no arrows; the change's words carry its direction anyway.
        ["Figure", "This period", "Change"],
        [
            [figure.label, figure.display, figure.change_text]
            for figure in figures.figures
        ],
        # A change is a phrase ("up 12.5 points from 50%, better"): give it room.
        widths=(2, 1.2, 2.8),
    )
    report = figures.report
    _table(
        pdf,
        "Top queries",
        ["Query", "Journeys", "Searches", "Deflection rate"],
        [
            [
                row["query"],
                row["journeys"],
                row["searches"],
                percent(row["deflection_rate"]),
            ]
            for row in report["top_queries"].rows[:TABLE_ROWS]
        ],
    )
    _table(
        pdf,
        "Zero-result queries",
        ["Query", "Journeys", "Zero-result searches"],
        [
            [row["query"], row["journeys"], row["zero_result_searches"]]
            for row in report["zero_result_queries"].rows[:TABLE_ROWS]
        ],
    )
    _table(
        pdf,
        "Threads that deflected most",
        ["Thread", "Opened", "Deflected", "Confirmed"],
        [
            [row["title"], row["opened"], row["deflected"], row["confirmed"]]
            for row in report["deflecting_threads"][:TABLE_ROWS]
        ],
    )
    return bytes(pdf.output())


def _table(
    pdf: FPDF,
    heading: str,
    header: list[str],
    rows: list[list],
    *,
    widths: tuple | None = None,
) -> None:
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    if not rows:
        pdf.cell(0, 6, "Nothing in this period.", new_x="LMARGIN", new_y="NEXT")
        return
    # The first column holds text (a figure's name, a query, a title): give it room.
    first = 2 if len(header) > 3 else 1.5
    widths = widths or (first, *([1] * (len(header) - 1)))
    with pdf.table(col_widths=widths, text_align="LEFT") as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(_latin1(cell))
