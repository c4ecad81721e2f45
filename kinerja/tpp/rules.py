"""The TPP (Tambahan Penghasilan Pegawai) of one employee for one month (DOMAIN.md §4).

PP 12/2019 Ps. 58 lets a Pemda pay TPP as its Perkada sets it: every weight, percentage, table
and cap below is a field of ``TppRules``, built from the instansi's configuration of the fiscal
year, never a constant. Amounts are whole rupiah, each column rounded half up on its own (the
way a payment list adds up on paper).

    paid base  = base (kelas jabatan or position) × status factor (CPNS 80%, tugas belajar …)
    kinerja    = paid base × weight kinerja × % of the predikat
    disiplin   = paid base × weight disiplin × (100% − attendance deductions)   [base "disiplin"]
               or the deductions are cut from the paid base as a whole          [base "total"]
    gross      = kinerja + disiplin − attendance cut − sanction cut (PP 94/2021) + adjustments
    BPJS 1%    = on the part of (salary + TPP) under the cap that the salary leaves free
    net        = gross − BPJS 1% − PPh 21

Worked example (DOMAIN.md §4, Pemprov Jatim): kelas 9 (13,320,000), full kinerja and attendance,
salary 5,000,000, cap 12,000,000 → gross 13,320,000; BPJS 1% × 7,000,000 = 70,000; net before
PPh 21 13,250,000. See docs/tpp.md for more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def _(message: str) -> str:
    return message


class TppError(ValueError):
    """A configuration or input the rules cannot work with; the message is for the user."""


class DeductionBase(StrEnum):
    DISIPLIN = "disiplin"  # attendance deductions reduce the disiplin part only
    TOTAL = "total"  # attendance deductions are a percentage of the whole TPP


class KinerjaSource(StrEnum):
    MONTHLY = "monthly"  # the predikat of the month's evaluation (cut "2026-11")
    PERIODIC = "periodic"  # the predikat of the quarter the month is in (cut "2026-Q4")


def rupiah(value: Decimal) -> int:
    """Rounds to the whole rupiah, half up (Rp 0.5 → Rp 1)."""
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def check_weights(kinerja: Decimal, disiplin: Decimal) -> None:
    if kinerja < 0 or disiplin < 0:
        raise TppError(_("Bobot tidak boleh negatif."))
    if kinerja + disiplin != HUNDRED:
        raise TppError(_("Bobot kinerja dan disiplin harus berjumlah 100%."))


def check_pct(value: Decimal) -> None:
    if not ZERO <= value <= HUNDRED:
        raise TppError(_("Persentase harus antara 0 dan 100."))


def check_amount(value: int) -> None:
    if value < 0:
        raise TppError(_("Besaran TPP tidak boleh negatif."))


@dataclass(frozen=True)
class TppRules:
    weight_kinerja: Decimal
    weight_disiplin: Decimal
    predikat_pct: Mapping[str, Decimal]
    no_report_pct: Decimal
    deduction_base: DeductionBase
    cpns_pct: Decimal
    study_pct: Decimal
    leave_allowance_days: int
    leave_excess_pct: Decimal
    bpjs_employee_pct: Decimal
    bpjs_employer_pct: Decimal
    bpjs_cap: int
    pph21_pct: Mapping[str, Decimal]  # "IV", "III", "II", "I", "PPPK" → percent

    def __post_init__(self):
        check_weights(self.weight_kinerja, self.weight_disiplin)
        for value in (
            self.no_report_pct,
            self.cpns_pct,
            self.study_pct,
            self.leave_excess_pct,
            self.bpjs_employee_pct,
            self.bpjs_employer_pct,
            *self.predikat_pct.values(),
            *self.pph21_pct.values(),
        ):
            check_pct(value)
        check_amount(self.bpjs_cap)
        if self.leave_allowance_days < 0:
            raise TppError(_("Jatah cuti tidak boleh negatif."))


@dataclass(frozen=True)
class TppInput:
    base: int
    predikat: str  # "" when the month has no final evaluation
    attendance_deduction_pct: Decimal
    counted_leave_days: int  # days of cuti that count against the allowance
    sanction_pct: Decimal
    status: str  # org Employee.Status value
    on_study: bool
    salary: int
    rank: str  # golongan/ruang, e.g. "III/a"


@dataclass(frozen=True)
class TppResult:
    base: int
    status_factor_pct: Decimal
    paid_base: int
    kinerja_pct: Decimal
    disiplin_pct: Decimal
    attendance_deduction_pct: Decimal
    kinerja_amount: int
    disiplin_amount: int
    attendance_cut: int
    sanction_pct: Decimal
    sanction_cut: int
    gross: int
    bpjs_employee: int
    bpjs_employer: int
    net_before_tax: int
    pph21_pct: Decimal
    pph21: int
    net: int


def status_factor(status: str, on_study: bool, rules: TppRules) -> Decimal:
    """CPNS receive ``cpns_pct`` (80% where the Perkada says so); tugas belajar ``study_pct``;
    both at once, the lower."""
    factor = HUNDRED
    if status == "cpns":
        factor = min(factor, rules.cpns_pct)
    if on_study:
        factor = min(factor, rules.study_pct)
    return factor


def rank_group(rank: str) -> str:
    """'III/a' → 'III'; PPPK golongan (I … XVII without a letter) → 'PPPK'; unknown → ''."""
    if "/" in rank:
        return rank.split("/", 1)[0].upper()
    return "PPPK" if rank else ""


def bpjs_basis(gross: int, salary: int, cap: int) -> int:
    """The part of the TPP that BPJS Kesehatan is charged on: salary + TPP is capped, and the
    salary fills the cap first."""
    return max(0, min(gross, cap - salary))


def compute(inp: TppInput, rules: TppRules) -> TppResult:
    check_amount(inp.base)
    factor = status_factor(inp.status, inp.on_study, rules)
    paid_base = rupiah(Decimal(inp.base) * factor / HUNDRED)
    kinerja_pct = rules.predikat_pct.get(inp.predikat, rules.no_report_pct) if inp.predikat else rules.no_report_pct
    excess_leave = max(0, inp.counted_leave_days - rules.leave_allowance_days)
    deduction = (
        ZERO if inp.on_study else min(HUNDRED, inp.attendance_deduction_pct + excess_leave * rules.leave_excess_pct)
    )
    if rules.deduction_base == DeductionBase.DISIPLIN:
        disiplin_pct, attendance_cut = HUNDRED - deduction, 0
    else:
        disiplin_pct, attendance_cut = HUNDRED, rupiah(paid_base * deduction / HUNDRED)
    kinerja_amount = rupiah(paid_base * rules.weight_kinerja * kinerja_pct / (HUNDRED * HUNDRED))
    disiplin_amount = rupiah(paid_base * rules.weight_disiplin * disiplin_pct / (HUNDRED * HUNDRED))
    before_sanction = max(0, kinerja_amount + disiplin_amount - attendance_cut)
    sanction_pct = min(HUNDRED, max(ZERO, inp.sanction_pct))
    sanction_cut = rupiah(before_sanction * sanction_pct / HUNDRED)
    gross = before_sanction - sanction_cut
    basis = bpjs_basis(gross, inp.salary, rules.bpjs_cap)
    bpjs_employee = rupiah(basis * rules.bpjs_employee_pct / HUNDRED)
    bpjs_employer = rupiah(basis * rules.bpjs_employer_pct / HUNDRED)
    tax_pct = rules.pph21_pct.get(rank_group(inp.rank), ZERO)
    pph21 = rupiah(gross * tax_pct / HUNDRED)
    return TppResult(
        base=inp.base,
        status_factor_pct=factor,
        paid_base=paid_base,
        kinerja_pct=kinerja_pct,
        disiplin_pct=disiplin_pct,
        attendance_deduction_pct=deduction,
        kinerja_amount=kinerja_amount,
        disiplin_amount=disiplin_amount,
        attendance_cut=attendance_cut,
        sanction_pct=sanction_pct,
        sanction_cut=sanction_cut,
        gross=gross,
        bpjs_employee=bpjs_employee,
        bpjs_employer=bpjs_employer,
        net_before_tax=gross - bpjs_employee,
        pph21_pct=tax_pct,
        pph21=pph21,
        net=gross - bpjs_employee - pph21,
    )


@dataclass(frozen=True)
class Adjustment:
    gross: int
    pph21: int
    net: int


def adjustment(*, recomputed_gross: int, paid_gross: int, already_adjusted: int, tax_pct: Decimal) -> Adjustment:
    """A closed month is never recomputed: what a later correction changes is paid (or taken
    back) in the next draft month as its own row. Adjustments already made for the same month are
    subtracted, so a difference is paid once."""
    difference = recomputed_gross - paid_gross - already_adjusted
    pph21 = rupiah(Decimal(difference) * tax_pct / HUNDRED)
    return Adjustment(difference, pph21, difference - pph21)
