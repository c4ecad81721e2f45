"""Citizen voice rules: the IKM of PermenPANRB 14/2017 (DOMAIN.md §3), answer validation, abuse
flags and complaint SLAs. Pure functions, no Django imports.

IKM (Indeks Kepuasan Masyarakat): nine elements (unsur) answered on a 1–4 scale. NRR per element =
sum of its scores / respondents answering it; the unit index is the mean of the nine NRR (weight
exactly 1/9; the regulation's text rounds it to 0.111 — UNCONFIRMED, so the exact weight is used)
and is converted to 25–100 by × 25. The grade (mutu) follows the converted value at two decimals.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def _(message: str) -> str:
    return message


def pgettext(context: str, message: str) -> str:
    """Marks a label with a context for extraction (callers translate it with pgettext): the
    survey's "Baik" is not the predikat's "Baik"."""
    return message


SURVEY = "survei"  # the translation context of the survey's scale and grade labels


# Labels are marked with _() for extraction; callers translate them with gettext when shown.
ELEMENTS: tuple[tuple[str, str], ...] = (
    ("u1", _("Persyaratan")),
    ("u2", _("Sistem, Mekanisme, dan Prosedur")),
    ("u3", _("Waktu Penyelesaian")),
    ("u4", _("Biaya/Tarif")),
    ("u5", _("Produk Spesifikasi Jenis Pelayanan")),
    ("u6", _("Kompetensi Pelaksana")),
    ("u7", _("Perilaku Pelaksana")),
    ("u8", _("Penanganan Pengaduan, Saran dan Masukan")),
    ("u9", _("Sarana dan Prasarana")),
)
ELEMENT_CODES = tuple(code for code, _label in ELEMENTS)
SCALE = (1, 2, 3, 4)
# What each score means, per PermenPANRB 14/2017's questionnaire (tidak sesuai … sangat sesuai).
SCALE_LABELS = {
    1: pgettext("survei", "Tidak baik"),
    2: pgettext("survei", "Kurang baik"),
    3: pgettext("survei", "Baik"),
    4: pgettext("survei", "Sangat baik"),
}

# Fewer respondents than this marks a period as a small sample. The regulation points to the
# Krejcie–Morgan table, which depends on the population served (UNCONFIRMED): a parameter.
MIN_RESPONDENTS = 30


@dataclass(frozen=True)
class Grade:
    letter: str
    label: str


GRADES = (
    (Decimal("64.99"), Grade("D", pgettext("survei", "Tidak baik"))),
    (Decimal("76.60"), Grade("C", pgettext("survei", "Kurang baik"))),
    (Decimal("88.30"), Grade("B", pgettext("survei", "Baik"))),
    (Decimal("100.00"), Grade("A", pgettext("survei", "Sangat baik"))),
)
TWO = Decimal("0.01")


def grade(converted: Decimal) -> Grade:
    """Mutu pelayanan of a converted IKM (25–100), read at two decimals: 64.99 is D, 65.00 is C,
    76.60 is C, 76.61 is B, 88.30 is B, 88.31 is A."""
    value = Decimal(converted).quantize(TWO, rounding=ROUND_HALF_UP)
    for upper, g in GRADES:
        if value <= upper:
            return g
    return GRADES[-1][1]


@dataclass(frozen=True)
class Ikm:
    respondents: int
    nrr: dict[str, Decimal]  # per element, 1–4
    index: Decimal  # 1–4
    converted: Decimal  # 25–100, two decimals
    grade: Grade
    small_sample: bool


def ikm_from_sums(
    respondents: int,
    sums: Mapping[str, int],
    counts: Mapping[str, int] | None = None,
    *,
    minimum: int = MIN_RESPONDENTS,
) -> Ikm | None:
    """The IKM from per-element sums (and per-element answer counts when not every respondent
    answered every element), as a database aggregate gives them. None without respondents."""
    if respondents <= 0:
        return None
    nrr = {}
    for code in ELEMENT_CODES:
        n = (counts or {}).get(code, respondents)
        nrr[code] = Decimal(sums[code]) / Decimal(n) if n else Decimal(0)
    index = sum(nrr.values()) / Decimal(len(ELEMENT_CODES))
    converted = (index * 25).quantize(TWO, rounding=ROUND_HALF_UP)
    return Ikm(
        respondents,
        {code: value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP) for code, value in nrr.items()},
        index.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        converted,
        grade(converted),
        respondents < minimum,
    )


def ikm(responses: Iterable[Mapping[str, int]], *, minimum: int = MIN_RESPONDENTS) -> Ikm | None:
    """The IKM of a list of answer sets (each maps u1…u9 to 1–4)."""
    rows = list(responses)
    sums = {code: sum(row[code] for row in rows) for code in ELEMENT_CODES}
    return ikm_from_sums(len(rows), sums, minimum=minimum)


def answer_problems(answers: Mapping[str, object]) -> dict[str, tuple[str, dict]]:
    """Per element: missing, or outside 1–4 (message template, parameters). Empty when valid."""
    problems = {}
    for code, label in ELEMENTS:
        raw = answers.get(code)
        if raw in (None, ""):
            problems[code] = (_("Pilih jawaban untuk unsur %(label)s."), {"label": label})
            continue
        try:
            value = int(str(raw))
        except ValueError:
            value = 0
        if value not in SCALE:
            problems[code] = (_("Jawaban untuk unsur %(label)s harus 1 sampai 4."), {"label": label})
    return problems


MARKUP = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|a)\b|javascript:|on\w+\s*=", re.I)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(text: str, *, limit: int) -> tuple[str, dict] | None:
    """Free text from the public: bounded, and no markup or script (it would be escaped on
    output anyway; refusing it tells an honest citizen why and keeps the record clean).
    Returns the message template and its parameters, for the caller's gettext."""
    if len(text) > limit:
        return _("Teks terlalu panjang (maksimal %(limit)s karakter)."), {"limit": limit}
    if MARKUP.search(text):
        return _("Teks tidak boleh berisi kode HTML atau skrip."), {}
    return None


def clean_text(text: str) -> str:
    return CONTROL.sub("", text or "").strip()


REPEAT_MINUTES = 10


def is_rapid_repeat(previous: Iterable[dt.datetime], now: dt.datetime, *, minutes: int = REPEAT_MINUTES) -> bool:
    """A response from a device that already answered within the last minutes is flagged: kept,
    but left out of the index."""
    window = dt.timedelta(minutes=minutes)
    return any(now - at < window for at in previous if at <= now)


# Tracking codes: no 0/O, 1/I/L, so they can be read over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_tracking_code(raw: str) -> str:
    """Accepts 'abcd-2345', ' ABCD 2345 ' … as ABCD2345."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def format_tracking_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


@dataclass(frozen=True)
class Sla:
    response_hours: int = 24
    resolution_hours: int = 120  # 5 days


DEFAULT_SLA = Sla()  # a unit's targets until the admin sets its own


def within(start: dt.datetime, end: dt.datetime | None, hours: int, now: dt.datetime) -> bool | None:
    """True when done within the target, False when late (done late or still open past it), None
    while still open and inside the target."""
    deadline = start + dt.timedelta(hours=hours)
    if end is not None:
        return end <= deadline
    return None if now <= deadline else False


def due_soon(start: dt.datetime, hours: int, now: dt.datetime, warn_hours: int) -> bool:
    """The target falls due within the next ``warn_hours`` and has not passed yet: the moment
    to remind the officer, while the promise can still be kept."""
    deadline = start + dt.timedelta(hours=hours)
    return now < deadline <= now + dt.timedelta(hours=warn_hours)


def pct_within(flags: Iterable[bool | None]) -> Decimal | None:
    """Share of decided cases (True/False) that met the target, in percent."""
    decided = [f for f in flags if f is not None]
    if not decided:
        return None
    return (Decimal(sum(1 for f in decided if f)) * 100 / Decimal(len(decided))).quantize(TWO)


def median_hours(durations: Iterable[dt.timedelta]) -> Decimal | None:
    values = [d.total_seconds() / 3600 for d in durations]
    if not values:
        return None
    return Decimal(str(statistics.median(values))).quantize(TWO)


def last_quarters(today: dt.date, count: int = 4) -> list[str]:
    """The keys of the last `count` calendar quarters up to today's, oldest first."""
    index = today.year * 4 + (today.month - 1) // 3
    return [f"{i // 4}-Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def cut_range(cut_key: str) -> tuple[dt.date, dt.date]:
    """First and last day of a cut: '2026', '2026-Q4' or '2026-11'."""
    year = int(cut_key[:4])
    if len(cut_key) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    part = cut_key[5:]
    if part.startswith("Q"):
        first = 3 * (int(part[1]) - 1) + 1
        last = first + 2
    else:
        first = last = int(part)
    end = dt.date(year + (last == 12), last % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, first, 1), end


# ------------------------------------------------------------------------ complaint categories
# Offered to every instansi until its admin edits the list (the complaints heard most often in
# the seeds: queues, documents, officers' conduct, fees, facilities, information).
DEFAULT_CATEGORIES: tuple[str, ...] = (
    _("Antrean dan waktu layanan"),
    _("Dokumen dan persyaratan"),
    _("Sikap dan perilaku petugas"),
    _("Biaya dan pungutan"),
    _("Sarana dan prasarana"),
    _("Informasi layanan"),
    _("Lainnya"),
)
CATEGORY_NAME_LIMIT = 80


def category_name_problem(name: str, existing: Iterable[str]) -> tuple[str, dict] | None:
    """A new category's name: not empty, bounded, not a duplicate (ignoring case and spaces)."""
    clean = " ".join(name.split())
    if not clean:
        return _("Tuliskan nama kategori."), {}
    if len(clean) > CATEGORY_NAME_LIMIT:
        return _("Nama kategori terlalu panjang (maksimal %(limit)s karakter)."), {"limit": CATEGORY_NAME_LIMIT}
    if clean.casefold() in {" ".join(e.split()).casefold() for e in existing}:
        return _("Kategori %(name)s sudah ada."), {"name": clean}
    return None


# ------------------------------------------------------------------------ complaint attachments
# A photo or a document from a citizen's phone: the type is decided by the first bytes, never by
# the file name (as activity evidence is), and a photo is stored re-encoded, without its metadata.
ATTACHMENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
}
IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 24_000_000  # a 24-megapixel photo (~100 MB decoded); larger is refused before decoding
MAX_IMAGE_SIDE = 2560  # stored photos are scaled down to this longest side


def sniff_attachment(head: bytes) -> str | None:
    """The attachment kind from a file's first bytes (16 are enough), or None when refused."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def attachment_problem(size: int, kind: str | None, *, pixels: int | None = None) -> tuple[str, dict] | None:
    """Why an attachment is refused (message template, parameters), or None when it is fine."""
    if size <= 0:
        return _("Berkas lampiran kosong."), {}
    if size > MAX_ATTACHMENT_BYTES:
        return _("Lampiran terlalu besar (maksimal %(max)s MB)."), {"max": MAX_ATTACHMENT_BYTES // 1048576}
    if kind is None:
        return _("Lampiran harus berupa foto (JPG, PNG, WebP) atau dokumen PDF."), {}
    if pixels is not None and pixels > MAX_IMAGE_PIXELS:
        return _("Foto terlalu besar (maksimal %(mp)s megapiksel)."), {"mp": MAX_IMAGE_PIXELS // 1_000_000}
    return None


def scaled_size(width: int, height: int, *, longest: int = MAX_IMAGE_SIDE) -> tuple[int, int]:
    """The stored size of a photo: unchanged when it fits, otherwise scaled to ``longest`` on its
    longer side, keeping the aspect ratio (never below 1 pixel)."""
    side = max(width, height)
    if side <= longest:
        return width, height
    return max(1, round(width * longest / side)), max(1, round(height * longest / side))


# ------------------------------------------------------------------ the citizen's rating: "tepat"
# The citizen rates the resolution 1–4 (the survey's scale); 3 (Baik) or 4 (Sangat baik) counts
# as resolved properly ("tepat"), the quality beside the response time ("cepat").
TEPAT_MIN = 3
# Fewer ratings than this marks a share as a small sample (a parameter, like MIN_RESPONDENTS).
MIN_RATINGS = 10


def is_tepat(rating: int) -> bool:
    return rating >= TEPAT_MIN


@dataclass(frozen=True)
class Share:
    """A share of decided cases that met a bar: "tepat" among rated resolutions, "cepat" among
    complaints whose response clock stopped or ran out."""

    total: int
    met: int
    pct: Decimal | None
    small_sample: bool


def share(met: int, total: int, *, minimum: int = MIN_RATINGS) -> Share:
    """The share of ``met`` among ``total`` in percent (two decimals; None without any case)."""
    if not 0 <= met <= total:
        raise ValueError("met must lie between 0 and total")
    pct = (Decimal(met) * 100 / Decimal(total)).quantize(TWO, rounding=ROUND_HALF_UP) if total else None
    return Share(total, met, pct, total < minimum)


def rating_problem(*, status_resolved: bool, already_rated: bool, rating: object) -> tuple[str, dict] | None:
    """Why a citizen's rating is refused, in the order the citizen can act on it: the complaint
    must be resolved first, it is rated once, and the value lies on the 1–4 scale."""
    if not status_resolved:
        return _("Penilaian dapat diberikan setelah pengaduan selesai ditanggapi."), {}
    if already_rated:
        return _("Penyelesaian pengaduan ini sudah dinilai."), {}
    try:
        value = int(str(rating))
    except ValueError:
        value = 0
    if value not in SCALE:
        return _("Pilih nilai 1 sampai 4."), {}
    return None
