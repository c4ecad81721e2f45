"""The downloadable import template: an XLSX whose first sheet has the columns and two example
rows (delete them before importing your own), and a second sheet that explains each column."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinerja.core import exports

from .imports import EMPLOYEE_COLUMNS, UNIT_COLUMNS


def _help() -> dict[str, tuple[str, str, str]]:
    """Column → (meaning, example 1, example 2)."""
    return {
        "NIP": (_("NIP 18 digit tanpa spasi (atau NI PPPK)."), "199001012015031001", "199203152019032002"),
        "NAMA": (_("Nama lengkap tanpa gelar."), "Budi Santoso", "Siti Rahayu"),
        "GELAR_DEPAN": (_("Gelar di depan nama, boleh kosong."), "dr.", ""),
        "GELAR_BELAKANG": (_("Gelar di belakang nama, boleh kosong."), "", "S.Kep."),
        "STATUS_PEGAWAI": (_("PNS, CPNS, PPPK atau PPPK PARUH WAKTU."), "PNS", "PNS"),
        "GOL_RUANG": (_("Golongan/ruang, misalnya III/a; boleh kosong."), "III/b", "III/a"),
        "UNOR_ID": (_("Kode unit kerja (sama dengan kode di impor unit)."), "DINKES-B1", "DINKES-B1"),
        "JABATAN_NAMA": (_("Nama jabatan seperti di SK."), "Kepala Bidang P2P", "Perawat Ahli Pertama"),
        "JENIS_JABATAN": (_("JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA atau FUNGSIONAL."), "ADMINISTRATOR", "FUNGSIONAL"),
        "JENJANG_JABATAN": (_("Jenjang jabatan fungsional, misalnya Ahli Pertama; boleh kosong."), "", "Ahli Pertama"),
        "KELAS_JABATAN": (_("Kelas jabatan 1–17; boleh kosong."), "12", "8"),
        "NIP_ATASAN": (_("NIP atasan langsung, dari file ini atau yang sudah ada."), "", "199001012015031001"),
        "EMAIL": (_("Alamat surel untuk notifikasi; boleh kosong."), "budi@example.go.id", ""),
        "NAMA_UNOR": (_("Nama unit kerja."), "Dinas Kesehatan", "Bidang P2P"),
        "DIATASAN_ID": (_("Kode unit induk; kosong untuk OPD."), "", "DINKES"),
        "JENIS_UNOR": (_("Jenis unit, misalnya Dinas, Badan, Bagian/Bidang; boleh kosong."), "Dinas", "Bagian/Bidang"),
    }


def build(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = UNIT_COLUMNS if kind == "units" else EMPLOYEE_COLUMNS
    units = kind == "units"
    help_ = _help()
    workbook = Workbook()
    data = workbook.active
    data.title = pgettext("lembar kerja", "Data")
    exports.append(data, list(columns))
    for row in (1, 2):
        example = [help_[c][row] for c in columns]
        if units:  # the unit examples: an OPD, then a bidang under it
            example[0] = "DINKES" if row == 1 else "DINKES-B1"
        exports.append(data, example)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for column in data.columns:
        data.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 4)
    data.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Petunjuk"))
    exports.append(guide, [_("Kolom"), _("Wajib"), _("Arti dan cara mengisi"), _("Contoh")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for name, required in columns.items():
        meaning, first, second = help_[name]
        exports.append(guide, [name, _("ya") if required else _("tidak"), meaning, first or second])
    guide.append([])
    exports.append(guide, [_("Hapus dua baris contoh di lembar Data sebelum mengimpor data Anda sendiri.")])
    exports.append(guide, [_("Baris judul boleh tetap di baris pertama; urutan kolom bebas.")])
    for letter, width in (("A", 18), ("B", 8), ("C", 70), ("D", 24)):
        guide.column_dimensions[letter].width = width
    return exports.xlsx_bytes(workbook)
