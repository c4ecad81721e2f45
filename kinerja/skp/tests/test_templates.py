"""Performance-standard templates per position (issue 12): linked to positions and functional
levels, offered first to the employees holding them; the admin edits and retires them, and SKPs
already made from a template keep their content."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.org.tests.factories import PositionFactory
from kinerja.skp import selectors, services

pytestmark = pytest.mark.django_db
LINE = "Persuratan tertib | Surat diagendakan | kuantitas | 600 | surat | naik"


def template(cast, name, **links):
    return services.template_save(instansi=cast.instansi, name=name, sector="general", source=LINE, **links)


def test_the_template_of_my_position_or_level_comes_first(cast):
    template(cast, "A umum")
    mine = template(cast, "Z arsiparis", positions=[cast.employee.position])
    assert [t.name for t in selectors.templates_for(cast.employee)] == ["Z arsiparis", "A umum"]
    assert selectors.templates_for(cast.employee)[0].matches
    assert [t.matches for t in selectors.templates_for(cast.outsider)] == [False, False]
    cast.outsider.position = PositionFactory(unit=cast.other_opd, kind="fungsional", level="ahli_muda")
    cast.outsider.save()
    template(cast, "M ahli muda", levels=["ahli_muda", "terampil"])
    assert selectors.templates_for(cast.outsider)[0].name == "M ahli muda"
    assert mine in selectors.templates_for(cast.employee)


def test_links_must_be_of_the_instansi_and_levels_known(cast, other):
    with pytest.raises(ValidationError):
        template(cast, "X", positions=[other.employee.position])
    with pytest.raises(ValidationError):
        template(cast, "X", levels=["kapten"])


def test_a_retired_template_is_not_offered_and_skps_keep_their_content(cast, period):
    used = template(cast, "Persuratan", positions=[cast.employee.position])
    skp = services.skp_create(employee=cast.employee, period=period, by=cast.pegawai, template=used)
    services.template_save(
        instansi=cast.instansi,
        template=used,
        name="Persuratan 2",
        sector="general",
        source="Arsip | Berkas dipindai | kuantitas | 100 | berkas | naik",
    )
    services.template_retire(template=used)
    assert list(selectors.templates_for(cast.employee)) == []
    assert skp.rhks.get().indicators.get().text == "Surat diagendakan"
    with pytest.raises(ValidationError):
        services.template_retire(template=used)


def test_the_create_form_preselects_my_template(client, cast, period):
    template(cast, "A umum")
    mine = template(cast, "Z arsiparis", positions=[cast.employee.position])
    client.force_login(cast.pegawai)
    body = client.get(reverse("skp:home")).content.decode()
    assert f'<option value="{mine.pk}" selected>Z arsiparis (sesuai jabatan Anda)</option>' in body


def test_the_admin_edits_and_retires_and_others_cannot(client, cast, other):
    used = template(cast, "Persuratan")
    edit, retire = reverse("skp:template_edit", args=[used.pk]), reverse("skp:template_retire", args=[used.pk])
    for user in (cast.pegawai, cast.pimpinan):
        client.force_login(user)
        assert client.get(edit).status_code == 403 and client.post(retire).status_code == 403
    client.force_login(other.admin)
    assert client.get(edit).status_code == 404 and client.post(retire).status_code == 404
    client.force_login(cast.admin)
    data = {
        "name": "Persuratan dinas",
        "sector": "general",
        "source": LINE,
        "positions": [cast.employee.position.pk],
        "levels": ["ahli_pertama"],
    }
    assert client.post(edit, data).status_code == 302
    used.refresh_from_db()
    assert used.name == "Persuratan dinas" and list(used.positions.all()) == [cast.employee.position]
    assert used.level_codes == ["ahli_pertama"]
    assert client.post(edit, {**data, "source": "rusak"}).status_code == 200  # the error is shown, nothing saved
    used.refresh_from_db()
    assert used.source == LINE
    assert client.post(retire).status_code == 302
    used.refresh_from_db()
    assert not used.is_active and used.retired_at is not None
    assert "dipensiunkan" in client.get(reverse("skp:template_list")).content.decode()
