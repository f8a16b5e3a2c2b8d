"""Writing a generated file: xlsx (openpyxl), xls (xlwt), ods (odfpy through pandas) or csv.

Every workbook also carries the synthetic-data mark as a document property where the format has one.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.generate.model import FileSpec, SheetSpec
from tests.generate.vocab import MARK


def write(raw: Path, spec: FileSpec) -> Path:
    path = raw / spec.path
    path.parent.mkdir(parents=True, exist_ok=True)
    {"xlsx": _xlsx, "xls": _xls, "ods": _ods, "csv": _csv}[spec.fmt](path, spec.sheets)
    return path


def _xlsx(path: Path, sheets: list[SheetSpec]) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.description = MARK
    wb.properties.title = "SYNTHETIC TEST DATA"
    for s in sheets:
        ws = wb.create_sheet(s.name)
        for r, row in enumerate(s.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(r, c, v)
        for r1, c1, r2, c2 in s.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for r in s.hidden_rows:
            ws.row_dimensions[r + 1].hidden = True
        for c in s.hidden_cols:
            ws.column_dimensions[get_column_letter(c + 1)].hidden = True
        if s.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def _xls(path: Path, sheets: list[SheetSpec]) -> None:
    import xlwt

    wb = xlwt.Workbook()
    month = xlwt.easyxf(num_format_str="mmm-yy")
    for s in sheets:
        assert not (s.hidden or s.hidden_rows or s.hidden_cols or s.merges), (
            "xls: plain sheets only"
        )
        ws = wb.add_sheet(s.name)
        for r, row in enumerate(s.rows):
            for c, v in enumerate(row):
                if isinstance(v, datetime):
                    ws.write(r, c, v, month)
                elif v is not None:
                    ws.write(r, c, v)
    wb.save(str(path))


def _ods(path: Path, sheets: list[SheetSpec]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(_ods_description(MARK))
    for s in sheets:
        assert not (s.hidden or s.hidden_rows or s.hidden_cols), "ods: no hidden parts"
        table = Table(name=s.name)
        for row in s.rows:
            tr = TableRow()
            for v in row:
                tr.addElement(_ods_cell(v, TableCell, P))
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _ods_description(text: str) -> Any:
    from odf.dc import Description

    return Description(text=text)


def _ods_cell(v: Any, cell: Any, para: Any) -> Any:
    if v is None:
        return cell()
    if isinstance(v, datetime):
        c = cell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"))
        c.addElement(para(text=v.strftime("%Y-%m-%d")))
        return c
    if isinstance(v, int | float) and not isinstance(v, bool):
        c = cell(valuetype="float", value=v)
        c.addElement(para(text=str(v)))
        return c
    c = cell(valuetype="string")
    c.addElement(para(text=str(v)))
    return c


def _csv(path: Path, sheets: list[SheetSpec]) -> None:
    assert len(sheets) == 1, "csv: one sheet"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in row] for row in sheets[0].rows])
