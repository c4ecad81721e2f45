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
    awaiting_parent: bool = False  # the supervisor's RHK does not exist yet: linked after approval


def submission_problems(rhks: list[RhkDraft], *, jpt: bool) -> list[tuple[str, dict]]:
    """What keeps an SKP from being submitted, as (msgid, params) pairs; empty: it may be submitted.

    - at least one RHK Utama (Hasil Kerja Utama is required);
    - every RHK has at least one indicator with a target;
    - every RHK supports something: a leader RHK it intervenes (non-JPT), an organisational
      goal/IKU (JPT), or is explicitly marked as own initiative / additional (DOMAIN.md §7.2), or
      (non-JPT) waits for the supervisor's RHK, to be linked once it exists.
    """
    problems: list[tuple[str, dict]] = []
    if not any(r.kind == "utama" for r in rhks):
        problems.append((_("SKP harus memiliki paling sedikit satu Rencana Hasil Kerja utama."), {}))
    for index, rhk in enumerate(rhks, start=1):
        if not rhk.indicators:
            problems.append((_("RHK %(n)s belum memiliki indikator dan target."), {"n": index}))
        waiting = rhk.awaiting_parent and not jpt
        if not rhk.parent_linked and not rhk.own_initiative and not waiting and rhk.kind == "utama":
            message = (
                _("RHK %(n)s belum dikaitkan dengan sasaran/IKU organisasi.")
                if jpt
                else _(
                    "RHK %(n)s belum dikaitkan dengan RHK atasan (intervensi), ditandai inisiatif sendiri, "
                    "atau ditandai menunggu RHK atasan."
                )
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


# ------------------------------------------------------------------ periodic targets (rencana aksi)
class TargetMode(StrEnum):
    """How an indicator's yearly target is cut into periodic targets (rencana aksi, DOMAIN.md §1.6).

    - EVEN: the year's target split over the periods; a period's own output is compared with its
      share (100 letters a year → 25 a quarter).
    - CUMULATIVE: the running total by the end of each period (25, 50, 75, 100), compared with the
      output of the year so far.
    - CONSTANT: the same level in every period (a percentage, an index, a score, days per case): the
      period's figure is compared with the year's target itself.
    """

    EVEN = "even"
    CUMULATIVE = "cumulative"
    CONSTANT = "constant"


CENT = Decimal("0.01")


def cut_count(cut: str) -> int:
    """Periods in a year: 4 quarters or 12 months."""
    return 4 if cut == "quarterly" else 12


def cut_period_keys(year: int, cut: str) -> list[str]:
    """The periodic keys of a year in order: '2026-Q1'… or '2026-01'… (the keys activities carry)."""
    if cut == "quarterly":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def cut_index(cut_key: str) -> int | None:
    """0-based position of a periodic key in its year ('2026-Q3' → 2, '2026-11' → 10); None for the
    annual key ('2026')."""
    if len(cut_key) == 4:
        return None
    part = cut_key.split("-")[1]
    return int(part[1:]) - 1 if part.startswith("Q") else int(part) - 1


def split_even(total: Decimal, n: int) -> list[Decimal]:
    """The year's target split into ``n`` periodic targets that add up to it exactly.

    Whole targets are split in whole units when there are at least as many units as periods (12
    documents a year → 3 a quarter; 10 → 3, 3, 2, 2), otherwise to the cent. The remainder goes to
    the earliest periods, one unit each (largest remainder), so no two parts differ by more than
    one unit."""
    if n <= 0:
        raise ValueError("n must be positive")
    quantum = Decimal(1) if total == total.to_integral_value() and total >= n else CENT
    units = int((total / quantum).to_integral_value())
    base, extra = divmod(units, n)
    return [(base + (1 if index < extra else 0)) * quantum for index in range(n)]


def cumulative(parts: list[Decimal]) -> list[Decimal]:
    """Running totals of periodic parts: the cumulative target at the end of each period."""
    running, result = Decimal(0), []
    for part in parts:
        running += part
        result.append(running)
    return result


def default_period_targets(total: Decimal, n: int, mode: str) -> list[Decimal]:
    """The periodic targets an indicator starts with, per its mode."""
    mode = TargetMode(mode)
    if mode == TargetMode.CONSTANT:
        return [total] * n
    parts = split_even(total, n)
    return cumulative(parts) if mode == TargetMode.CUMULATIVE else parts


def check_period_targets(values: list[Decimal], total: Decimal, mode: str) -> RuleError | None:
    """Why a set of periodic targets does not fit the year's target, or None when it does.

    Even: positive or zero parts that add up to the year's target. Cumulative: never decreasing,
    ending at the year's target. Constant: every period has a positive target."""
    mode = TargetMode(mode)
    if any(v < 0 for v in values):
        return RuleError(_("Target periodik tidak boleh negatif."))
    if mode == TargetMode.EVEN:
        if sum(values, Decimal(0)) != total:
            return RuleError(
                _("Jumlah target periodik (%(sum)s) harus sama dengan target tahunan (%(total)s)."),
                {"sum": sum(values, Decimal(0)).normalize(), "total": total.normalize()},
            )
    elif mode == TargetMode.CUMULATIVE:
        if any(b < a for a, b in zip(values, values[1:], strict=False)):
            return RuleError(_("Target kumulatif tidak boleh turun dari periode ke periode."))
        if values and values[-1] != total:
            return RuleError(
                _("Target kumulatif periode terakhir harus sama dengan target tahunan (%(total)s)."),
                {"total": total.normalize()},
            )
    elif any(v <= 0 for v in values):
        return RuleError(_("Setiap periode harus memiliki target lebih besar dari nol."))
    return None


def period_target(total: Decimal, mode: str, cut_key: str, n: int, stored: Decimal | None = None) -> Decimal:
    """The target a cut is measured against: the year's target for the annual cut, the stored
    periodic target when there is one, else the default of the indicator's mode."""
    index = cut_index(cut_key)
    if index is None:
        return total
    if stored is not None:
        return stored
    return default_period_targets(total, n, mode)[index]


def achievement_pct(realized: Decimal | None, target: Decimal, *, lower_is_better: bool = False, cap: int = 120) -> int:
    """Achievement against target in percent, never negative, capped (PermenPANRB 6/2022 has no
    numeric formula; the cap keeps one over-achieved indicator from hiding others).

    Higher-is-better: realized / target. Lower-is-better (days to issue a document, spending
    against budget): target / realized, so finishing in half the allowed time earns the cap, and
    a measured 0 (nothing spent, no waiting) earns the cap too. ``None`` means nothing was
    measured: 0 either way."""
    if target <= 0 or realized is None:
        return 0
    if lower_is_better:
        if realized <= 0:
            return cap
        value = target / realized * 100
    else:
        value = realized / target * 100
    return int(min(Decimal(cap), max(Decimal(0), value)).to_integral_value())


LEVEL_UNITS = {"%", "persen", "indeks", "nilai", "skor", "hari", "jam", "menit"}


def suggested_mode(*, aspect: str, direction: str, metric: str, unit: str) -> TargetMode:
    """The periodic-target mode an indicator starts with when none is chosen: a level (a
    percentage, an index, a score, a duration, a bound metric, anything lower-is-better) keeps the
    same target every period; a count of output, or a budget, is split evenly."""
    if aspect == "biaya" and not metric:
        return TargetMode.EVEN
    if metric or direction == "lower" or aspect in {"kualitas", "waktu"} or unit.strip().lower() in LEVEL_UNITS:
        return TargetMode.CONSTANT
    return TargetMode.EVEN


def parse_amount(raw: str) -> Decimal:
    """A periodic target of zero or more (nothing may be planned for a month), to the cent, typed
    the Indonesian way ('1.250,5') or the plain way. Raises RuleError."""
    text = str(raw).strip().replace(" ", "")
    if not text:
        raise RuleError(_("Isi target periode ini (boleh 0)."))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RuleError(_("Target periodik harus angka nol atau lebih.")) from None
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise RuleError(_("Target periodik harus angka nol atau lebih."))
    if value != value.quantize(CENT):
        raise RuleError(_("Target periodik paling banyak dua angka di belakang koma."))
    return value.quantize(CENT)


def cut_label(cut_key: str, translate=_) -> str:
    """'2026' → 'Tahunan 2026', '2026-Q2' → 'Triwulan II 2026', '2026-03' → 'Bulan 03/2026'.
    `translate` is the caller's gettext (this module imports nothing from Django)."""
    if len(cut_key) == 4:
        return translate(_("Tahunan %(year)s")) % {"year": cut_key}
    year, part = cut_key.split("-")
    if part.startswith("Q"):
        quarter = ["I", "II", "III", "IV"][int(part[1]) - 1]
        return translate(_("Triwulan %(q)s %(year)s")) % {"q": quarter, "year": year}
    return translate(_("Bulan %(month)s/%(year)s")) % {"month": part, "year": year}


# ------------------------------------------------------------------ the four aspects (DOMAIN.md §1.2)
MAX_QUALITY = Decimal(100)


def aspect_figure(
    aspect: str, *, quantity: Decimal, entries: int, score_total: Decimal = Decimal(0), scored: int = 0
) -> Decimal | None:
    """The realization of an indicator from its verified entries, each aspect measured its own way;
    None when nothing is measured yet (achievement 0, whatever the direction).

    - kuantitas: the sum of verified output;
    - kualitas: the mean of the quality scores (0–100) the supervisor gave when accepting entries;
    - waktu: the mean days/hours per verified entry (each entry is one case: its turnaround);
    - biaya: the spending entered (with evidence), summed, against the budget.
    """
    if aspect == "kualitas":
        return (score_total / scored).quantize(CENT) if scored else None
    if aspect == "waktu":
        return (quantity / entries).quantize(CENT) if entries else None
    return quantity if entries else None  # kuantitas and biaya: sums


def measure(
    aspect: str,
    direction: str,
    target: Decimal,
    *,
    quantity: Decimal,
    entries: int,
    score_total: Decimal = Decimal(0),
    scored: int = 0,
) -> tuple[Decimal | None, int]:
    """(realization, achievement %) of an indicator measured from its verified entries. A count of
    output with nothing verified yet is 0 (shown as 0 against its target), still scored as nothing
    measured (0 %, whatever the direction); a mean or spending with no entries stays None."""
    figure = aspect_figure(aspect, quantity=quantity, entries=entries, score_total=score_total, scored=scored)
    pct = achievement_pct(figure, target, lower_is_better=direction == "lower")
    if figure is None and aspect == "kuantitas":
        figure = quantity
    return figure, pct


def check_quality_score(raw: str | int | Decimal | None) -> Decimal | None:
    """A supervisor's quality score for an accepted entry: empty (none given) or 0–100.
    Raises RuleError."""
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise RuleError(_("Nilai mutu harus angka 0–100.")) from None
    if not value.is_finite() or value < 0 or value > MAX_QUALITY:
        raise RuleError(_("Nilai mutu harus angka 0–100."))
    return value.quantize(CENT)


def aspect_source(aspect: str, metric: str) -> str:
    """Where an indicator's figure comes from, and what the employee does to give it one (a msgid
    for the pages)."""
    if metric:
        return _("Dihitung otomatis dari suara warga; pegawai tidak perlu melaporkan.")
    return {
        "kualitas": _(
            "Rata-rata nilai mutu (0–100) yang diberikan atasan saat menerima kegiatan. Catat kegiatan untuk "
            "indikator ini dengan bukti; atasan memberi nilai mutunya di kotak verifikasi."
        ),
        "waktu": _(
            "Rata-rata waktu penyelesaian per kegiatan terverifikasi. Catat satu kegiatan per perkara dengan "
            "lama penyelesaiannya (hari/jam) sebagai jumlah keluaran."
        ),
        "biaya": _(
            "Jumlah belanja yang dicatat terhadap anggaran (makin hemat makin baik). Catat setiap belanja "
            "sebagai kegiatan dengan bukti (kuitansi/SPJ); tanpa bukti tidak dapat dicatat."
        ),
    }.get(aspect, _("Jumlah keluaran kegiatan yang sudah diterima atasan."))
