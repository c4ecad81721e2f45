import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_report_and_a_previewed_spreadsheet():
    from kinerja.activities.models import ActivityImport
    from kinerja.datafix import demo as datafix_demo
    from kinerja.datafix.models import DataReport
    from kinerja.demo.seeders import today_in
    from kinerja.org import demo
    from kinerja.org.models import Instansi

    call_command("seed_demo", only="sorong", stdout=io.StringIO())
    instansi = Instansi.objects.get(code="sorong")
    story = demo.story(instansi)
    assert DataReport.objects.filter(employee=story.pegawai, status="open").exists()
    assert DataReport.objects.filter(instansi=instansi, status="refused").exists()
    upload = ActivityImport.objects.get(created_by=story.pegawai.user)
    assert upload.status == "previewed" and upload.summary["counts"]["new"] == 3, upload.summary
    datafix_demo.seed_demo(instansi, today=today_in(instansi))  # idempotent (the seeder alone: quicker)
    assert DataReport.objects.filter(instansi=instansi).count() == 2 and ActivityImport.objects.count() == 1
