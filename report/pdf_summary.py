"""Page 1 of the PDF: who, which year, as of when and on which load; remarks on the data; six
headline figures; the national scorecard by goal, tinted by status.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from report.data import NATIONAL_SCOPE, STATUS_DA, UNIT_DA, ReportData
from report.model import MINISTRY, NETWORK, date_da
from report.pdf_layout import TEXT_WIDTH, esc, goal_title, grid_table, kpi_decimals, status_style
from report.style import FONT, GOAL_BG, STATUS_ORDER, fmt_kpi, fmt_number, is_missing
from warehouse.reference import labels


def _headline_figures(data: ReportData, st: dict) -> Table:
    """The handful of figures a reader wants first, as tiles of 3 x 2."""
    national = data.kpis[data.kpis["scope"] == NATIONAL_SCOPE]
    c = data.cofinancing
    grant = data.grant
    allocated = float(grant["allocated_dkk"].sum()) if not grant.empty else 0.0
    spent = float(grant["spent_dkk"].sum()) if not grant.empty else 0.0
    smes = int(data.companies["is_sme"].fillna(False).astype(bool).sum())
    tally = national["status"].value_counts()
    status_line = ", ".join(
        f"{int(tally[s])} {STATUS_DA.get(s, s)}" for s in STATUS_ORDER if s in tally.index
    )
    utilisation = f" ({fmt_number(100 * spent / allocated, 1)} %)" if allocated else ""
    tiles = [
        (fmt_number(len(data.activities)), "talte aktiviteter (videnbro-aktiviteter)"),
        (
            fmt_number(len(data.companies)),
            f"deltagende virksomheder, heraf {fmt_number(smes)} SMV'er",
        ),
        (
            fmt_kpi(c["inkind_dkk"], "DKK", 0),
            f"in-kind fra alle organisationer, heraf {fmt_kpi(c['inkind_companies_dkk'], 'DKK', 0)}"
            " fra virksomheder",
        ),
        (
            fmt_kpi(spent, "DKK", 0),
            f"af ministeriets bevilling forbrugt, af {fmt_kpi(allocated, 'DKK', 0)} tildelt"
            f"{utilisation}",
        ),
        (
            fmt_kpi(c["ratio"], "ratio", 2),
            "medfinansieringsgrad: (in-kind + regional medfinansiering) ÷ ministeriets forbrug",
        ),
        (
            f"{len(national)} nøgletal",
            esc(status_line) if status_line else "ingen nøgletal",
        ),
    ]
    cells = [
        [Paragraph(esc(big), st["figure"]), Paragraph(esc(small), st["figure_label"])]
        for big, small in tiles
    ]
    width = TEXT_WIDTH / 3
    rows = [cells[0:3], cells[3:6]]
    table = Table(rows, colWidths=[width] * 3, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, -1), GOAL_BG),
                ("LINEAFTER", (0, 0), (1, -1), 2, colors.white),
                ("LINEBELOW", (0, 0), (-1, 0), 2, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _scorecard(data: ReportData, st: dict) -> Table:
    """The national scorecard by goal: actual, target, achievement and status in words."""
    national = data.kpis[data.kpis["scope"] == NATIONAL_SCOPE]
    head = ["Nøgletal", "Enhed", "Faktisk", "Mål", "Opfyldt", "Status"]
    rows = [[Paragraph(h, st["head"]) for h in head]]
    styles = []
    goal = None
    for _, k in national.iterrows():
        if k["goal"] != goal:
            goal = k["goal"]
            rows.append([Paragraph(esc(goal_title(k)), st["cell_bold"]), "", "", "", "", ""])
            styles += [
                ("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), GOAL_BG),
            ]
        decimals = kpi_decimals(k)
        pct = k["achievement_pct"]
        rows.append(
            [
                Paragraph(esc(k["name_da"]), st["cell"]),
                Paragraph(esc(UNIT_DA.get(k["unit"], k["unit"])), st["cell"]),
                Paragraph(fmt_kpi(k["actual"], k["unit"], decimals), st["num"]),
                Paragraph(fmt_kpi(k["target"], k["unit"], decimals), st["num"]),
                Paragraph("" if is_missing(pct) else f"{fmt_number(pct, 1)} %", st["num"]),
                Paragraph(esc(k["status_da"]), st["cell_bold"]),
            ]
        )
        styles += status_style(k["status"], 5, len(rows) - 1, stripe=True)
    return grid_table(rows, [6.4 * cm, 1.4 * cm, 2.5 * cm, 2.5 * cm, 1.7 * cm, 2.5 * cm], styles)


def summary_page(data: ReportData, st: dict) -> list:
    run = data.load_run
    period_end = min(data.as_of, date(data.year, 12, 31))
    facts = [
        ("Netværk", f"{NETWORK}: " + ", ".join(labels("cluster").values())),
        ("Rapportår", f"{data.year} (1. januar – 31. december {data.year})"),
        ("Opgjort pr.", date_da(data.as_of)),
        (
            "Talt til og med",
            date_da(period_end) if period_end.year == data.year else "intet (før årets start)",
        ),
        ("Genereret", data.generated_at.isoformat(sep=" ")),
        (
            "Datagrundlag",
            f"Indlæsning nr. {int(run['load_id'])} ({fmt_number(run['files'])} filer): "
            "se bilaget sidst i rapporten",
        ),
    ]
    story = [
        Paragraph(esc(NETWORK), st["title"]),
        Paragraph(f"Rapport for {data.year} til {esc(MINISTRY)}", st["subtitle"]),
        Spacer(1, 0.35 * cm),
        grid_table(
            [[Paragraph(esc(k), st["cell_bold"]), Paragraph(esc(v), st["cell"])] for k, v in facts],
            [3.2 * cm, TEXT_WIDTH - 3.2 * cm],
            styles=[("GRID", (0, 0), (-1, -1), 0, colors.white)],
            repeat=0,
        ),
    ]
    for note in data.notes:
        story.append(Paragraph(f"<b>Bemærk:</b> {esc(note)}", st["base"]))
    if not data.kpi_notes.empty:
        story.append(
            Paragraph(
                f"Styregruppens {fmt_number(len(data.kpi_notes))} bemærkninger og handlinger til "
                "nøgletallene står efter nøgletallene pr. klynge.",
                st["base"],
            )
        )
    story += [
        Spacer(1, 0.3 * cm),
        _headline_figures(data, st),
        Paragraph(f"Scorecard {data.year} – hele netværket", st["h2"]),
        _scorecard(data, st),
        Spacer(1, 0.12 * cm),
        Paragraph(
            f"Opgjort pr. {date_da(data.as_of)}. For et afsluttet år sammenlignes med målet "
            "(opfyldt ≥ 100 %, tæt på ≥ 75 %); i indeværende år sammenlignes antal og beløb med "
            "den forholdsmæssige forventning til datoen, procenter og forhold med målet "
            "(på sporet ≥ 95 %, i risiko ≥ 75 %). Grøn: opfyldt / på sporet. Gul: tæt på / i "
            "risiko. Rød: ikke opfyldt / bagud. Grå: ikke startet / intet mål.",
            st["caption"],
        ),
        PageBreak(),
    ]
    return story
