"""Tables as plain text for the terminal and as CSV files for a spreadsheet.

The text is for reading: translated headings, column names and row labels. The CSV files are for
working with: column ids as headers and ids in the rows, so a formula keeps working when a
wording changes. Both get the same, already suppressed cells ("<5").
"""

from __future__ import annotations

import csv
from pathlib import Path

from bot.i18n import Translator
from bot.stats.labels import Labeller, plain
from bot.stats.report import Cell, Table

WORD_COLUMNS = {"figure", "part", "option", "stagnation", "differs", "work_value", "helped",
                "question", "answer", "name", "seen"}


def _text(cell: Cell) -> str:
    return str(cell)


def render_table(table: Table, tr: Translator, label: Labeller = plain) -> str:
    heading = tr(f"stats.table.{table.name}")
    if not table.rows:
        return f"{heading}\n  {tr('stats.empty')}\n"
    header = [tr(f"stats.column.{c}") for c in table.columns]
    rows = [[label(table.columns[i], c) if table.columns[i] in WORD_COLUMNS else _text(c)
             for i, c in enumerate(row)] for row in table.rows]
    if table.name in ("overview", "agreement"):
        rows = [[tr(f"stats.figure.{row[0]}"), *row[1:]] for row in rows]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        # Ids and names left, numbers right, so columns of figures line up.
        parts = [c.ljust(w) if table.columns[i] in WORD_COLUMNS else c.rjust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  " + "  ".join(parts).rstrip()

    return "\n".join([heading, line(header), *(line(r) for r in rows)]) + "\n"


def render_text(tables: list[Table], tr: Translator, since: str, until: str,
                label: Labeller = plain) -> str:
    intro = [tr("stats.title"), tr("stats.period", since=since, until=until), tr("stats.small")]
    return "\n".join(intro) + "\n\n" + "\n".join(render_table(t, tr, label) for t in tables)


def write_csv(tables: list[Table], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.columns)
            writer.writerows([_text(c) for c in row] for row in table.rows)
        written.append(path)
    return written
