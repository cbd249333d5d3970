"""PNG bar charts of the tables, typeset by Typst from `bars.typ` (no plotting library).

The `typst` wheel is already a dependency for the summary PDF, so the plots add nothing to
install. Data goes in as JSON through `sys_inputs`, the same way the summary does it, so a
label is always text and never markup. Fonts: the DejaVu fonts bundled with the summary when
they are there, else Typst's embedded fonts; system fonts are never used, so a plot looks the
same on every machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst

from bot.i18n import Translator
from bot.stats.labels import Labeller, plain
from bot.stats.report import Table

TEMPLATE = Path(__file__).resolve().parent / "bars.typ"
FONT_DIR = Path(__file__).resolve().parent.parent / "summary" / "fonts"
PPI = 144


def plot_data(table: Table, tr: Translator, labels: Labeller = plain) -> dict:
    """The bars of one table: the label is the row's words before the plotted column."""
    column = table.columns.index(table.plot)
    bars = []
    for row in table.rows:
        label = " · ".join(labels(table.columns[i], c) for i, c in enumerate(row[:column])
                           if c != "")
        value = row[column]
        bars.append({"label": label, "value": value if isinstance(value, int) else None,
                     "shown": str(value)})
    largest = max((b["value"] for b in bars if b["value"] is not None), default=1)
    return {"title": tr(f"stats.table.{table.name}"), "note": tr("stats.plot.note"),
            "empty": tr("stats.empty"), "max": largest, "bars": bars}


def render_png(table: Table, tr: Translator, labels: Labeller = plain) -> bytes:
    fonts = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    return typst.compile(TEMPLATE.read_bytes(), format="png", ppi=PPI, font_paths=fonts,
                         ignore_system_fonts=True,
                         sys_inputs={"data": json.dumps(plot_data(table, tr, labels))})


def write_plots(tables: list[Table], folder: Path, tr: Translator,
                labels: Labeller = plain) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        if table.plot is None:
            continue
        path = folder / f"{table.name}.png"
        path.write_bytes(render_png(table, tr, labels))
        written.append(path)
    return written
