"""Pure rules for organisation and people: NIP parsing, golongan/ruang, hierarchy checks.

No Django imports here (STYLE.md §2): these functions are tested without a database.
User-facing messages are Indonesian msgids marked with ``_`` so that ``makemessages``
collects them; the Django layer translates them with ``gettext`` at display time.

Sources: Perka BKN 22/2007 (NIP PNS layout), DOMAIN.md §5 (NI PPPK, golongan).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


def _(message: str) -> str:
    """Marks a msgid for translation without importing Django."""
    return message


class NipKind(StrEnum):
    PNS = "pns"  # NIP PNS / CPNS
    PPPK = "pppk"  # NI PPPK


class Gender(StrEnum):
    MALE = "L"
    FEMALE = "P"


@dataclass(frozen=True)
class NipError(Exception):
    """A wrong part of a NIP. ``part`` names the segment; ``message`` is a msgid."""

    part: str
    message: str
    params: tuple = ()

    def __str__(self) -> str:
        return self.message % self.params if self.params else self.message


@dataclass(frozen=True)
class ParsedNip:
    """The parts of a valid 18-digit NIP PNS or NI PPPK."""

    nip: str
    kind: NipKind
    birth_date: dt.date
    gender: Gender
    sequence: int
    cpns_start: dt.date | None = None  # NIP PNS: first day of the TMT CPNS month
    appointment_year: int | None = None  # NI PPPK: year of first appointment
    contract_code: str | None = None  # NI PPPK: 2-digit "jumlah perjanjian kerja" code

    @property
    def formatted(self) -> str:
        """``YYYYMMDD YYYYMM G NNN`` for NIP PNS; ``YYYYMMDD YYYY NN G NNN`` for NI PPPK."""
        n = self.nip
        if self.kind == NipKind.PNS:
            return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"


MIN_BIRTH_YEAR = 1940
# PP 11/2017 Ps. 23 (jo. PP 17/2020) and UU ASN: a CPNS applicant is at least 18 years old.
MIN_ENTRY_AGE = 18


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (someone born on 29 February turns a year older on 1 March
    in a common year)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def entry_age_ok(birth: dt.date, cpns_start: dt.date, min_age: int = MIN_ENTRY_AGE) -> bool:
    """The TMT CPNS (the first day of the NIP's appointment month) falls on or after the
    ``min_age``-th birthday: compared as full dates, not years (born 15 June 1990, TMT June 2008
    is 17 years old on 1 June 2008)."""
    return age_on(birth, cpns_start) >= min_age


def normalize_nip(raw: str) -> str:
    """Removes the spaces and dots people type or paste between NIP segments."""
    return "".join(ch for ch in str(raw) if not ch.isspace() and ch not in ".-")


def _parse_date(text: str, part: str, message: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise NipError(part, message, (text,)) from None


def parse_nip(raw: str, *, kind: NipKind = NipKind.PNS, today: dt.date | None = None) -> ParsedNip:
    """Validates and parses an 18-digit NIP; raises :class:`NipError` naming the wrong part.

    NIP PNS: birth date (8) + TMT CPNS year-month (6) + gender (1: 1=male, 2=female) + sequence (3).
    NI PPPK: birth date (8) + year of appointment (4) + contract code (2) + gender (1) + sequence (3).
    """
    today = today or dt.date.today()
    nip = normalize_nip(raw)
    if not nip:
        raise NipError("nip", _("NIP wajib diisi."))
    if not nip.isdigit():
        raise NipError("nip", _("NIP hanya boleh berisi angka."))
    if len(nip) != 18:
        raise NipError("nip", _("NIP harus 18 digit, bukan %s digit."), (len(nip),))

    birth = _parse_date(nip[:8], "birth_date", _("Tanggal lahir pada NIP (%s) bukan tanggal yang sah."))
    if birth.year < MIN_BIRTH_YEAR:
        raise NipError("birth_date", _("Tahun lahir pada NIP (%s) terlalu lampau."), (birth.year,))
    if birth > today:
        raise NipError("birth_date", _("Tanggal lahir pada NIP berada di masa depan."))

    gender_digit = nip[14]
    if gender_digit not in "12":
        raise NipError(
            "gender",
            _("Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan), bukan %s."),
            (gender_digit,),
        )
    gender = Gender.MALE if gender_digit == "1" else Gender.FEMALE
    sequence = int(nip[15:])
    if sequence == 0:
        raise NipError("sequence", _("Nomor urut pada NIP (3 digit terakhir) tidak boleh 000."))

    if kind == NipKind.PPPK:
        year = int(nip[8:12])
        if year < birth.year + MIN_ENTRY_AGE or year > today.year + 1:
            raise NipError("appointment", _("Tahun pengangkatan PPPK pada NIP (%s) tidak masuk akal."), (year,))
        return ParsedNip(nip, kind, birth, gender, sequence, appointment_year=year, contract_code=nip[12:14])

    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise NipError("cpns_start", _("Bulan TMT CPNS pada NIP (%s) harus 01 sampai 12."), (nip[12:14],))
    cpns_start = dt.date(year, month, 1)
    if not entry_age_ok(birth, cpns_start):
        raise NipError(
            "cpns_start",
            _(
                "TMT CPNS pada NIP (%s) jatuh sebelum pegawai berusia %s tahun (lahir %s); "
                "periksa tanggal lahir dan TMT pada NIP."
            ),
            (nip[8:14], MIN_ENTRY_AGE, birth.strftime("%d-%m-%Y")),
        )
    if cpns_start > today.replace(day=1) + dt.timedelta(days=366):
        raise NipError("cpns_start", _("TMT CPNS pada NIP (%s) berada jauh di masa depan."), (nip[8:14],))
    return ParsedNip(nip, kind, birth, gender, sequence, cpns_start=cpns_start)


def build_nip(birth: dt.date, cpns_start: dt.date, gender: Gender, sequence: int) -> str:
    """The inverse of :func:`parse_nip` for NIP PNS (used by demo and scale data)."""
    return f"{birth:%Y%m%d}{cpns_start:%Y%m}{1 if gender == Gender.MALE else 2}{sequence:03d}"


# Golongan/ruang PNS with their pangkat (DOMAIN.md §5). Order is seniority.
PNS_RANKS: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
PPPK_RANKS: dict[str, str] = {
    r: f"Golongan {r}" for r in ("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII").split()
}


def normalize_rank(raw: str) -> str | None:
    """Maps '3a', 'III/A', 'III-a' or the SIASN code '31' to 'III/a'; PPPK 'IX' stays. None if unknown."""
    text = str(raw or "").strip().upper().replace(" ", "").replace("-", "/")
    if not text:
        return None
    numerals = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    if text.isdigit() and len(text) == 2 and text[0] in numerals and text[1] in "12345":
        text = f"{numerals[text[0]]}/{'ABCDE'[int(text[1]) - 1]}"
    elif len(text) == 2 and text[0] in numerals and text[1] in "ABCDE":
        text = f"{numerals[text[0]]}/{text[1]}"
    if "/" in text:
        head, _sep, tail = text.partition("/")
        candidate = f"{head}/{tail.lower()}"
        return candidate if candidate in PNS_RANKS else None
    return text if text in PPPK_RANKS else None


def find_cycle(edges: Mapping[str, str | None], start_keys: Iterable[str] | None = None) -> list[str] | None:
    """Returns a supervisor cycle in ``employee -> supervisor`` edges, or None.

    ``edges`` maps each key to its supervisor's key (or None). Runs in O(n): each node is
    visited once; a node reached again on the current walk closes a cycle.
    """
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known acyclic
    for origin in start_keys if start_keys is not None else edges:
        walk: list[str] = []
        node: str | None = origin
        while node is not None and state.get(node) != 2:
            if state.get(node) == 1:
                return walk[walk.index(node) :] + [node]
            state[node] = 1
            walk.append(node)
            node = edges.get(node)
        for key in walk:
            state[key] = 2
    return None


def formula_like(value: str) -> bool:
    """True for a spreadsheet cell that a spreadsheet would run as a formula (CSV injection)."""
    return bool(value) and value[0] in "=+-@\t\r" and not _is_number(value)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def full_name(name: str, front_title: str = "", back_title: str = "") -> str:
    """'dr. Siti Aminah, M.Kes.': academic titles before and after the name."""
    text = f"{front_title.strip()} {name.strip()}".strip()
    return f"{text}, {back_title.strip()}" if back_title.strip() else text
