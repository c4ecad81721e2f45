"""Plan before the supervisor: an RHK marked "menunggu RHK atasan" lets the SKP be submitted and
approved; once the supervisor's RHK exists it is linked on the approved SKP, with no new approval."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import approved_skp
from kinerja.accounts.models import ApiToken
from kinerja.notifications.models import Notification
from kinerja.org.tests.factories import EmployeeFactory, UserFactory
from kinerja.skp import rules, services
from kinerja.skp.models import Rhk, Skp, SkpStatusChange

pytestmark = pytest.mark.django_db


def test_a_waiting_rhk_passes_submission_but_not_on_a_jpt_skp():
    draft = rules.RhkDraft(
        "Layanan", "utama", (rules.IndicatorDraft("x", "kuantitas", 1, "x"),), False, False, awaiting_parent=True
    )
    assert rules.submission_problems([draft], jpt=False) == []
    assert rules.submission_problems([draft], jpt=True) != []
    unlinked = rules.RhkDraft("Layanan", "utama", draft.indicators, False, False)
    assert rules.submission_problems([unlinked], jpt=False) != []


def _approved_waiting(cast, period):
    """The employee's SKP, approved with one RHK waiting for the supervisor's (who has none yet)."""
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = services.rhk_save(skp=skp, text="Sampel air diperiksa", kind="utama", awaiting_parent=True)
    services.indicator_save(
        rhk=rhk, text="Sampel", aspect="kuantitas", target="40", target_unit="sampel", direction="higher"
    )
    services.skp_submit(skp=skp, by=cast.pegawai)
    return services.skp_approve(skp=skp, by=cast.atasan), rhk


@pytest.fixture
def head_user(cast):
    return UserFactory(employee=cast.head)


def test_linking_later_keeps_the_skp_approved_and_is_recorded(cast, period, head_user):
    skp, rhk = _approved_waiting(cast, period)
    assert skp.status == "approved" and Rhk.objects.get(pk=rhk.pk).awaiting_parent
    supervisor_skp = approved_skp(cast.supervisor, period, cast.atasan, head_user, text="Kualitas air terjaga")
    # the supervisor's approval tells the employee their RHK can be linked now
    assert Notification.objects.filter(user=cast.pegawai, text__contains="kaitkan RHK Anda").exists()
    parent = supervisor_skp.rhks.get()
    services.rhk_link(rhk=rhk, parent=parent, by=cast.pegawai)
    linked = Rhk.objects.get(pk=rhk.pk)
    assert linked.parent == parent and not linked.awaiting_parent and not linked.own_initiative
    assert Skp.objects.get(pk=skp.pk).status == "approved"
    step = SkpStatusChange.objects.filter(skp=skp).latest("at")
    assert step.from_status == step.to_status == "approved" and "dikaitkan" in step.comment
    assert Notification.objects.filter(user=cast.atasan, text__contains="dikaitkan dengan RHK atasan").exists()
    with pytest.raises(ValidationError, match="sudah mengintervensi"):
        services.rhk_link(rhk=linked, parent=parent, by=cast.pegawai)


def test_linking_later_is_refused_to_others_to_a_draft_parent_and_to_another_supervisor(cast, period, head_user):
    skp, rhk = _approved_waiting(cast, period)
    draft_parent = services.rhk_save(
        skp=services.skp_create(employee=cast.supervisor, period=period, by=cast.atasan),
        text="Draf atasan",
        kind="utama",
        own_initiative=True,
    )
    with pytest.raises(ValidationError, match="masih draf"):
        services.rhk_link(rhk=rhk, parent=draft_parent, by=cast.pegawai)
    for user in (cast.outsider_user, cast.admin, head_user):
        with pytest.raises(ValidationError, match="pegawai atau pejabat penilainya"):
            services.rhk_link(rhk=rhk, parent=draft_parent, by=user)
    peer = EmployeeFactory(unit=cast.bidang, supervisor=cast.head, name="Kepala Seksi Lain")
    other_skp = approved_skp(peer, period, UserFactory(employee=peer), head_user)
    with pytest.raises(ValidationError):  # not the pejabat penilai's RHK
        services.rhk_link(rhk=rhk, parent=other_skp.rhks.get(), by=cast.pegawai)
    assert Rhk.objects.get(pk=rhk.pk).parent is None


def test_linking_through_the_page_and_the_api(client, cast, period, head_user):
    skp, rhk = _approved_waiting(cast, period)
    client.force_login(cast.pegawai)
    page = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Menunggu RHK atasan" in page and "Anda diberi tahu begitu SKP atasan disetujui" in page
    parent = approved_skp(cast.supervisor, period, cast.atasan, head_user, text="Kualitas air terjaga").rhks.get()
    page = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Kaitkan dengan RHK atasan" in page and "Kualitas air terjaga" in page
    url = reverse("skp:rhk_link", args=[skp.pk, rhk.pk])
    response = client.post(url, {"parent": ""}, follow=True)
    assert "Pilih RHK atasan dari daftar." in response.content.decode()
    client.force_login(cast.pimpinan)
    assert client.post(url, {"parent": parent.pk}).status_code in (403, 404)
    # the API: the pejabat penilai links it
    auth = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.atasan)[1]}"}
    api = f"/api/v1/skp/{skp.pk}/rhk/{rhk.pk}/link"
    assert client.post(api, {"parent_id": 999999}, content_type="application/json", **auth).status_code == 404
    response = client.post(api, {"parent_id": parent.pk}, content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["parent_id"] == parent.pk
    assert Skp.objects.get(pk=skp.pk).status == "approved"
    again = client.post(api, {"parent_id": parent.pk}, content_type="application/json", **auth)
    assert again.status_code == 422
