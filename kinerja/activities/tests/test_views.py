import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse

from conftest import approved_skp
from kinerja.accounts.models import User
from kinerja.activities import imports, services
from kinerja.activities.models import Activity

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def entry(cast, period):
    indicator = approved_skp(cast.employee, period, cast.pegawai, cast.atasan).rhks.get().indicators.get()
    return services.activity_create(
        employee=cast.employee,
        by=cast.pegawai,
        day=dt.date(2026, 11, 20),
        description="Pelayanan KTP",
        start_time=dt.time(8),
        end_time=dt.time(9),
        indicator=indicator,
        quantity=5,
        files=[SimpleUploadedFile("bukti.pdf", PDF)],
    )


def object_urls(entry) -> list[str]:
    """Every activities URL that names an object (an activity, an evidence file, an SKP)."""
    values = {"pk": entry.pk, "skp_pk": entry.indicator.rhk.skp_id}
    evidence_pk = entry.evidence.get().pk
    owner = User.objects.get(employee=entry.employee)
    batch_pk = imports.import_preview(by=owner, content=b"TANGGAL,URAIAN\r\n", filename="a.csv").pk
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "activities":
            continue
        for p in pattern.url_patterns:
            names = set(p.pattern.converters) if isinstance(p, URLPattern) else set()
            if names:
                kwargs = {name: values[name] for name in names}
                if p.name == "evidence":
                    kwargs["pk"] = evidence_pk
                if p.name.startswith("import_"):
                    kwargs["pk"] = batch_pk
                urls.append(reverse(f"activities:{p.name}", kwargs=kwargs))
    return urls


@pytest.mark.parametrize("role", ["admin", "pimpinan", "atasan", "pegawai"])
def test_no_activity_url_works_for_another_instansi(client, other, entry, role):
    client.force_login(getattr(other, role))
    urls = object_urls(entry)
    assert len(urls) == 8
    for url in urls:
        assert client.get(url).status_code in (403, 404, 405), url
        assert client.post(url).status_code in (403, 404, 405), url  # 405: a page that only reads
    response = client.post(reverse("activities:decide"), {"ids": [entry.pk], "decision": "verify"})
    assert response.status_code in (403, 404)
    assert Activity.objects.get(pk=entry.pk).status == "submitted"


def test_a_colleague_cannot_see_an_entry_or_its_evidence(client, cast, entry):
    client.force_login(cast.outsider_user)
    assert client.get(reverse("activities:detail", args=[entry.pk])).status_code == 404
    assert client.get(reverse("activities:evidence", args=[entry.evidence.get().pk])).status_code == 404


def test_the_supervisor_downloads_evidence_as_an_attachment(client, cast, entry):
    client.force_login(cast.atasan)
    response = client.get(reverse("activities:evidence", args=[entry.evidence.get().pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_only_the_verifier_decides(client, cast, entry):
    client.force_login(cast.pimpinan)  # sees the whole instansi, verifies nobody: refused as read-only
    assert client.post(reverse("activities:decide"), {"ids": [entry.pk], "decision": "verify"}).status_code == 403
    client.force_login(cast.atasan)
    client.post(reverse("activities:decide"), {"ids": [entry.pk], "decision": "verify"})
    assert Activity.objects.get(pk=entry.pk).status == "verified"


def test_inbox_query_count_is_fixed(client, cast, entry, django_assert_max_num_queries):
    for hour in range(10, 20):
        services.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=dt.date(2026, 11, 19),
            description=f"K {hour}",
            start_time=dt.time(hour),
            end_time=dt.time(hour, 30),
        )
    client.force_login(cast.atasan)
    # session, user, instansi, employee (me), count, page rows (+evidence counts), subordinates, roles
    with django_assert_max_num_queries(9):
        response = client.get(reverse("activities:inbox"))
    assert response.content.decode().count('name="ids"') == 11


def test_log_page_query_count_is_fixed(client, cast, entry, django_assert_max_num_queries):
    for hour in range(10, 20):
        services.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=dt.date(2026, 11, 19),
            description=f"K {hour}",
            start_time=dt.time(hour),
            end_time=dt.time(hour, 30),
        )
    client.force_login(cast.pegawai)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("activities:home"))
    assert response.content.decode().count('class="activity-row"') == 11


def test_a_bad_row_saves_none_of_several(client, cast, entry):
    client.force_login(cast.pegawai)
    before = Activity.objects.count()
    data = {"rows": "2"}
    for i, (start, end) in enumerate((("13:00", "14:00"), ("15:00", "14:00"))):
        data |= {
            f"e{i}-date": "2026-11-20",
            f"e{i}-start_time": start,
            f"e{i}-end_time": end,
            f"e{i}-description": "X",
            f"e{i}-quantity": "0",
        }
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 400 and "Jam selesai harus setelah jam mulai" in response.content.decode()
    assert Activity.objects.count() == before


def test_ids_in_forms_are_never_localized(client, cast, entry, settings):
    """A pk of 2489 must not be rendered as '2.489' (Indonesian thousands separator)."""
    from kinerja.activities.models import Activity, ActivityStatusChange, Evidence

    Activity.objects.filter(pk=entry.pk).update(id=24890)
    ActivityStatusChange.objects.filter(activity_id=entry.pk).update(activity_id=24890)
    Evidence.objects.filter(activity_id=entry.pk).update(activity_id=24890)
    client.force_login(cast.atasan)
    body = client.get(reverse("activities:inbox")).content.decode()
    assert 'value="24890"' in body


def test_supervisor_sees_progress_and_comments_on_an_rhk(client, cast, entry):
    skp = entry.indicator.rhk.skp
    services.activity_verify(activity=entry, by=cast.atasan)
    client.force_login(cast.atasan)
    url = reverse("activities:skp_progress", args=[skp.pk])
    client.post(url, {"rhk": entry.indicator.rhk_id, "text": "Pertahankan ritme pelayanan"})
    body = client.get(url).content.decode()
    assert "Pertahankan ritme pelayanan" in body and "5%" in body  # 5 of 100
    client.force_login(cast.outsider_user)
    assert client.get(url).status_code == 404


def test_inbox_filters_by_date(client, cast, entry):
    client.force_login(cast.atasan)
    assert (
        f'value="{entry.pk}"'
        in client.get(reverse("activities:inbox"), {"dari": "2026-11-20", "sampai": "2026-11-20"}).content.decode()
    )
    assert 'name="ids"' not in client.get(reverse("activities:inbox"), {"dari": "2026-11-21"}).content.decode()
    assert client.get(reverse("activities:inbox"), {"dari": "bukan-tanggal"}).status_code == 200


def _queue(cast, n: int, day=dt.date(2026, 11, 18)):
    for i in range(n):
        services.activity_create(
            employee=cast.employee,
            by=cast.pegawai,
            day=day - dt.timedelta(days=i // 8),
            description=f"Antrean {i}",
            start_time=dt.time(8 + i % 8),
            end_time=dt.time(8 + i % 8, 30),
        )


def test_the_inbox_costs_the_same_whatever_the_queue_length(client, cast, entry, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.activities import views

    monkeypatch.setattr(views, "INBOX_CAP", 20)
    client.force_login(cast.atasan)
    counts = {}
    for size in (3, 40):
        Activity.objects.exclude(pk=entry.pk).delete()
        _queue(cast, size)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("activities:inbox"))
        counts[size] = len(ctx.captured_queries)
        count_sql = next(q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper())
        assert "LIMIT 21" in count_sql  # reads at most cap + 1 rows, never the whole queue
    assert counts[3] == counts[40]
    page = response.content.decode()
    assert 'id="inbox-capped"' in page and page.count('name="ids"') == 20


def test_inbox_pages_keep_the_filters(client, cast, entry):
    _queue(cast, 60)
    client.force_login(cast.atasan)
    response = client.get(reverse("activities:inbox"), {"pegawai": cast.employee.pk, "dari": "2026-11-01"})
    page = response.content.decode()
    assert f"pegawai={cast.employee.pk}" in page and "dari=2026-11-01" in page and "page=2" in page


def test_the_periodic_report_page_shows_each_cuts_target_beside_what_was_reported(
    client, cast, period, django_assert_max_num_queries
):
    """A quarterly SKP of 100 a year: the report page shows 25 per quarter so far (a stored
    rencana aksi where the employee set one) and what was reported for each."""
    import time_machine

    from kinerja.skp import services as skp_services

    skp = skp_services.skp_create(employee=cast.employee, period=period, by=cast.pegawai)
    rhk = skp_services.rhk_save(skp=skp, text="Layanan", kind="utama", own_initiative=True)
    indicator = skp_services.indicator_save(
        rhk=rhk, text="Jumlah layanan", aspect="kuantitas", target="100", target_unit="layanan", direction="higher"
    )
    skp_services.indicator_save(
        rhk=rhk,
        text="Cakupan imunisasi",
        aspect="kuantitas",
        target="80",
        target_unit="%",
        direction="higher",
        target_mode="constant",
    )
    skp_services.skp_submit(skp=skp, by=cast.pegawai)
    skp_services.skp_approve(skp=skp, by=cast.atasan)
    with time_machine.travel(dt.datetime(2026, 8, 15, 3, tzinfo=dt.UTC), tick=False):
        services.periodic_report_save(
            indicator=indicator, period_key="2026-Q2", quantity="30", note="Rekap", by=cast.pegawai
        )
        client.force_login(cast.pegawai)
        with django_assert_max_num_queries(25):
            page = client.get(reverse("activities:report")).content.decode()
    assert "Target tiap periode" in page
    assert "Triwulan I 2026" in page and "Triwulan III 2026" in page and "Triwulan IV 2026" not in page
    body = " ".join(page.split())
    assert '<td class="text-end">25</td><td class="text-end"><span class="text-muted">belum</span>' in body
    assert '<td class="text-end">25</td><td class="text-end">30</td>' in body
    assert '<td class="text-end">80</td>' in body  # a constant target (a percentage) is the same each cut
