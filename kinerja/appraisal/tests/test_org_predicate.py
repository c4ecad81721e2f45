"""Who sets a unit's organisation predicate (DOMAIN.md §1.7): the leader of the organisation
above it or the instansi's admin; never the unit's own head, never pimpinan (read-only), and
another tenant does not even see the unit."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from kinerja.accounts.models import ApiToken
from kinerja.appraisal import rules, services
from kinerja.appraisal.models import UnitPredicate
from kinerja.org.tests.factories import UserFactory

CUT = "2026-Q4"


@pytest.fixture
def heads(cast):
    """The Dinas is headed by ``head``, its Bidang by ``supervisor``."""
    cast.opd.head_position = cast.head_position
    cast.opd.save()
    cast.bidang.head_position = cast.supervisor.position
    cast.bidang.save()
    return UserFactory(employee=cast.head)


def put(client, user, unit, period, predicate="baik"):
    return client.put(
        f"/api/v1/units/{unit.pk}/predicate",
        {"period_id": period.pk, "cut_key": CUT, "predicate": predicate},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}",
    )


@pytest.mark.django_db
def test_the_units_own_head_is_refused(client, cast, period, heads):
    with pytest.raises(ValidationError) as error:
        services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="istimewa", by=cast.atasan)
    assert "pimpinan unit di atasnya" in str(error.value)
    assert put(client, cast.atasan, cast.bidang, period).status_code == 403
    assert not UnitPredicate.objects.exists()


@pytest.mark.django_db
def test_the_head_of_the_unit_above_sets_it(client, cast, period, heads):
    response = put(client, heads, cast.bidang, period, "butuh_perbaikan")
    assert response.status_code == 200 and response.json()["predicate"] == "butuh_perbaikan"
    assert UnitPredicate.objects.get(unit=cast.bidang).set_by == heads
    # ... but not for the Dinas they head themselves.
    assert put(client, heads, cast.opd, period).status_code == 403


@pytest.mark.django_db
def test_the_admin_sets_any_unit_including_a_top_level_one(client, cast, period, heads):
    assert put(client, cast.admin, cast.opd, period, "istimewa").status_code == 200
    assert put(client, cast.admin, cast.bidang, period, "baik").status_code == 200
    assert UnitPredicate.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["pimpinan", "pegawai", "outsider_user"])
def test_read_only_and_unrelated_users_are_refused(client, cast, period, heads, who):
    assert put(client, getattr(cast, who), cast.bidang, period).status_code in (403, 404)
    with pytest.raises(ValidationError):
        services.unit_predicate_set(
            unit=cast.bidang, period=period, cut_key=CUT, predicate="baik", by=getattr(cast, who)
        )
    assert not UnitPredicate.objects.exists()


@pytest.mark.django_db
def test_pimpinan_gets_403(client, cast, period, heads):
    assert put(client, cast.pimpinan, cast.bidang, period).status_code == 403


@pytest.mark.django_db
def test_another_tenant_gets_404(client, cast, other, period, heads):
    assert put(client, other.admin, cast.bidang, period).status_code == 404
    with pytest.raises(ValidationError):
        services.unit_predicate_set(unit=cast.bidang, period=period, cut_key=CUT, predicate="baik", by=other.admin)


@pytest.mark.django_db
def test_the_board_offers_the_form_to_the_head_above_only(client, cast, period, heads):
    from django.urls import reverse

    board = reverse("appraisal:board", args=[period.pk, CUT, cast.bidang.pk])
    client.force_login(cast.atasan)
    assert "Tetapkan predikat" not in client.get(board).content.decode()
    assert client.post(board, {"predicate": "istimewa"}).status_code == 404
    client.force_login(heads)
    assert "Tetapkan predikat" in client.get(board).content.decode()


# ----------------------------------------------------------------------------------- the rule
def test_rule_examples():
    dinas, bidang, seksi = "000001/", "000001/000002/", "000001/000002/000003/"
    assert rules.may_set_org_predicate(bidang, [dinas], manages_instansi=False)
    assert rules.may_set_org_predicate(seksi, [dinas], manages_instansi=False)  # any level above
    assert not rules.may_set_org_predicate(bidang, [bidang], manages_instansi=False)
    assert not rules.may_set_org_predicate(dinas, [bidang], manages_instansi=False)
    assert not rules.may_set_org_predicate("000010/000002/", [dinas], manages_instansi=False)  # no prefix by id
    assert rules.may_set_org_predicate(dinas, [], manages_instansi=True)


PATH = st.lists(st.integers(1, 999_999), min_size=1, max_size=5).map(lambda ids: "".join(f"{i:06d}/" for i in ids))


@given(PATH, st.lists(PATH, max_size=4))
def test_nobody_sets_their_own_units_predicate_unless_they_also_head_a_unit_above(unit, headed):
    allowed = rules.may_set_org_predicate(unit, headed, manages_instansi=False)
    above = [p for p in headed if unit.startswith(p) and len(p) < len(unit)]
    assert allowed == bool(above)
    assert not rules.may_set_org_predicate(unit, [unit], manages_instansi=False)
    assert rules.may_set_org_predicate(unit, headed, manages_instansi=True)
