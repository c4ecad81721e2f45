"""The documents a finance office signs: the monthly payment list of a unit (XLSX and PDF) and an
employee's slip (PDF). Both read the stored lines only, so a closed month prints the same forever."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kinerja.core import exports
from kinerja.org.models import Employee, Unit

from . import selectors
from .models import TppLine, TppMonth

COLUMNS = [
    ("nip", "NIP"),
    ("name", "Nama"),
    ("position_name", "Jabatan"),
    ("grade", "Kelas"),
    ("rank", "Gol."),
    ("base", "Besaran TPP"),
    ("kinerja_pct", "% Kinerja"),
    ("disiplin_pct", "% Disiplin"),
    ("kinerja_amount", "TPP Kinerja"),
    ("disiplin_amount", "TPP Disiplin"),
    ("attendance_cut", "Potongan Kehadiran"),
    ("sanction_cut", "Potongan Hukdis"),
    ("gross", "Jumlah Bruto"),
    ("bpjs_employer", "BPJS 4% (Pemda)"),
    ("bpjs_employee", "BPJS 1%"),
    ("pph21", "PPh 21"),
    ("net", "Jumlah Diterima"),
]


def signatories(unit: Unit | None) -> dict:
    """The unit head who approves the list (the holder of the unit's head position)."""
    head = None
    if unit is not None and unit.head_position_id:
        head = Employee.objects.filter(position_id=unit.head_position_id, is_active=True).first()
    return {"head": head, "head_title": unit.head_position.name if unit and unit.head_position_id else ""}


def payment_list_context(tpp_month: TppMonth, unit: Unit | None) -> dict:
    qs = selectors.lines(tpp_month=tpp_month, unit_path=unit.path if unit else None)
    return {
        "tpp_month": tpp_month,
        "instansi": tpp_month.instansi,
        "unit": unit,
        "lines": list(qs),
        "totals": selectors.totals(qs),
        **signatories(unit),
    }


def payment_list_xlsx(tpp_month: TppMonth, unit: Unit | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    context = payment_list_context(tpp_month, unit)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = tpp_month.month
    title = _("DAFTAR PEMBAYARAN TAMBAHAN PENGHASILAN PEGAWAI (TPP)")
    exports.append(sheet, [title])
    exports.append(sheet, [tpp_month.instansi.name.upper()])
    exports.append(sheet, [(unit.name if unit else _("Seluruh unit")) + " · " + _("Bulan") + " " + tpp_month.month])
    exports.append(sheet, [_("Status") + ": " + tpp_month.get_status_display()])
    sheet.append([])
    exports.append(sheet, ["No", *[_(label) for _key, label in COLUMNS], _("Keterangan"), _("Tanda tangan")])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, line in enumerate(context["lines"], start=1):
        values = [getattr(line, key) for key, _label in COLUMNS]
        values = [float(v) if key.endswith("_pct") else v for (key, _label), v in zip(COLUMNS, values, strict=True)]
        note = _("Penyesuaian %(m)s") % {"m": line.ref_month} if line.kind == TppLine.Kind.ADJUSTMENT else ""
        exports.append(sheet, [number, *values, note, ""])
    totals = context["totals"]
    exports.append(
        sheet,
        [
            "",
            _("JUMLAH"),
            *["" for _i in range(4)],
            *[totals.get(key) or 0 if key in totals else "" for key, _label in COLUMNS[5:]],
        ],
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=7):
        for cell in row[6:18]:
            if isinstance(cell.value, int):
                cell.number_format = "#,##0"
    sheet.append([])
    head = context["head"]
    exports.append(
        sheet, ["", _("Mengetahui,"), "", "", "", "", "", "", "", "", "", "", "", _("Bendahara Pengeluaran")]
    )
    exports.append(sheet, ["", context["head_title"] or _("Kepala Unit Kerja")])
    sheet.append([])
    sheet.append([])
    exports.append(
        sheet,
        [
            "",
            head.display_name if head else "(.................................)",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "(.................................)",
        ],
    )
    exports.append(sheet, ["", f"NIP {head.nip}" if head else "NIP", "", "", "", "", "", "", "", "", "", "", "", "NIP"])
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 30
    sheet.column_dimensions["D"].width = 28
    return exports.xlsx_bytes(workbook)


def payment_list_pdf(tpp_month: TppMonth, unit: Unit | None, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("tpp/payment_list_pdf.html", payment_list_context(tpp_month, unit))
    return HTML(string=html, base_url=base_url).write_pdf()


def slip_pdf(line: TppLine, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("tpp/slip_pdf.html", {"line": line, "instansi": line.instansi})
    return HTML(string=html, base_url=base_url).write_pdf()
