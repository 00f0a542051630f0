"""The PDF's appendix (Bilag: Datagrundlag og datakvalitet): the load, its files with SHA-256
(capped; the workbook's Forside has all) and the quarantine by file and rule (capped).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from report.data import ReportData
from report.pdf_layout import TEXT_WIDTH, esc, grid_table
from report.style import fmt_number

MAX_FILES_IN_APPENDIX = 40
MAX_QUARANTINE_ROWS = 18


def appendix(data: ReportData, st: dict) -> list:
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
        grid_table(
            [[Paragraph(esc(k), st["cell_bold"]), Paragraph(esc(v), st["cell"])] for k, v in facts],
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
                Paragraph(esc(name), st["file"]),
                Paragraph(fmt_number(read), st["small_num"]),
                Paragraph(fmt_number(quarantined), st["small_num"]),
                Paragraph(esc(sha), st["hash"]),
            ]
        )
    story.append(grid_table(rows, [4.9 * cm, 1.5 * cm, 2.0 * cm, 8.6 * cm]))
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
                Paragraph(esc(r["source_file"]), st["file"]),
                Paragraph(esc(r["rule_da"] or r["rule"]) + f" ({esc(r['rule'])})", st["small"]),
                Paragraph(fmt_number(r["rows"]), st["small_num"]),
                Paragraph(esc(r["first_rows"]), st["small"]),
            ]
        )
    story.append(grid_table(rows, [4.9 * cm, 6.1 * cm, 1.5 * cm, 4.5 * cm]))
    if len(q) > MAX_QUARANTINE_ROWS:
        story.append(
            Paragraph(
                f"… og {len(q) - MAX_QUARANTINE_ROWS} kombinationer mere: se arket "
                "Datakvalitet i Excel-rapporten.",
                st["small"],
            )
        )
    return story
