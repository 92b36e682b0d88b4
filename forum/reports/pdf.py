"""The summary's PDF attachment: the headline figures and the report's main tables.

Drawn with fpdf2 (pure Python) in its built-in Helvetica, so no font files ship with
the site; that font covers Latin-1 only, so other characters print as "?". The
document follows the active language (the recipient's) when its words fit Latin-1;
for a language they don't fit (Chinese, Arabic) it is written in the site's default
language rather than as rows of question marks, until a font for them ships.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from forum.deflection.exports import percent
from forum.reports.summary import SummaryFigures, summary_title

TABLE_ROWS = 10
# Characters the report's own text uses that Latin-1 lacks, spelled in it instead.
PLAIN = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."})


def _latin1(text: object) -> str:
    return str(text).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def _fits_latin1(text: str) -> bool:
    try:
        text.translate(PLAIN).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def summary_pdf(figures: SummaryFigures, *, frequency: str, site_name: str) -> bytes:
    """The summary as a PDF document (bytes), in the active language if the
    built-in font can print it, else in the site's default language."""
    title = summary_title(figures, frequency=frequency)
    if _fits_latin1(title) and _fits_latin1(_("Headline figures")):
        return _summary_pdf(figures, title=title, site_name=site_name)
    with translation.override(settings.LANGUAGE_CODE):
        title = summary_title(figures, frequency=frequency)
        return _summary_pdf(figures, title=title, site_name=site_name)


def _summary_pdf(figures: SummaryFigures, *, title: str, site_name: str) -> bytes:
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
        _latin1(
            _("Compared with %(start)s to %(end)s.")
            % {
                "start": formats.date_format(previous.start, "DATE_FORMAT"),
                "end": formats.date_format(previous.end, "DATE_FORMAT"),
            }
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _table(
        pdf,
        _("Headline figures"),
        # Latin-1 has no arrows; the change's words carry its direction anyway.
        [_("Figure"), _("This period"), _("Change")],
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
        _("Top queries"),
        [_("Query"), _("Journeys"), _("Searches"), _("Deflection rate")],
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
        _("Zero-result queries"),
        [_("Query"), _("Journeys"), _("Zero-result searches")],
        [
            [row["query"], row["journeys"], row["zero_result_searches"]]
            for row in report["zero_result_queries"].rows[:TABLE_ROWS]
        ],
    )
    _table(
        pdf,
        _("Threads that deflected most"),
        [_("Thread"), _("Opened"), _("Deflected"), _("Confirmed")],
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
        pdf.cell(
            0, 6, _latin1(_("Nothing in this period.")), new_x="LMARGIN", new_y="NEXT"
        )
        return
    # The first column holds text (a figure's name, a query, a title): give it room.
    first = 2 if len(header) > 3 else 1.5
    widths = widths or (first, *([1] * (len(header) - 1)))
    with pdf.table(col_widths=widths, text_align="LEFT") as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(_latin1(cell))
