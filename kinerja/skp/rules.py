"""Planning rules: SKP workflow transitions, completeness, BerAKHLAK (PermenPANRB 6/2022).

No Django imports: these are read and tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


def _(message: str) -> str:
    """Marks a msgid for translation without importing Django."""
    return message


class SkpStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    SUPERSEDED = "superseded"  # an approved revision replaced by a newer approved one


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    SUPERSEDE = "supersede"


# Pasal 5–7: the employee drafts and submits, the pejabat penilai approves or returns; an approved
# SKP is locked and changes only through a new revision (mid-year change, with a reason).
TRANSITIONS: dict[tuple[SkpStatus, Action], SkpStatus] = {
    (SkpStatus.DRAFT, Action.SUBMIT): SkpStatus.SUBMITTED,
    (SkpStatus.RETURNED, Action.SUBMIT): SkpStatus.SUBMITTED,
    (SkpStatus.SUBMITTED, Action.RETURN): SkpStatus.RETURNED,
    (SkpStatus.SUBMITTED, Action.APPROVE): SkpStatus.APPROVED,
    (SkpStatus.APPROVED, Action.SUPERSEDE): SkpStatus.SUPERSEDED,
}
EDITABLE = {SkpStatus.DRAFT, SkpStatus.RETURNED}


class RuleError(ValueError):
    """A broken rule: ``message`` is a msgid, ``params`` fill its placeholders after translation."""

    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params or {}


class TransitionError(RuleError):
    pass


def next_status(current: SkpStatus, action: Action) -> SkpStatus:
    """The status after ``action``, or TransitionError with a message naming why not."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        if action == Action.SUBMIT and current == SkpStatus.SUBMITTED:
            raise TransitionError(_("SKP ini sudah diajukan dan menunggu persetujuan.")) from None
        if current == SkpStatus.APPROVED:
            raise TransitionError(_("SKP yang sudah disetujui terkunci; ajukan revisi untuk mengubahnya.")) from None
        raise TransitionError(
            _("Tindakan ini tidak berlaku untuk SKP berstatus %(status)s."), {"status": current}
        ) from None


@dataclass(frozen=True)
class IndicatorDraft:
    text: str
    aspect: str
    target: Decimal | None
    unit: str
    target_text: str = ""


@dataclass(frozen=True)
class RhkDraft:
    text: str
    kind: str  # utama | tambahan
    indicators: tuple[IndicatorDraft, ...]
    parent_linked: bool  # intervenes a supervisor RHK (non-JPT) or a goal/IKU (JPT)
    own_initiative: bool


def submission_problems(rhks: list[RhkDraft], *, jpt: bool) -> list[tuple[str, dict]]:
    """What keeps an SKP from being submitted, as (msgid, params) pairs; empty: it may be submitted.

    - at least one RHK Utama (Hasil Kerja Utama is required);
    - every RHK has at least one indicator with a target;
    - every RHK supports something: a leader RHK it intervenes (non-JPT), an organisational
      goal/IKU (JPT), or is explicitly marked as own initiative / additional (DOMAIN.md §7.2).
    """
    problems: list[tuple[str, dict]] = []
    if not any(r.kind == "utama" for r in rhks):
        problems.append((_("SKP harus memiliki paling sedikit satu Rencana Hasil Kerja utama."), {}))
    for index, rhk in enumerate(rhks, start=1):
        if not rhk.indicators:
            problems.append((_("RHK %(n)s belum memiliki indikator dan target."), {"n": index}))
        if not rhk.parent_linked and not rhk.own_initiative and rhk.kind == "utama":
            message = (
                _("RHK %(n)s belum dikaitkan dengan sasaran/IKU organisasi.")
                if jpt
                else _("RHK %(n)s belum dikaitkan dengan RHK atasan (intervensi) atau ditandai inisiatif sendiri.")
            )
            problems.append((message, {"n": index}))
    return problems


def parse_target(raw: str) -> Decimal:
    """A positive target quantity typed the Indonesian way ('1.250,5') or the plain way ('1250.5').

    Raises RuleError."""
    text = str(raw).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RuleError(_("Target harus berupa angka.")) from None
    if not value.is_finite() or value <= 0:
        raise RuleError(_("Target harus angka lebih besar dari nol."))
    if value >= Decimal("1e12"):
        raise RuleError(_("Target terlalu besar."))
    return value


# Perilaku Kerja: the seven BerAKHLAK core values with their three guide behaviours (DOMAIN.md §1.3).
BERAKHLAK: tuple[tuple[str, str, tuple[str, str, str]], ...] = (
    (
        "berorientasi_pelayanan",
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    (
        "akuntabel",
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    (
        "kompeten",
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    (
        "harmonis",
        "Harmonis",
        (
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    (
        "loyal",
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, UUD 1945, setia pada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    (
        "adaptif",
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    (
        "kolaboratif",
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)
BERAKHLAK_CODES = tuple(code for code, _label, _guides in BERAKHLAK)

# JPT SKP perspectives (DOMAIN.md §1.2; official wording UNCONFIRMED, so kept as data).
PERSPECTIVES = (
    ("penerima_layanan", "Perspektif Penerima Layanan"),
    ("proses_bisnis", "Perspektif Proses Bisnis"),
    ("penguatan_internal", "Perspektif Penguatan Internal"),
    ("anggaran", "Perspektif Anggaran"),
)


def parse_template_lines(text: str) -> list[dict]:
    """Reads a performance-standard template written one indicator per line:

    ``RHK | indikator | aspek | target | satuan | arah`` (arah: naik/turun; aspek: kuantitas,
    kualitas, waktu, biaya). Lines with the same RHK text form one RHK. Raises RuleError with
    the line number.
    """
    results: dict[str, dict] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 6 or not all(parts[:2]) or not parts[4]:
            raise RuleError(
                _("Baris %(n)s: tulis 6 bagian dipisah '|': RHK | indikator | aspek | target | satuan | arah."),
                {"n": number},
            )
        rhk, indicator, aspect, target, unit, direction = parts
        if aspect.lower() not in {"kuantitas", "kualitas", "waktu", "biaya"}:
            raise RuleError(_("Baris %(n)s: aspek harus kuantitas, kualitas, waktu atau biaya."), {"n": number})
        if direction.lower() not in {"naik", "turun"}:
            raise RuleError(_("Baris %(n)s: arah harus 'naik' atau 'turun'."), {"n": number})
        try:
            value = parse_target(target)
        except RuleError as error:
            raise RuleError(_("Baris %(n)s: target tidak sah (%(e)s)"), {"n": number, "e": error}) from None
        results.setdefault(rhk, {"text": rhk, "indicators": []})["indicators"].append(
            {
                "text": indicator,
                "aspect": aspect.lower(),
                "target": str(value),
                "unit": unit,
                "direction": "higher" if direction.lower() == "naik" else "lower",
            }
        )
    if not results:
        raise RuleError(_("Templat harus berisi paling sedikit satu baris."))
    return list(results.values())
