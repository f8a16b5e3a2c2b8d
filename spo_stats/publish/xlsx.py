"""An xlsx workbook a person can work in: one sheet per table and a README sheet.

Dates are Excel dates, counts and rates are numbers, the header row is frozen and has filters,
columns are wide enough to read, and the README sheet holds the data dictionary and the sources.
"""

from __future__ import annotations

import io
from datetime import UTC, date
from typing import Any

from spo_stats import __version__
from spo_stats.dataset.package import LICENSES
from spo_stats.publish.tables import Bundle, Table

DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.00"
MIN_WIDTH, MAX_WIDTH = 8, 60


def xlsx_bytes(bundle: Bundle) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in bundle.tables:
        _data_sheet(wb, table)
    _readme_sheet(wb, bundle)
    wb.properties.title = bundle.title
    wb.properties.creator = f"spo-stats {__version__}"
    if bundle.made_at is not None:
        # openpyxl stamps its own clock's time otherwise; naive UTC is what it writes.
        made = bundle.made_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        wb.properties.created = wb.properties.modified = made
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _data_sheet(wb: Any, table: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(table.name[:31])
    ws.append(table.names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    formats = {c.name: _number_format(c.type) for c in table.columns}
    for r, record in enumerate(table.records, start=2):
        values = [_cell(record.get(c.name)) for c in table.columns]
        ws.append(values)
        for col, v in enumerate(values, start=1):
            if isinstance(v, str) and v.startswith("="):
                # Text such as "=5" in a note is text, never a formula. (Cells are addressed
                # one by one: ws[row] recounts the sheet's width each time, slow on long sheets.)
                ws.cell(row=r, column=col).data_type = "s"
    for col_idx, c in enumerate(table.columns, start=1):
        fmt = formats[c.name]
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col_idx, max_col=col_idx):
                cell.number_format = fmt
        ws.column_dimensions[get_column_letter(col_idx)].width = _width(table, c.name)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(1, ws.max_row)}"


def _number_format(kind: str) -> str:
    return {"date": DATE_FORMAT, "integer": COUNT_FORMAT, "number": RATE_FORMAT}.get(kind, "")


def _cell(value: Any) -> Any:
    # Dates stay dates (openpyxl writes them as Excel serial dates with the format above).
    if isinstance(value, date | int | float | bool) or value is None:
        return value
    return str(value)


def _width(table: Table, name: str) -> float:
    """Wide enough for the header (and its filter button) and the longer values, within limits."""
    longest = len(name) + 3
    for record in table.records[:500]:
        v = record.get(name)
        n = 10 if isinstance(v, date) else len(f"{v:,}" if isinstance(v, int) else str(v or ""))
        longest = max(longest, n + 1)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest)))


def _readme_sheet(wb: Any, bundle: Bundle) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("README")
    bold = Font(bold=True)
    ws.append([bundle.title])
    ws["A1"].font = Font(bold=True, size=14)
    made = bundle.made_at
    on = f" on {made.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if made is not None else ""
    ws.append([f"Made by spo-stats {__version__}{on}."])
    ws.append(
        [
            "Every figure names its source cell. An empty count is a figure that was not given "
            "(its status says why: suppressed, not held or refused): never a zero."
        ]
    )
    ws.append([f"Licence: {LICENSES[0]['title']} ({LICENSES[0]['path']})."])
    ws.append([])
    ws.append(["Sheets"])
    ws.cell(ws.max_row, 1).font = bold
    for table in bundle.tables:
        ws.append([table.name, f"{table.title}. {table.description}"])
    ws.append([])
    ws.append(["Data dictionary"])
    ws.cell(ws.max_row, 1).font = bold
    ws.append(["sheet", "column", "type", "description"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for table in bundle.tables:
        for c in table.columns:
            ws.append([table.name, c.name, c.type, c.description])
    ws.append([])
    ws.append(["Sources"])
    ws.cell(ws.max_row, 1).font = bold
    ws.append(["source", "address"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for s in bundle.sources:
        ws.append([s["title"], s.get("path", "")])
    for letter, width in zip("ABCD", (40, 28, 10, 100), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False, vertical="top")
            if cell.data_type == "f":
                # A source's title from a return ("=HYPERLINK(...)") is text, never a formula.
                cell.data_type = "s"
