"""The PDF's middle pages: every KPI per cluster, the steering committee's notes and actions,
the four charts (report.figures) and the counting rules with how to rebuild the report.
"""

from __future__ import annotations

from datetime import date, datetime

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from report.data import NATIONAL_SCOPE, ReportData
from report.model import date_da
from report.pdf_layout import esc, grid_table, kpi_decimals, status_style
from report.style import fmt_kpi, fmt_number
from warehouse.reference import codes, labels


def cluster_kpis(data: ReportData, st: dict) -> list:
    kpis = data.kpis
    national = kpis[kpis["scope"] == NATIONAL_SCOPE]
    clusters = list(codes("cluster"))
    rows = [[Paragraph(h, st["head"]) for h in ["Nøgletal", *clusters]]]
    styles = []
    by_cluster = kpis[kpis["scope"] != NATIONAL_SCOPE].set_index(["kpi_id", "scope"])
    for i, (_, k) in enumerate(national.iterrows(), start=1):
        decimals = kpi_decimals(k)
        line = [Paragraph(esc(k["name_da"]), st["cell"])]
        for j, cluster in enumerate(clusters, start=1):
            text = ""
            if (k["kpi_id"], cluster) in by_cluster.index:
                c = by_cluster.loc[(k["kpi_id"], cluster)]
                text = fmt_kpi(c["actual"], c["unit"], decimals)
                styles += status_style(c["status"], j, i)
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
        grid_table(rows, [7.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm], styles),
        Spacer(1, 0.5 * cm),
    ]


def kpi_notes_section(data: ReportData, st: dict) -> list:
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
        decimals = kpi_decimals(k)
        story.append(
            Paragraph(
                f"{esc(k['name_da'])}: {fmt_kpi(k['actual'], k['unit'], decimals)} "
                f"({esc(k['status_da'])})",
                st["h2"],
            )
        )
        ordered = sorted(mine.itertuples(), key=lambda n: (scope_rank.get(n.scope, 99), n.note_id))
        for n in ordered:
            scope = "Hele netværket" if n.scope == NATIONAL_SCOPE else names.get(n.scope, n.scope)
            story.append(
                Paragraph(f"<b>{esc(scope)}:</b> " + esc(n.text).replace("\n", "<br/>"), st["base"])
            )
            action = []
            if n.action:
                action.append(f"Handling: {esc(n.action)}")
            if n.owner:
                action.append(f"ansvarlig {esc(n.owner)}")
            if n.due:
                action.append(f"frist {date_da(date.fromisoformat(n.due))}")
            if action:
                story.append(Paragraph(", ".join(action), st["base"]))
            edited = datetime.fromisoformat(n.edited_at).date()
            version = f", version {n.version}" if n.version > 1 else ""
            story.append(
                Paragraph(
                    f"Skrevet af {esc(n.edited_by)}, {date_da(edited)}{version} "
                    f"(bemærkning nr. {n.note_id})",
                    st["caption"],
                )
            )
            story.append(Spacer(1, 0.15 * cm))
    return story + [Spacer(1, 0.4 * cm)]


def charts_section(charts: list[tuple[str, Drawing]], st: dict) -> list:
    story = [Paragraph("Diagrammer", st["h1"])]
    for caption, drawing in charts:
        drawing.hAlign = "LEFT"
        story.append(
            KeepTogether([drawing, Spacer(1, 0.12 * cm), Paragraph(esc(caption), st["caption"])])
        )
        story.append(Spacer(1, 0.5 * cm))
    return story


def rules_section(data: ReportData, st: dict) -> list:
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
    story += [Paragraph("• " + esc(note), st["base"]) for note in notes]
    return story
