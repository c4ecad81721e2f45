"""The demo queue: seeded once (idempotent), with something on every queue page of each role."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinerja.demo.seeders import today_in
from kinerja.frontdesk import demo as frontdesk_demo
from kinerja.frontdesk.models import Counter, Document, Ticket, TicketSurvey
from kinerja.org import demo
from kinerja.org.models import Instansi

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_day_of_queue_with_surveys_and_documents_on_every_page(client):
    call_command("seed_demo", only="sorong", stdout=io.StringIO())
    instansi = Instansi.objects.get(code="sorong")
    counts = (Ticket.objects.count(), TicketSurvey.objects.count(), Document.objects.count())
    assert counts[0] > 100 and counts[1] > 10 and counts[2] > 20
    assert Ticket.objects.filter(status="called").exists() and Ticket.objects.filter(status="waiting").exists()
    frontdesk_demo.seed_demo(instansi, today=today_in(instansi))  # the seeder again, alone: nothing changes
    assert (Ticket.objects.count(), TicketSurvey.objects.count(), Document.objects.count()) == counts

    story = demo.story(instansi)
    desk = Counter.objects.get(shifts__employee=story.pegawai)
    client.force_login(story.pegawai.user)
    home = client.get(reverse("frontdesk:home")).content.decode()
    assert reverse("frontdesk:counter", args=[desk.pk]) in home and "IKM" in home
    counter = client.get(reverse("frontdesk:counter", args=[desk.pk])).content.decode()
    assert "S-0" in counter or "K-0" in counter
    for person in (story.atasan, story.kabid):
        client.force_login(person.user)
        assert "Per petugas" in client.get(reverse("frontdesk:figures")).content.decode()
        assert "Sertifikat Laik Higiene Sanitasi" in client.get(reverse("frontdesk:documents")).content.decode()
    for user in (story.admin, story.sekda.user):
        client.force_login(user)
        figures = client.get(reverse("frontdesk:figures")).content.decode()
        assert "KTP-el" in figures or "Sertifikat" in figures
        assert client.get(reverse("frontdesk:documents")).status_code == 200
    public = client.get(reverse("frontdesk:display", args=[instansi.code, desk.unit_id])).content.decode()
    assert "Loket" in public
