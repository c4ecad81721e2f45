"""A dashboard figure: one table of numbers that is drawn as a chart, shown as an accessible
table beside it, and downloaded as CSV or XLSX from the same rows (one source for all three)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse

from kinerja.core import exports


@dataclass
class Table:
    key: str  # the download key and the id of the chart's data
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # per row: where its first cell drills down to
    chart: str = "bar"  # bar, stacked (100% bars), line; "" for a table without a chart
    series: list[int] = field(default_factory=list)  # the columns drawn as datasets (default: all numbers)
    unit: str = ""  # "%" when every drawn value is a percentage
    transpose: bool = False  # one line per row across the series columns (e.g. indicators over cuts)

    def chart_data(self) -> dict:
        """What kinerja/static/js/charts.js draws: labels from the first column, one dataset per
        series column (empty cells stay gaps)."""
        columns = self.series or list(range(1, len(self.headers)))
        if self.transpose:
            return {
                "type": self.chart,
                "unit": self.unit,
                "labels": [str(self.headers[c]) for c in columns],
                "datasets": [{"label": str(row[0]), "data": [_number(row[c]) for c in columns]} for row in self.rows],
            }
        return {
            "type": self.chart,
            "unit": self.unit,
            "labels": [str(row[0]) for row in self.rows],
            "datasets": [
                {"label": str(self.headers[c]), "data": [_number(row[c]) for row in self.rows]} for c in columns
            ],
        }

    @property
    def has_values(self) -> bool:
        """Whether the chart would draw anything (an empty chart is replaced by a sentence)."""
        return any(v is not None for d in self.chart_data()["datasets"] for v in d["data"])

    def row_pairs(self) -> list[tuple[list, str]]:
        return [(row, self.links[i] if i < len(self.links) else "") for i, row in enumerate(self.rows)]


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) else None


def _cell(value):
    if value is None:
        return ""
    return float(value) if isinstance(value, Decimal) else value


def download(table: Table, fmt: str, filename: str) -> HttpResponse:
    """The table as CSV (UTF-8 with BOM, so spreadsheet programs read it) or XLSX."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = table.key[:31]
        exports.append(sheet, [table.title])
        exports.append(sheet, [str(h) for h in table.headers])
        for row in table.rows:
            exports.append(sheet, [_cell(v) for v in row])
        response = HttpResponse(exports.xlsx_bytes(workbook), content_type=exports.XLSX_CONTENT_TYPE)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        exports.writerow(writer, [str(h) for h in table.headers])
        for row in table.rows:
            exports.writerow(writer, [_cell(v) for v in row])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}-{table.key}.{fmt}"'
    return response
