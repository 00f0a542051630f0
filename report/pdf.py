"""Write the report's PDF with ReportLab: cover, scorecard, four charts, notes on data quality.

ReportLab is pure Python from PyPI (no system libraries), draws tables and images, embeds its own
Bitstream Vera font (all Danish letters, en dash, ×, ÷, ≥), and with `invariant=1` writes the
same bytes for the same content (no creation date or random document id). The charts arrive as
PNG images (report.figures.render_png).
"""

from __future__ import annotations

import io
import math
import os
from datetime import date
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from report.data import NATIONAL_SCOPE, UNIT_DA, ReportData
from report.sheets import MINISTRY, NETWORK, date_da
from warehouse.reference import codes, labels

FONT = "Vera"
FONT_BOLD = "VeraBd"
MONO = "Courier"
MAX_FILES_ON_COVER = 30
MAX_QUARANTINE_ROWS = 18

STATUS_BG = {
    "achieved": "#cdeee2",
    "on_track": "#cdeee2",
    "close": "#fbe7bf",
    "at_risk": "#fbe7bf",
    "missed": "#f6d0bd",
    "behind": "#f6d0bd",
}
HEADER_BG = colors.HexColor("#1f4e79")
GOAL_BG = colors.HexColor("#e8eef5")
GRID = colors.HexColor("#b0b0b0")


def _register_fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((FONT, "Vera.ttf"), (FONT_BOLD, "VeraBd.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, os.fspath(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "small_num": ParagraphStyle(
            "small_num", parent=base, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9
        ),
        "num": ParagraphStyle("num", parent=base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=24, leading=30),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=17),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "caption": ParagraphStyle(
            "caption", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#404040")
        ),
    }


def _esc(text: object) -> str:
    """Text for a Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt_number(value: float | None, decimals: int = 0) -> str:
    """A number the Danish way: 1.234.567,5 (empty for no value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_kpi(value: float | None, unit: str, decimals: int) -> str:
    """A KPI value with its unit, in Danish notation."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "DKK":
        return f"{fmt_number(value, 0)} kr."
    if unit == "%":
        return f"{fmt_number(value, decimals)} %"
    return fmt_number(value, decimals)


def _table(rows: list[list], widths: list[float], styles: list | None = None, repeat: int = 1):
    table = Table(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, repeat - 1), HEADER_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(styles or []),
            ]
        )
    )
    return table


def _cover(data: ReportData, st: dict) -> list:
    run = data.load_run
    finished = run.get("finished_at")
    period_end = min(data.as_of, date(data.year, 12, 31))
    facts = [
        ("Netværk", f"{NETWORK}: " + ", ".join(labels("cluster").values())),
        ("Periode", f"1. januar {data.year} – 31. december {data.year}"),
        ("Opgjort pr.", date_da(data.as_of)),
        (
            "Talt til og med",
            date_da(period_end) if period_end.year == data.year else "intet (før årets start)",
        ),
        ("Genereret", data.generated_at.isoformat(sep=" ")),
        (
            "Datagrundlag",
            f"Indlæsning nr. {int(run['load_id'])}, afsluttet {finished:%Y-%m-%d %H:%M:%S}"
            if finished is not None
            else "",
        ),
        (
            "Rækker",
            f"{fmt_number(run['rows_read'])} læst, {fmt_number(run['rows_loaded'])} indlæst, "
            f"{fmt_number(run['rows_quarantined'])} i karantæne",
        ),
        ("Talte aktiviteter", fmt_number(len(data.activities))),
        ("Deltagende virksomheder", fmt_number(len(data.companies))),
    ]
    story = [
        Spacer(1, 1.5 * cm),
        Paragraph(_esc(NETWORK), st["title"]),
        Paragraph(f"Rapport for {data.year} til {_esc(MINISTRY)}", st["subtitle"]),
        Spacer(1, 0.8 * cm),
        _table(
            [
                [Paragraph(_esc(k), st["cell_bold"]), Paragraph(_esc(v), st["cell"])]
                for k, v in facts
            ],
            [4.5 * cm, 12.5 * cm],
            styles=[("BACKGROUND", (0, 0), (-1, -1), colors.white)],
            repeat=0,
        ),
        Spacer(1, 0.5 * cm),
    ]
    for note in data.notes:
        story.append(Paragraph(f"<b>Bemærk:</b> {_esc(note)}", st["base"]))
    files = data.load_files
    story.append(
        Paragraph(
            f"Indlæste filer og deres SHA-256-kontrolsum (indlæsning nr. {int(run['load_id'])})",
            st["h2"],
        )
    )
    rows = [[Paragraph(h, st["head"]) for h in ("Fil", "Rækker", "Karantæne", "SHA-256")]]
    mono = ParagraphStyle("mono", parent=st["small"], fontName=MONO, fontSize=6.2)
    for _, f in files.head(MAX_FILES_ON_COVER).iterrows():
        rows.append(
            [
                Paragraph(_esc(f["file_name"]), st["small"]),
                Paragraph(fmt_number(f["rows_read"]), st["small_num"]),
                Paragraph(fmt_number(f["rows_quarantined"]), st["small_num"]),
                Paragraph(_esc(f["sha256"]), mono),
            ]
        )
    story.append(_table(rows, [5.0 * cm, 1.4 * cm, 1.7 * cm, 8.9 * cm]))
    if len(files) > MAX_FILES_ON_COVER:
        story.append(
            Paragraph(
                f"… og {len(files) - MAX_FILES_ON_COVER} filer mere: se arket Forside i "
                "Excel-rapporten.",
                st["small"],
            )
        )
    story.append(PageBreak())
    return story


def _scorecard(data: ReportData, st: dict) -> list:
    kpis = data.kpis
    national = kpis[kpis["scope"] == NATIONAL_SCOPE]
    story = [
        Paragraph(f"Scorecard {data.year} – hele netværket", st["h1"]),
        Paragraph(
            f"Opgjort pr. {date_da(data.as_of)}. For et afsluttet år sammenlignes med målet "
            "(opfyldt ≥ 100 %, tæt på ≥ 75 %); i indeværende år sammenlignes antal og beløb med "
            "den forholdsmæssige forventning til datoen, procenter og forhold med målet "
            "(på sporet ≥ 95 %, i risiko ≥ 75 %).",
            st["caption"],
        ),
        Spacer(1, 0.2 * cm),
    ]
    head = ["Nøgletal", "Enhed", "Faktisk", "Mål", "Opfyldt", "Status"]
    rows = [[Paragraph(h, st["head"]) for h in head]]
    styles = []
    goal = None
    for _, k in national.iterrows():
        if k["goal"] != goal:
            goal = k["goal"]
            rows.append([Paragraph(_esc(_goal_title(k)), st["cell_bold"]), "", "", "", "", ""])
            styles += [
                ("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), GOAL_BG),
            ]
        decimals = _decimals(k)
        pct = k["achievement_pct"]
        rows.append(
            [
                Paragraph(_esc(k["name_da"]), st["cell"]),
                Paragraph(_esc(UNIT_DA.get(k["unit"], k["unit"])), st["cell"]),
                Paragraph(fmt_kpi(k["actual"], k["unit"], decimals), st["num"]),
                Paragraph(fmt_kpi(k["target"], k["unit"], decimals), st["num"]),
                Paragraph("" if pd_isna(pct) else f"{fmt_number(pct, 1)} %", st["num"]),
                Paragraph(_esc(k["status_da"]), st["cell_bold"]),
            ]
        )
        bg = STATUS_BG.get(k["status"])
        if bg:
            styles.append(
                ("BACKGROUND", (5, len(rows) - 1), (5, len(rows) - 1), colors.HexColor(bg))
            )
    story.append(_table(rows, [6.4 * cm, 1.4 * cm, 2.5 * cm, 2.5 * cm, 1.7 * cm, 2.5 * cm], styles))

    story.append(
        Paragraph(f"Nøgletal pr. klynge {data.year} (faktisk værdi; farve = status)", st["h2"])
    )
    clusters = list(codes("cluster"))
    head = ["Nøgletal", *clusters]
    rows = [[Paragraph(h, st["head"]) for h in head]]
    styles = []
    by_cluster = kpis[kpis["scope"] != NATIONAL_SCOPE].set_index(["kpi_id", "scope"])
    for i, (_, k) in enumerate(national.iterrows(), start=1):
        decimals = _decimals(k)
        line = [Paragraph(_esc(k["name_da"]), st["cell"])]
        for j, cluster in enumerate(clusters, start=1):
            if (k["kpi_id"], cluster) in by_cluster.index:
                c = by_cluster.loc[(k["kpi_id"], cluster)]
                text = fmt_kpi(c["actual"], c["unit"], decimals)
                bg = STATUS_BG.get(c["status"])
                if bg:
                    styles.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(bg)))
            else:
                text = ""
            line.append(Paragraph(text, st["num"]))
        rows.append(line)
    story.append(_table(rows, [7.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm], styles))
    story.append(Spacer(1, 0.15 * cm))
    story.append(
        Paragraph(
            "Grøn: opfyldt / på sporet. Gul: tæt på / i risiko. Rød: ikke opfyldt / bagud. "
            "Uden farve: intet mål eller ikke startet. "
            + ", ".join(f"{c} = {n}" for c, n in labels("cluster").items())
            + ". En aktivitet tælles hos sin ledende klynge.",
            st["caption"],
        )
    )
    story.append(PageBreak())
    return story


def pd_isna(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _decimals(kpi) -> int:
    return 0 if pd_isna(kpi["decimals"]) else int(kpi["decimals"])


def _goal_title(kpi) -> str:
    goal = str(kpi["goal"])
    prefix = f"Mål {goal}" if goal.isdigit() else goal
    return f"{prefix}: {kpi['goal_da']}"


def _charts(images: list[tuple[str, bytes]], st: dict) -> list:
    story = [Paragraph("Diagrammer", st["h1"])]
    max_width = 17 * cm
    max_height = 11.2 * cm
    for i, (caption, png) in enumerate(images):
        reader = ImageReader(io.BytesIO(png))
        w, h = reader.getSize()
        scale = min(max_width / w, max_height / h)
        image = Image(io.BytesIO(png), width=w * scale, height=h * scale)
        image.hAlign = "LEFT"
        story.append(
            KeepTogether([image, Spacer(1, 0.1 * cm), Paragraph(_esc(caption), st["caption"])])
        )
        story.append(Spacer(1, 0.4 * cm))
        if i % 2 == 1:
            story.append(PageBreak())
    return story


def _quality(data: ReportData, st: dict) -> list:
    run = data.load_run
    q = data.quarantine
    story = [
        Paragraph("Datakvalitet og opgørelsesregler", st["h1"]),
        Paragraph(
            f"Rapporten bygger på indlæsning nr. {int(run['load_id'])}: "
            f"{fmt_number(run['files'])} filer med {fmt_number(run['rows_read'])} rækker, hvoraf "
            f"{fmt_number(run['rows_quarantined'])} blev sat i karantæne. En række i karantæne "
            "brød en valideringsregel; den indgår ikke i nogen opgørelse, og det gør rækker, der "
            "henviser til den, heller ikke. Karantænen gælder hele indlæsningen (alle år).",
            st["base"],
        ),
        Spacer(1, 0.2 * cm),
    ]
    if q.empty:
        story.append(Paragraph("Ingen rækker blev sat i karantæne.", st["base"]))
    else:
        top = q.sort_values(["rows", "source_file", "rule"], ascending=[False, True, True])
        rows = [[Paragraph(h, st["head"]) for h in ("Fil", "Regel", "Rækker", "Første rækkenumre")]]
        for _, r in top.head(MAX_QUARANTINE_ROWS).iterrows():
            rows.append(
                [
                    Paragraph(_esc(r["source_file"]), st["small"]),
                    Paragraph(
                        _esc(r["rule_da"] or r["rule"]) + f" ({_esc(r['rule'])})", st["small"]
                    ),
                    Paragraph(fmt_number(r["rows"]), st["small"]),
                    Paragraph(_esc(r["first_rows"]), st["small"]),
                ]
            )
        story.append(_table(rows, [4.8 * cm, 6.6 * cm, 1.6 * cm, 4.0 * cm]))
        if len(q) > MAX_QUARANTINE_ROWS:
            story.append(
                Paragraph(
                    f"… og {len(q) - MAX_QUARANTINE_ROWS} kombinationer mere: se arket "
                    "Datakvalitet i Excel-rapporten.",
                    st["small"],
                )
            )
    notes = [
        "En aktivitet tælles i året, når den er gennemført, og dens startdato ligger i året og "
        "senest på opgørelsesdatoen.",
        "Daterede poster tælles fra periodens første dag: in-kind pr. måned, finansiering pr. "
        "kvartal (3. kvartal fra 1. juli), ansøgninger pr. indsendelsesdato.",
        "In-kind værdi = timer × timesats; en timesats over loftet "
        f"({fmt_number(run['rate_cap_dkk'])} kr.) sættes i karantæne og nedskrives aldrig.",
        "Klyngetal tilskriver en aktivitet (og alt, der hænger på den) til den ledende klynge; "
        "landstal tæller hver organisation én gang for hele netværket.",
        "Et nøgletal uden værdi (division med nul) vises som –, ikke som 0.",
        "Alle tal i rapporten kan spores til en linje i en indlæst fil: Excel-rapporten viser "
        "kildefil og rækkenummer for aktiviteterne, og Forside-arket kontrolsummen af hver fil.",
        f"Rapporten kan genskabes med: healthtech report --year {data.year} --as-of "
        f"{data.as_of.isoformat()}",
    ]
    story.append(Paragraph("Opgørelsesregler", st["h2"]))
    for note in notes:
        story.append(Paragraph("• " + _esc(note), st["base"]))
    return story


def write_pdf(data: ReportData, images: list[tuple[str, bytes]], path: Path) -> Path:
    """Write the PDF of `data` with the chart `images` [(caption, png)] to `path`."""
    _register_fonts()
    st = _styles()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#606060"))
        canvas.drawString(
            2 * cm, 1.2 * cm, f"{NETWORK} – rapport {data.year}, opgjort pr. {date_da(data.as_of)}"
        )
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Side {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        os.fspath(path),
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=2 * cm,
        title=f"{NETWORK} – rapport for {data.year}",
        author=NETWORK,
        subject=f"Resultater og medfinansiering til {MINISTRY}",
        creator="healthtech report",
        lang="da-DK",
        invariant=1,
    )
    story = _cover(data, st) + _scorecard(data, st) + _charts(images, st) + _quality(data, st)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
