"""TPP rules: the Jatim worked example of DOMAIN.md §4, weights, bands applied to either base,
CPNS factor, sanctions, rounding to the rupiah, the BPJS cap, adjustments."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.tpp import rules
from kinerja.tpp.rules import DeductionBase, TppInput, TppRules

D = Decimal


def make_rules(**kw) -> TppRules:
    values = dict(
        weight_kinerja=D("60"),
        weight_disiplin=D("40"),
        predikat_pct={
            "sangat_baik": D("100"),
            "baik": D("100"),
            "butuh_perbaikan": D("80"),
            "kurang": D("60"),
            "sangat_kurang": D("40"),
        },
        no_report_pct=D("0"),
        deduction_base=DeductionBase.DISIPLIN,
        cpns_pct=D("80"),
        study_pct=D("0"),
        leave_allowance_days=12,
        leave_excess_pct=D("2"),
        bpjs_employee_pct=D("1"),
        bpjs_employer_pct=D("4"),
        bpjs_cap=12_000_000,
        pph21_pct={"IV": D("15"), "III": D("5"), "II": D("0"), "I": D("0")},
    )
    values.update(kw)
    return TppRules(**values)


def make_input(**kw) -> TppInput:
    values = dict(
        base=13_320_000,
        predikat="baik",
        attendance_deduction_pct=D("0"),
        counted_leave_days=0,
        sanction_pct=D("0"),
        status="pns",
        on_study=False,
        salary=5_000_000,
        rank="II/c",
    )
    values.update(kw)
    return TppInput(**values)


@pytest.mark.parametrize(("wk", "wd"), [(D("40"), D("60")), (D("60"), D("40"))])  # Jatim and Sampang
def test_jatim_worked_example(wk, wd):
    result = rules.compute(make_input(), make_rules(weight_kinerja=wk, weight_disiplin=wd))
    assert result.gross == 13_320_000
    assert result.bpjs_employee == 70_000  # 1% × (12,000,000 − 5,000,000)
    assert result.bpjs_employer == 280_000
    assert result.net_before_tax == 13_250_000


def test_weights_must_add_up_to_100():
    with pytest.raises(rules.TppError, match="100%"):
        make_rules(weight_kinerja=D("60"), weight_disiplin=D("30"))
    with pytest.raises(rules.TppError):
        make_rules(weight_kinerja=D("110"), weight_disiplin=D("-10"))


def test_negative_base_is_refused():
    with pytest.raises(rules.TppError):
        rules.compute(make_input(base=-1), make_rules())


def test_deduction_base_disiplin_versus_total():
    # DOMAIN.md §4: the same 1% is 16,000 on the disiplin part (40% of 4,000,000) or 40,000 on the whole TPP.
    inp = make_input(base=4_000_000, attendance_deduction_pct=D("1"), salary=0)
    on_disiplin = rules.compute(inp, make_rules())
    on_total = rules.compute(inp, make_rules(deduction_base=DeductionBase.TOTAL))
    assert 4_000_000 - on_disiplin.gross == 16_000
    assert 4_000_000 - on_total.gross == 40_000


def test_cpns_receive_their_factor_and_no_report_means_no_kinerja_part():
    cpns = rules.compute(make_input(status="cpns", base=5_000_000), make_rules())
    assert (cpns.paid_base, cpns.gross) == (4_000_000, 4_000_000)
    no_report = rules.compute(make_input(predikat="", base=5_000_000), make_rules())
    assert no_report.kinerja_amount == 0 and no_report.gross == 2_000_000


def test_sanction_cuts_a_quarter_and_leave_beyond_allowance_costs():
    sanctioned = rules.compute(make_input(base=4_000_000, sanction_pct=D("25"), salary=0), make_rules())
    assert (sanctioned.sanction_cut, sanctioned.gross) == (1_000_000, 3_000_000)
    leave = rules.compute(make_input(base=4_000_000, counted_leave_days=14), make_rules())
    assert leave.disiplin_pct == D("96")  # two days over 12 × 2%


def test_tugas_belajar_follows_its_factor_without_attendance_cuts():
    result = rules.compute(make_input(on_study=True, attendance_deduction_pct=D("100")), make_rules(study_pct=D("50")))
    assert result.paid_base == 6_660_000 and result.disiplin_pct == 100


def test_pph21_by_golongan_and_rounding_half_up():
    result = rules.compute(make_input(base=1_234_567, rank="III/b", salary=0), make_rules())
    assert result.pph21 == rules.rupiah(D(result.gross) * D("0.05"))
    assert rules.rupiah(D("0.5")) == 1 and rules.rupiah(D("1.49")) == 1 and rules.rupiah(D("2.5")) == 3
    assert rules.rank_group("IV/a") == "IV" and rules.rank_group("IX") == "PPPK" and rules.rank_group("") == ""


def test_bpjs_cap_when_the_salary_alone_is_above_it():
    assert rules.bpjs_basis(gross=5_000_000, salary=13_000_000, cap=12_000_000) == 0
    assert rules.bpjs_basis(gross=1_000_000, salary=5_000_000, cap=12_000_000) == 1_000_000


def test_adjustment_pays_a_difference_once():
    first = rules.adjustment(recomputed_gross=1_000_000, paid_gross=900_000, already_adjusted=0, tax_pct=D("5"))
    assert (first.gross, first.pph21, first.net) == (100_000, 5_000, 95_000)
    again = rules.adjustment(recomputed_gross=1_000_000, paid_gross=900_000, already_adjusted=100_000, tax_pct=D("5"))
    assert again.gross == 0


pct = st.decimals(min_value=0, max_value=100, places=2)


@settings(deadline=None)
@given(
    base=st.integers(0, 60_000_000),
    deduction=pct,
    sanction=pct,
    leave=st.integers(0, 31),
    predikat=st.sampled_from(["", "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]),
    status=st.sampled_from(["pns", "cpns", "pppk"]),
    salary=st.integers(0, 20_000_000),
    weight=st.integers(0, 100),
    total=st.booleans(),
)
def test_amounts_stay_within_bounds(base, deduction, sanction, leave, predikat, status, salary, weight, total):
    tpp_rules = make_rules(
        weight_kinerja=D(weight),
        weight_disiplin=D(100 - weight),
        deduction_base=DeductionBase.TOTAL if total else DeductionBase.DISIPLIN,
    )
    result = rules.compute(
        make_input(
            base=base,
            attendance_deduction_pct=deduction,
            sanction_pct=sanction,
            counted_leave_days=leave,
            predikat=predikat,
            status=status,
            salary=salary,
            rank="III/a",
        ),
        tpp_rules,
    )
    assert 0 <= result.gross <= result.paid_base + 1  # +1: two columns each rounded half up
    assert 0 <= result.net <= result.net_before_tax <= result.gross
    assert result.bpjs_employee <= rules.rupiah(D(tpp_rules.bpjs_cap) / 100)
    assert all(isinstance(v, int) for v in (result.gross, result.net, result.pph21, result.bpjs_employee))


@settings(deadline=None)
@given(base=st.integers(0, 60_000_000), low=pct, high=pct)
def test_more_deduction_never_pays_more(base, low, high):
    low, high = sorted((low, high))
    tpp_rules = make_rules()
    a = rules.compute(make_input(base=base, attendance_deduction_pct=low), tpp_rules)
    b = rules.compute(make_input(base=base, attendance_deduction_pct=high), tpp_rules)
    assert b.gross <= a.gross


def test_docs_example_7_lateness_on_the_disiplin_part():
    # docs/tpp.md: 17 days absent (4%) and one day 45 minutes late (1%) = 69%.
    result = rules.compute(make_input(attendance_deduction_pct=D("69")), make_rules())
    assert result.disiplin_pct == 31 and result.disiplin_amount == 1_651_680
    assert result.gross == 7_992_000 + 1_651_680
