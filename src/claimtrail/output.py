"""Writers for records on stdout: jsonl (streaming), json, csv (streaming) and a rich table.

Article text is untrusted: table cells are plain text without control characters, CSV cells that
start like a spreadsheet formula get a leading apostrophe; JSON escapes control characters itself.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .safe import csv_cell, terminal


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list) and v and isinstance(v[0], dict) and "value" in v[0]:  # quantities
        return ", ".join(q.get("text") or str(q.get("value")) for q in v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def write(records: Iterable[dict[str, Any]], fmt: str, out: IO[str], columns: list[str]) -> int:
    """Write records; returns how many. jsonl and csv stream row by row."""
    n = 0
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
            out.flush()
            n += 1
    elif fmt == "json":
        rows = list(records)
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        n = len(rows)
    elif fmt == "csv":
        w = csv.writer(out)
        w.writerow(columns)
        for r in records:
            w.writerow([csv_cell(_cell(r.get(c))) for c in columns])  # "=HYPERLINK(..)" stays text
            n += 1
    else:
        table = Table(show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in records:
            table.add_row(*[Text(terminal(_cell(r.get(c)))) for c in columns])  # no markup, no escape sequences
            n += 1
        Console(file=out, width=200).print(table)
    return n
