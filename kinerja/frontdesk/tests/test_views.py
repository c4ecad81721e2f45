"""Queue pages: the public kiosk/phone/ticket/display/survey flow, the counter page's actions and
refusals, every object URL walked as every role of another instansi (404), and query budgets."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from kinerja.citizen import rules as citizen_rules
from kinerja.frontdesk import services
from kinerja.frontdesk.models import Document, Ticket, TicketSurvey

from .conftest import make_desk

pytestmark = pytest.mark.django_db
ROLES = ["admin", "pimpinan", "atasan", "pegawai"]


def take(client, desk, service, **extra):
    url = reverse("frontdesk:kiosk", args=[desk.unit.instansi.code, desk.unit.pk])
    return client.post(url, {"service": service.pk, **extra})


def test_the_kiosk_takes_a_number_and_prints_the_ticket_with_its_survey_qr(client, desk):
    response = take(client, desk, desk.ktp, priority="lansia")
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/tiket/{ticket.token}/?cetak=1")
    page = client.get(response["Location"]).content.decode()
    assert "A-001" in page and "Lanjut usia" in page and 'data-print="1"' in page
    assert reverse("frontdesk:ticket_qr", args=[ticket.token]) in page
    svg = client.get(reverse("frontdesk:ticket_qr", args=[ticket.token]))
    assert svg["Content-Type"] == "image/svg+xml"


def test_the_phone_page_refuses_a_closed_service_with_its_reason(client, desk):
    services.service_switch(service=desk.akta, is_open=False)
    url = reverse("frontdesk:phone", args=[desk.unit.instansi.code, desk.unit.pk])
    client.get(url)  # the page gives the phone its device cookie
    response = client.post(url, {"service": desk.akta.pk})
    assert response.status_code == 400 and "sedang ditutup" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_hall_kiosk_is_not_limited_per_device_but_a_phone_is(client, desk):
    """The kiosk gives out every number of the hall (its IP is limited, not its browser); a phone
    takes a few numbers an hour, and a POST that never loaded the page (no device cookie) is refused."""
    for _n in range(10):
        assert take(client, desk, desk.ktp).status_code == 302
    assert Ticket.objects.count() == 10 and "kinerja_device" not in client.cookies
    url = reverse("frontdesk:phone", args=[desk.unit.instansi.code, desk.unit.pk])
    scripted = client.post(url, {"service": desk.ktp.pk})
    assert scripted.status_code == 400 and "Buka ulang halaman ini" in scripted.content.decode()
    assert Ticket.objects.count() == 10
    client.get(url)
    codes = [client.post(url, {"service": desk.ktp.pk}).status_code for _n in range(8)]
    assert codes[:6] == [302] * 6 and codes[6:] == [400, 400]
    assert Ticket.objects.count() == 16


def test_the_counter_calls_serves_and_the_display_shows_the_call(client, cast, desk):
    take(client, desk, desk.ktp)
    client.force_login(cast.pegawai)
    action = reverse("frontdesk:counter_action", args=[desk.counter.pk])
    assert client.post(action, {"action": "call"}).status_code == 302
    ticket = Ticket.objects.get()
    page = client.get(reverse("frontdesk:counter", args=[desk.counter.pk])).content.decode()
    assert "A-001" in page and "Selesai dilayani" in page
    calls = client.get(reverse("frontdesk:display_calls", args=[cast.instansi.code, desk.unit.pk])).content.decode()
    assert "A-001" in calls and "Loket 1" in calls and f'data-latest="{ticket.pk}:' in calls
    client.post(action, {"action": "serve", "ticket": ticket.pk, "reference": "KTP-9"})
    follow = client.post(action, {"action": "serve", "ticket": ticket.pk}, follow=True).content.decode()
    assert "sudah selesai dilayani" in follow
    assert Document.objects.get().reference == "KTP-9"


def test_another_counters_officer_is_refused_with_a_message(client, cast, desk):
    take(client, desk, desk.ktp)
    client.force_login(cast.pegawai)
    client.post(reverse("frontdesk:counter_action", args=[desk.counter.pk]), {"action": "call"})
    ticket = Ticket.objects.get()
    client.force_login(cast.atasan)  # on Loket 2 today
    response = client.post(
        reverse("frontdesk:counter_action", args=[desk.counter2.pk]),
        {"action": "serve", "ticket": ticket.pk},
        follow=True,
    )
    assert "bukan di loket ini" in response.content.decode()
    assert Ticket.objects.get().status == "called"
    # and Loket 1 is not theirs to work
    assert client.post(reverse("frontdesk:counter_action", args=[desk.counter.pk]), {"action": "call"}).status_code in (
        403,
        404,
    )


def test_pimpinan_reads_the_counter_and_figures_but_cannot_call(client, cast, desk):
    client.force_login(cast.pimpinan)
    assert client.get(reverse("frontdesk:counter", args=[desk.counter.pk])).status_code == 200
    assert client.get(reverse("frontdesk:figures")).status_code == 200
    assert (
        client.post(reverse("frontdesk:counter_action", args=[desk.counter.pk]), {"action": "call"}).status_code == 403
    )
    assert client.get(reverse("frontdesk:setup")).status_code == 403


def test_the_survey_from_the_ticket_is_answered_once(client, cast, desk):
    take(client, desk, desk.ktp)
    ticket = Ticket.objects.get()
    url = reverse("frontdesk:survey", args=[ticket.token])
    assert "setelah Anda selesai dilayani" in client.get(url).content.decode()
    services.ticket_serve(
        ticket=services.ticket_call_next(counter=desk.counter, by=cast.pegawai), counter=desk.counter, by=cast.pegawai
    )
    page = client.get(url)
    token = page.context["form"].initial["token"]
    body = {code: 4 for code in citizen_rules.ELEMENT_CODES} | {"token": token}
    assert "Terima kasih" in client.post(url, body).content.decode()
    assert TicketSurvey.objects.get().officer == cast.employee
    again = client.post(url, body).content.decode()
    assert "sudah diisi" in again and TicketSurvey.objects.count() == 1


def test_the_admin_sets_up_a_service_and_its_officers(client, cast, desk):
    client.force_login(cast.admin)
    response = client.post(
        reverse("frontdesk:setup"),
        {
            "action": "service",
            "unit": desk.unit.pk,
            "name": "Kartu Keluarga",
            "code": "c",
            "opens_at": "08:00",
            "closes_at": "14:00",
            "weekdays": ["0", "1", "2"],
            "is_open": "on",
            "target_days": "2",
        },
    )
    assert response.status_code == 302
    service = desk.unit.queue_services.get(code="C")
    assert service.weekdays == "012" and service.target_days == 2
    bad = client.post(
        reverse("frontdesk:setup"),
        {
            "action": "service",
            "unit": desk.unit.pk,
            "name": "X",
            "code": "C",
            "opens_at": "09:00",
            "closes_at": "08:00",
        },
    )
    assert bad.status_code == 400 and "sudah dipakai" in bad.content.decode()
    url = reverse("frontdesk:counter_edit", args=[desk.counter.pk])
    assert client.post(url, {"day": "2026-12-01", "employees": [cast.head.pk]}).status_code == 302
    assert list(desk.counter.shifts.values_list("employee_id", flat=True)) == [cast.head.pk]


def object_urls(cast, desk) -> list[str]:
    """Every frontdesk URL with an object id or token, filled with ``cast``'s objects: new pages
    join the walk by themselves."""
    ticket = services.ticket_take(service=desk.ktp)
    document = services.document_submit(service=desk.ktp, reference="R-1")
    values = {
        "pk": {"service_edit": desk.ktp.pk, "document_ready": document.pk},
        "unit_pk": desk.unit.pk,
        "code": cast.instansi.code,
        "token": ticket.token,
    }
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "frontdesk":
            for p in pattern.url_patterns:
                if isinstance(p, URLPattern) and "pk" in p.pattern.converters:
                    kwargs = {
                        name: values[name].get(p.name, desk.counter.pk)
                        if isinstance(values[name], dict)
                        else values[name]
                        for name in p.pattern.converters
                    }
                    urls.append(reverse(f"frontdesk:{p.name}", kwargs=kwargs))
    return urls


def test_the_walk_covers_every_staff_object_url(cast, desk):
    assert len(object_urls(cast, desk)) == 6


@pytest.mark.parametrize("role", ROLES)
def test_every_object_url_is_not_found_for_another_instansi(client, cast, other, desk, role):
    client.force_login(getattr(other, role))
    for url in object_urls(cast, desk):
        get, post = client.get(url), client.post(url, {"action": "call"})
        assert get.status_code in (403, 404, 405), (role, url, get.status_code)
        assert post.status_code in (403, 404, 405), (role, url, post.status_code)
        assert 200 not in (get.status_code, post.status_code)
    assert Ticket.objects.get().status == "waiting"
    # lists show nothing of the other instansi
    for name in ("frontdesk:home", "frontdesk:figures", "frontdesk:documents"):
        body = client.get(reverse(name)).content.decode()
        assert "Loket 1" not in body and "R-1" not in body, name


def test_a_ticket_token_of_another_visit_is_not_found(client):
    assert client.get(reverse("frontdesk:ticket", args=["nope"])).status_code == 404
    assert client.get(reverse("frontdesk:survey", args=["nope"])).status_code == 404


def test_query_budgets_of_the_busy_pages(client, cast, desk, django_assert_max_num_queries):
    for _ in range(30):
        services.ticket_take(service=desk.ktp)
    for _ in range(5):
        t = services.ticket_call_next(counter=desk.counter, by=cast.pegawai)
        services.ticket_serve(ticket=t, counter=desk.counter, by=cast.pegawai)
    code = cast.instansi.code
    # unit, calls (+counter, service), services, waiting counts
    with django_assert_max_num_queries(5):
        client.get(reverse("frontdesk:display_calls", args=[code, desk.unit.pk]))
    client.force_login(cast.pegawai)
    # session, user, menu, counter (+ access), current, recent, served, services, waiting, transfer options
    with django_assert_max_num_queries(16):
        client.get(reverse("frontdesk:counter", args=[desk.counter.pk]))
    client.force_login(cast.admin)
    # session, user, menu, units, per service/counter/officer/total, services, counters, lengths
    with django_assert_max_num_queries(14):
        client.get(reverse("frontdesk:figures"), {"unit": desk.unit.pk, "tanggal": "2026-12-01"})


def test_other_tenant_desk_is_separate(cast, other, clock):
    theirs = make_desk(other)
    assert theirs.unit.instansi == other.instansi


def test_the_api_works_a_counter_like_the_page(client, cast, other, desk):
    from kinerja.accounts.models import ApiToken

    services.ticket_take(service=desk.ktp)
    mine = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pegawai)[1]}"}
    base = f"/api/v1/queue/counters/{desk.counter.pk}"
    state = client.get(base, **mine).json()
    assert state["lines"][0]["waiting"] == 1 and state["current"] is None
    called = client.post(f"{base}/call", **mine)
    assert called.status_code == 200 and called.json()["label"] == "A-001"
    ticket_id = called.json()["id"]
    served = client.post(
        f"{base}/tickets/{ticket_id}/serve", {"reference": ""}, content_type="application/json", **mine
    )
    assert served.json()["status"] == "served"
    again = client.post(f"{base}/tickets/{ticket_id}/serve", {}, content_type="application/json", **mine)
    assert again.status_code == 422 and "sudah selesai dilayani" in str(again.json())
    figures = client.get(f"/api/v1/queue/units/{desk.unit.pk}/figures?day=2026-12-01", **mine)
    # the pegawai staffs the unit's counter: its figures are theirs to read
    assert figures.status_code == 200 and figures.json()[0]["served"] == 1
    leader = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(cast.pimpinan)[1]}"}
    assert client.post(f"{base}/call", **leader).status_code == 403
    theirs = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(other.admin)[1]}"}
    assert client.get(base, **theirs).status_code == 404
    assert client.post(f"{base}/call", **theirs).status_code == 404
    assert client.get(f"/api/v1/queue/units/{desk.unit.pk}/figures", **theirs).status_code == 404
