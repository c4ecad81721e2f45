"""The downloadable daily-work template: an XLSX whose first sheet has the columns and two
example rows (delete them before uploading), a sheet explaining each column, and a sheet listing
the employee's indicators with the number to write in the INDIKATOR column."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinerja.core import exports
from kinerja.org.models import Employee

from . import services
from .imports import COLUMNS


def _help(admin: bool) -> dict[str, str]:
    return {
        "NIP": _("NIP pegawai yang mengerjakan kegiatan (wajib untuk admin; pegawai boleh mengosongkannya).")
        if admin
        else _("Boleh kosong: kegiatan dicatat atas nama Anda."),
        "TANGGAL": _("Tanggal kegiatan, misalnya 2026-11-02 atau 02/11/2026. Tidak boleh tanggal yang akan datang."),
        "JAM_MULAI": _("Jam mulai, misalnya 08:00. Isi bersama JAM_SELESAI, atau kosongkan dan isi DURASI_MENIT."),
        "JAM_SELESAI": _(
            "Jam selesai, setelah jam mulai. Tidak boleh bertumpang tindih dengan kegiatan lain hari itu."
        ),
        "DURASI_MENIT": _("Lama kegiatan dalam menit bila jam tidak diisi, misalnya 90."),
        "URAIAN": _("Uraian kegiatan: apa yang dikerjakan dan hasilnya."),
        "INDIKATOR": _(
            "Nomor indikator dari lembar Indikator (atau teks indikatornya persis). Kosongkan untuk tugas lain."
        ),
        "JUMLAH": _("Jumlah keluaran untuk indikator itu, misalnya 3 atau 2,5. Kosong berarti 0."),
    }


def build(*, employee: Employee | None, admin: bool, today: dt.date, people: list[Employee] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    indicators = []
    if employee is not None and not admin:
        indicators = list(services.indicators_for(employee, services.period_for(employee.instansi, today)))
    workbook = Workbook()
    data = workbook.active
    data.title = pgettext("lembar kerja", "Data")
    exports.append(data, list(COLUMNS))
    # Two example rows on the last working days, one with times and an indicator, one with a duration.
    first = today - dt.timedelta(days=1)
    while first.weekday() > 4:
        first -= dt.timedelta(days=1)
    nip = (people[0].nip if people else "") if admin else ""
    exports.append(
        data,
        [
            nip,
            first.isoformat(),
            "08:00",
            "10:00",
            "",
            _("Pelayanan administrasi kependudukan di loket"),
            "1" if indicators else "",
            "12" if indicators else "",
        ],
    )
    exports.append(data, [nip, first.isoformat(), "", "", "60", _("Rapat koordinasi seksi"), "", ""])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for column in data.columns:
        data.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 4)
    data.column_dimensions["F"].width = 50
    data.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Petunjuk"))
    exports.append(guide, [_("Kolom"), _("Wajib"), _("Arti dan cara mengisi")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for name, required in COLUMNS.items():
        needed = required or (name == "NIP" and admin)
        exports.append(guide, [name, _("ya") if needed else _("tidak"), _help(admin)[name]])
    guide.append([])
    for line in (
        _("Hapus dua baris contoh di lembar Data sebelum mengunggah data Anda sendiri."),
        _("Satu baris satu kegiatan; satu file boleh berisi kegiatan seminggu atau sebulan."),
        _("Mengunggah file yang sama dua kali tidak menambah kegiatan: baris yang sudah tersimpan dilewati."),
        _("Belanja untuk indikator biaya dicatat lewat formulir agar kuitansinya dapat dilampirkan."),
    ):
        exports.append(guide, [line])
    for letter, width in (("A", 16), ("B", 8), ("C", 90)):
        guide.column_dimensions[letter].width = width

    sheet = workbook.create_sheet(_("Indikator"))
    exports.append(sheet, [_("Nomor"), _("Indikator"), _("Satuan")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if admin:
        exports.append(
            sheet, ["", _("Untuk unggahan admin, tulis teks indikator persis seperti di SKP pegawai itu."), ""]
        )
        staff = workbook.create_sheet(_("Pegawai"))
        exports.append(staff, ["NIP", _("Nama"), _("Unit kerja")])
        for person in people or []:
            exports.append(staff, [person.nip, person.display_name, person.unit.name])
        staff.column_dimensions["A"].width = 22
        staff.column_dimensions["B"].width = 40
        staff.column_dimensions["C"].width = 40
    elif not indicators:
        exports.append(sheet, ["", _("Belum ada SKP yang disetujui: kosongkan kolom INDIKATOR."), ""])
    for number, indicator in enumerate(indicators, start=1):
        exports.append(sheet, [str(number), indicator.text, indicator.target_unit])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 16
    return exports.xlsx_bytes(workbook)
