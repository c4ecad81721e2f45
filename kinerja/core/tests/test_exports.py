"""The one spreadsheet-injection guard every XLSX/CSV export writes through (kinerja/core/exports.py)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kinerja.core import exports

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Budi Santoso", "Budi Santoso"),
        ("a=1", "a=1"),
        ("", ""),
        (None, None),
        (-5, -5),
        (-2.5, -2.5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1)),
        (gettext_lazy("=lazy"), "'=lazy"),
    ],
)
def test_safe_cell(value, expected):
    assert exports.safe_cell(value) == expected


@given(st.sampled_from(DANGEROUS), st.text())
def test_text_starting_like_a_formula_is_quoted(first, rest):
    value = first + rest
    assert exports.safe_cell(value) == "'" + value


@given(st.text().filter(lambda s: not s.startswith(tuple(DANGEROUS))))
def test_other_text_is_unchanged(value):
    assert exports.safe_cell(value) == value


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.decimals(allow_nan=False), st.booleans()))
def test_numbers_are_unchanged(value):
    assert exports.safe_cell(value) == value


@given(st.lists(st.one_of(st.text(), st.integers(), st.none()), max_size=8))
def test_a_row_keeps_its_length_and_never_starts_a_cell_like_a_formula(values):
    row = exports.safe_row(values)
    assert len(row) == len(values)
    assert not any(isinstance(v, str) and v.startswith(tuple(DANGEROUS)) for v in row)


def test_openpyxl_writes_text_not_a_formula_and_numbers_stay_numbers():
    workbook = Workbook()
    exports.append(workbook.active, ['=HYPERLINK("http://x","y")', -5, "Budi"])
    sheet = load_workbook(io.BytesIO(exports.xlsx_bytes(workbook))).active
    text, number, name = sheet[1]
    assert (text.data_type, text.value) == ("s", '\'=HYPERLINK("http://x","y")')
    assert (number.data_type, number.value) == ("n", -5)
    assert name.value == "Budi"


def test_csv_rows_are_neutralised():
    buffer = io.StringIO()
    exports.writerow(csv.writer(buffer), ["@SUM(A1)", -5, "Budi"])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'@SUM(A1)", "-5", "Budi"]
