"""Write the report's PDF with ReportLab: a summary page, the KPIs per cluster, four vector charts,
the counting rules, and the data basis (files, SHA-256, rows, quarantine) as an appendix.

ReportLab is pure Python from PyPI (no system libraries, no external program). Text is set in
the Vera font shipped inside the reportlab package and embedded in the file, the charts are
ReportLab drawings (report.figures), and with `invariant=1` the same content gives the same bytes
(no creation date or random document id).
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from report.data import NATIONAL_SCOPE, STATUS_DA, UNIT_DA, ReportData
from report.sheets import MINISTRY, NETWORK, date_da
from report.style import (
    FONT,
    FONT_BOLD,
    GOAL_BG,
    HEADER_BG,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_TINTS,
    TABLE_GRID,
    fmt_kpi,
    fmt_number,
    is_missing,
    register_fonts,
)
from warehouse.reference import codes, labels

MAX_FILES_IN_APPENDIX = 40
MAX_QUARANTINE_ROWS = 18
TEXT_WIDTH = A4[0] - 4 * cm


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "small_num": ParagraphStyle(
            "small_num", parent=base, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        # a SHA-256 (64 hex digits) fits one line of the appendix's file table at 5.8 pt
        "hash": ParagraphStyle("hash", parent=base, fontSize=5.8, leading=9.5),
        "file": ParagraphStyle("file", parent=base, fontSize=7, leading=9.5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=7.5, leading=9
        ),
        "num": ParagraphStyle("num", parent=base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle(
            "head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=27),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, leading=16),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=FONT_BOLD, fontSize=14, leading=17
        ),
        "figure_label": ParagraphStyle("figure_label", parent=base, fontSize=7.5, leading=9.5),
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


def _table(rows: list[list], widths: list[float], styles: list | None = None, repeat: int = 1):
    table = Table(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *([("BACKGROUND", (0, 0), (-1, repeat - 1), HEADER_BG)] if repeat else []),
                ("FONT", (0, 0), (-1, -1), FONT),  # never ReportLab's default Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.25, TABLE_GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(styles or []),
            ]
        )
    )
    return table


def _decimals(kpi) -> int:
    return 0 if is_missing(kpi["decimals"]) else int(kpi["decimals"])


def _goal_title(kpi) -> str:
    goal = str(kpi["goal"])
    prefix = f"Mål {goal}" if goal.isdigit() else goal
    return f"{prefix}: {kpi['goal_da']}"


def _status_style(status: str, col: int, row: int, stripe: bool = False) -> list:
    """A status cell's tint, and with `stripe` a bar on its left in the charts' status colour."""
    styles = []
    tint = STATUS_TINTS.get(status)
    if tint:
        styles.append(("BACKGROUND", (col, row), (col, row), colors.HexColor(tint)))
    if stripe and status in STATUS_COLOURS:
        colour = colors.HexColor(STATUS_COLOURS[status])
        styles.append(("LINEBEFORE", (col, row), (col, row), 3, colour))
    return styles


# --------------------------------------------------------------------------------------------
# Page 1: the summary
# --------------------------------------------------------------------------------------------


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
            _esc(status_line) if status_line else "ingen nøgletal",
        ),
    ]
    cells = [
        [Paragraph(_esc(big), st["figure"]), Paragraph(_esc(small), st["figure_label"])]
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
                Paragraph("" if is_missing(pct) else f"{fmt_number(pct, 1)} %", st["num"]),
                Paragraph(_esc(k["status_da"]), st["cell_bold"]),
            ]
        )
        styles += _status_style(k["status"], 5, len(rows) - 1, stripe=True)
    return _table(rows, [6.4 * cm, 1.4 * cm, 2.5 * cm, 2.5 * cm, 1.7 * cm, 2.5 * cm], styles)


def _summary(data: ReportData, st: dict) -> list:
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
        Paragraph(_esc(NETWORK), st["title"]),
        Paragraph(f"Rapport for {data.year} til {_esc(MINISTRY)}", st["subtitle"]),
        Spacer(1, 0.35 * cm),
        _table(
            [
                [Paragraph(_esc(k), st["cell_bold"]), Paragraph(_esc(v), st["cell"])]
                for k, v in facts
            ],
            [3.2 * cm, TEXT_WIDTH - 3.2 * cm],
            styles=[("GRID", (0, 0), (-1, -1), 0, colors.white)],
            repeat=0,
        ),
    ]
    for note in data.notes:
        story.append(Paragraph(f"<b>Bemærk:</b> {_esc(note)}", st["base"]))
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


# --------------------------------------------------------------------------------------------
# The KPIs per cluster, the charts, the counting rules
# --------------------------------------------------------------------------------------------


def _clusters(data: ReportData, st: dict) -> list:
    kpis = data.kpis
    national = kpis[kpis["scope"] == NATIONAL_SCOPE]
    clusters = list(codes("cluster"))
    rows = [[Paragraph(h, st["head"]) for h in ["Nøgletal", *clusters]]]
    styles = []
    by_cluster = kpis[kpis["scope"] != NATIONAL_SCOPE].set_index(["kpi_id", "scope"])
    for i, (_, k) in enumerate(national.iterrows(), start=1):
        decimals = _decimals(k)
        line = [Paragraph(_esc(k["name_da"]), st["cell"])]
        for j, cluster in enumerate(clusters, start=1):
            text = ""
            if (k["kpi_id"], cluster) in by_cluster.index:
                c = by_cluster.loc[(k["kpi_id"], cluster)]
                text = fmt_kpi(c["actual"], c["unit"], decimals)
                styles += _status_style(c["status"], j, i)
            line.append(Paragraph(text, st["num"]))
        rows.append(line)
    return [
        Paragraph(f"Nøgletal pr. klynge {data.year}", st["h1"]),
        Paragraph(
            "Faktisk værdi; baggrundsfarven viser status mod klyngens mål (grøn: opfyldt / på "
            "sporet, gul: tæt på / i risiko, rød: ikke opfyldt / bagud, hvid: intet mål eller "
            "ikke startet). En aktivitet tælles hos sin ledende klynge. "
            + ", ".join(f"{c} = {n}" for c, n in labels("cluster").items())
            + ".",
            st["caption"],
        ),
        Spacer(1, 0.15 * cm),
        _table(rows, [7.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm], styles),
        Spacer(1, 0.5 * cm),
    ]


def _kpi_notes(data: ReportData, st: dict) -> list:
    """Each KPI that has notes, with its status, and under it every note (text, action, owner,
    due date, author and date): the deviation explanations the ministry's report expects."""
    notes = data.kpi_notes
    story = [Paragraph(f"Bemærkninger og handlinger {data.year}", st["h1"])]
    if notes.empty:
        story.append(Paragraph(f"Ingen bemærkninger til nøgletallene for {data.year}.", st["base"]))
        return story + [Spacer(1, 0.5 * cm)]
    national = data.kpis[data.kpis["scope"] == NATIONAL_SCOPE].set_index("kpi_id")
    names = labels("cluster")
    scope_rank = {NATIONAL_SCOPE: 0} | {c: i + 1 for i, c in enumerate(names)}
    for kpi_id in national.index:
        mine = notes[notes["kpi_id"] == kpi_id]
        if mine.empty:
            continue
        k = national.loc[kpi_id]
        decimals = _decimals(k)
        story.append(
            Paragraph(
                f"{_esc(k['name_da'])}: {fmt_kpi(k['actual'], k['unit'], decimals)} "
                f"({_esc(k['status_da'])})",
                st["h2"],
            )
        )
        ordered = sorted(mine.itertuples(), key=lambda n: (scope_rank.get(n.scope, 99), n.note_id))
        for n in ordered:
            scope = "Hele netværket" if n.scope == NATIONAL_SCOPE else names.get(n.scope, n.scope)
            story.append(
                Paragraph(
                    f"<b>{_esc(scope)}:</b> " + _esc(n.text).replace("\n", "<br/>"), st["base"]
                )
            )
            action = []
            if n.action:
                action.append(f"Handling: {_esc(n.action)}")
            if n.owner:
                action.append(f"ansvarlig {_esc(n.owner)}")
            if n.due:
                action.append(f"frist {date_da(date.fromisoformat(n.due))}")
            if action:
                story.append(Paragraph(", ".join(action), st["base"]))
            edited = datetime.fromisoformat(n.edited_at).date()
            version = f", version {n.version}" if n.version > 1 else ""
            story.append(
                Paragraph(
                    f"Skrevet af {_esc(n.edited_by)}, {date_da(edited)}{version} "
                    f"(bemærkning nr. {n.note_id})",
                    st["caption"],
                )
            )
            story.append(Spacer(1, 0.15 * cm))
    return story + [Spacer(1, 0.4 * cm)]


def _charts(charts: list[tuple[str, Drawing]], st: dict) -> list:
    story = [Paragraph("Diagrammer", st["h1"])]
    for caption, drawing in charts:
        drawing.hAlign = "LEFT"
        story.append(
            KeepTogether([drawing, Spacer(1, 0.12 * cm), Paragraph(_esc(caption), st["caption"])])
        )
        story.append(Spacer(1, 0.5 * cm))
    return story


def _rules(data: ReportData, st: dict) -> list:
    rate_cap = data.load_run["rate_cap_dkk"]
    notes = [
        "En aktivitet tælles i året, når den er gennemført, og dens startdato ligger i året og "
        "senest på opgørelsesdatoen.",
        "Daterede poster tælles fra periodens første dag: in-kind pr. måned, finansiering pr. "
        "kvartal (3. kvartal fra 1. juli), ansøgninger pr. indsendelsesdato.",
        "In-kind værdi = timer × timesats; en timesats over loftet "
        f"({fmt_number(rate_cap)} kr.) sættes i karantæne og nedskrives aldrig.",
        "Klyngetal tilskriver en aktivitet (og alt, der hænger på den) til den ledende klynge; "
        "landstal tæller hver organisation én gang for hele netværket.",
        "Rækker i karantæne og rækker, der henviser til dem, indgår ikke i nogen opgørelse.",
        "Et nøgletal uden værdi (division med nul) vises som –, ikke som 0.",
        "Alle tal i rapporten kan spores til en linje i en indlæst fil: Excel-rapporten viser "
        "kildefil og rækkenummer for aktiviteterne, og bilaget kontrolsummen af hver fil.",
        f"Rapporten kan genskabes med: healthtech report --year {data.year} --as-of "
        f"{data.as_of.isoformat()}",
    ]
    story = [CondPageBreak(3 * cm), Paragraph("Opgørelsesregler", st["h1"])]
    story += [Paragraph("• " + _esc(note), st["base"]) for note in notes]
    return story


# --------------------------------------------------------------------------------------------
# Appendix: the data basis
# --------------------------------------------------------------------------------------------


def _appendix(data: ReportData, st: dict) -> list:
    run = data.load_run
    finished = run.get("finished_at")
    facts = [
        ("Indlæsning nr.", str(int(run["load_id"]))),
        ("Afsluttet", f"{finished:%Y-%m-%d %H:%M:%S}" if finished is not None else ""),
        ("Indlæst fra mappe", str(run.get("input_dir") or "")),
        (
            "Rækker",
            f"{fmt_number(run['rows_read'])} læst, {fmt_number(run['rows_loaded'])} indlæst, "
            f"{fmt_number(run['rows_quarantined'])} i karantæne",
        ),
        ("Loft for timesats", f"{fmt_number(run['rate_cap_dkk'])} kr."),
    ]
    story = [
        PageBreak(),
        Paragraph("Bilag: Datagrundlag og datakvalitet", st["h1"]),
        Paragraph(
            f"Rapporten bygger på én indlæsning af datavarehuset: nr. {int(run['load_id'])}, "
            f"{fmt_number(run['files'])} filer med {fmt_number(run['rows_read'])} rækker. "
            "SHA-256-kontrolsummen identificerer hver fil; arkivet af indlæste filer kan "
            "genskabe dem (healthtech restore).",
            st["base"],
        ),
        Spacer(1, 0.15 * cm),
        _table(
            [
                [Paragraph(_esc(k), st["cell_bold"]), Paragraph(_esc(v), st["cell"])]
                for k, v in facts
            ],
            [3.2 * cm, TEXT_WIDTH - 3.2 * cm],
            styles=[("GRID", (0, 0), (-1, -1), 0, colors.white)],
            repeat=0,
        ),
        Paragraph("Indlæste filer og deres SHA-256-kontrolsum", st["h2"]),
    ]
    files = data.load_files
    rows = [[Paragraph(h, st["head"]) for h in ("Fil", "Rækker", "Karantæne", "SHA-256")]]
    shown = files.head(MAX_FILES_IN_APPENDIX)
    for name, read, quarantined, sha in zip(
        shown["file_name"],
        shown["rows_read"],
        shown["rows_quarantined"],
        shown["sha256"],
        strict=True,
    ):
        rows.append(
            [
                Paragraph(_esc(name), st["file"]),
                Paragraph(fmt_number(read), st["small_num"]),
                Paragraph(fmt_number(quarantined), st["small_num"]),
                Paragraph(_esc(sha), st["hash"]),
            ]
        )
    story.append(_table(rows, [4.9 * cm, 1.5 * cm, 2.0 * cm, 8.6 * cm]))
    if len(files) > MAX_FILES_IN_APPENDIX:
        story.append(
            Paragraph(
                f"… og {len(files) - MAX_FILES_IN_APPENDIX} filer mere: se arket Forside i "
                "Excel-rapporten.",
                st["small"],
            )
        )
    story += _quarantine(data, st)
    return story


def _quarantine(data: ReportData, st: dict) -> list:
    q = data.quarantine
    story = [
        Paragraph("Rækker i karantæne", st["h2"]),
        Paragraph(
            f"{fmt_number(data.load_run['rows_quarantined'])} rækker brød en valideringsregel og "
            "blev sat i karantæne (hele indlæsningen, alle år); de indgår ikke i nogen opgørelse.",
            st["base"],
        ),
        Spacer(1, 0.1 * cm),
    ]
    if q.empty:
        story.append(Paragraph("Ingen rækker blev sat i karantæne.", st["base"]))
        return story
    top = q.sort_values(["rows", "source_file", "rule"], ascending=[False, True, True])
    rows = [[Paragraph(h, st["head"]) for h in ("Fil", "Regel", "Rækker", "Første rækkenumre")]]
    for _, r in top.head(MAX_QUARANTINE_ROWS).iterrows():
        rows.append(
            [
                Paragraph(_esc(r["source_file"]), st["file"]),
                Paragraph(_esc(r["rule_da"] or r["rule"]) + f" ({_esc(r['rule'])})", st["small"]),
                Paragraph(fmt_number(r["rows"]), st["small_num"]),
                Paragraph(_esc(r["first_rows"]), st["small"]),
            ]
        )
    story.append(_table(rows, [4.9 * cm, 6.1 * cm, 1.5 * cm, 4.5 * cm]))
    if len(q) > MAX_QUARANTINE_ROWS:
        story.append(
            Paragraph(
                f"… og {len(q) - MAX_QUARANTINE_ROWS} kombinationer mere: se arket "
                "Datakvalitet i Excel-rapporten.",
                st["small"],
            )
        )
    return story


def write_pdf(data: ReportData, charts: list[tuple[str, Drawing]], path: Path) -> Path:
    """Write the PDF of `data` with the `charts` [(caption, drawing)] to `path`."""
    register_fonts()
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
        topMargin=1.6 * cm,
        bottomMargin=2 * cm,
        title=f"{NETWORK} – rapport for {data.year}",
        author=NETWORK,
        subject=f"Resultater og medfinansiering til {MINISTRY}",
        creator="healthtech report",
        lang="da-DK",
        invariant=1,
        # the canvas starts in the embedded font, so the file names no font it does not embed
        initialFontName=FONT,
    )
    story = (
        _summary(data, st)
        + _clusters(data, st)
        + _kpi_notes(data, st)
        + _charts(charts, st)
        + _rules(data, st)
        + _appendix(data, st)
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path
