"""Spreadsheets the app writes (XLSX and CSV), safe against spreadsheet (CSV/formula) injection.

A name, a reason or any other text a user stored (through a page, the API or an import) can start
like a formula — ``=HYPERLINK("http://x","y")``, ``+cmd|' /C calc'!A0``, ``@SUM(..)`` — and a
spreadsheet program opening the export would run it. The one approach used by EVERY exporter
(OWASP, "CSV Injection"): a TEXT cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading single quote ``'``, so it is shown and stored as plain
text, in CSV as in XLSX (openpyxl then keeps it a string cell, never a formula). Numbers, dates and
empty cells are written unchanged: a negative number in a numeric cell is a number, not a formula.

Write every row through :func:`append` (XLSX) or :func:`writerow` (CSV), or :func:`safe_row`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """The value as it may go into a cell: text that starts like a formula gets a leading ``'``."""
    if isinstance(value, Promise):  # a lazy translation is text
        value = str(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


def append(sheet, values: Iterable[Any]) -> None:
    """``sheet.append`` for an openpyxl worksheet, every cell neutralised."""
    sheet.append(safe_row(values))


def writerow(writer, values: Iterable[Any]) -> None:
    """``writer.writerow`` for a ``csv.writer``, every cell neutralised."""
    writer.writerow(safe_row(values))


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook, filename: str) -> HttpResponse:
    """The workbook as a download named ``filename`` (with its ``.xlsx``)."""
    return xlsx_bytes_response(xlsx_bytes(workbook), filename)


def xlsx_bytes_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
