"""The to-do list of the home page: the menu's counts, each as a sentence linked to the list
that shows exactly those items. An app adds a line to TODO (and its count to
kinerja.core.navigation.COUNTERS)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import ngettext


@dataclass
class TodoItem:
    text: str
    count: int
    url: str
    urgent: bool


def _url(name: str, query: str = "") -> str | None:
    try:
        return reverse(name) + query
    except NoReverseMatch:  # the app is not installed
        return None


# (count key, sentence for n, URL name, filter appended to the URL, urgent). The sentences are
# functions so that they are translated, with the right plural, in the reader's language.
TODO = [
    (
        "my_returned",
        lambda n: ngettext(
            "%(n)s kegiatan Anda dikembalikan atasan: perbaiki lalu kirim ulang",
            "%(n)s kegiatan Anda dikembalikan atasan: perbaiki lalu kirim ulang",
            n,
        ),
        "activities:home",
        "?status=returned#my-log",
        True,
    ),
    (
        "to_verify",
        lambda n: ngettext(
            "%(n)s kegiatan bawahan menunggu verifikasi Anda", "%(n)s kegiatan bawahan menunggu verifikasi Anda", n
        ),
        "activities:inbox",
        "?status=submitted",
        True,
    ),
    (
        "skps_to_approve",
        lambda n: ngettext(
            "%(n)s SKP bawahan menunggu persetujuan Anda", "%(n)s SKP bawahan menunggu persetujuan Anda", n
        ),
        "skp:home",
        "",
        True,
    ),
    (
        "objections_to_decide",
        lambda n: ngettext("%(n)s keberatan menunggu keputusan Anda", "%(n)s keberatan menunggu keputusan Anda", n),
        "appraisal:index",
        "#h-obj",
        True,
    ),
    (
        "to_rate",
        lambda n: ngettext(
            "%(n)s evaluasi kinerja bawahan perlu dinilai", "%(n)s evaluasi kinerja bawahan perlu dinilai", n
        ),
        "appraisal:index",
        "#h-rate",
        False,
    ),
    (
        "complaints_assigned",
        lambda n: ngettext(
            "%(n)s pengaduan warga ditugaskan kepada Anda: tanggapi sebelum tenggat",
            "%(n)s pengaduan warga ditugaskan kepada Anda: tanggapi sebelum tenggat",
            n,
        ),
        "citizen:dashboard",
        "?status=assigned",
        True,
    ),
    (
        "coaching_needed",
        lambda n: ngettext(
            "%(n)s bawahan berpredikat di bawah Baik belum punya rencana bimbingan",
            "%(n)s bawahan berpredikat di bawah Baik belum punya rencana bimbingan",
            n,
        ),
        "development:home",
        "#todo",
        True,
    ),
    (
        "coaching_overdue",
        lambda n: ngettext(
            "%(n)s rencana bimbingan melewati batas waktu: catat sesi atau ukur ulang",
            "%(n)s rencana bimbingan melewati batas waktu: catat sesi atau ukur ulang",
            n,
        ),
        "development:home",
        "#todo",
        True,
    ),
    (
        "data_reports_open",
        lambda n: ngettext(
            "%(n)s laporan data pegawai yang salah menunggu perbaikan Anda",
            "%(n)s laporan data pegawai yang salah menunggu perbaikan Anda",
            n,
        ),
        "datafix:queue",
        "?status=open",
        True,
    ),
    (
        "unread",
        lambda n: ngettext("%(n)s notifikasi belum dibaca", "%(n)s notifikasi belum dibaca", n),
        "notifications:list",
        "",
        False,
    ),
]


def todo_items(counts: dict[str, int]) -> list[TodoItem]:
    items = []
    for key, text, name, query, urgent in TODO:
        n = counts.get(key, 0)
        url = _url(name, query) if n else None
        if url:
            items.append(TodoItem(text(n) % {"n": n}, n, url, urgent))
    return items
