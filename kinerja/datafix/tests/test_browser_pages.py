"""The new pages of issue #18 (spreadsheet upload and preview, the data report pages) through
the every-page audit's own check on a 390 px phone: no horizontal scroll, no serious or critical
axe violation, a small first load. The whole-demo walk covers them too; this one is quick."""

import pytest

from conftest import PASSWORD
from kinerja.activities import imports
from kinerja.datafix import services
from kinerja.demo.tests.test_every_page import _check, _page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "TANGGAL,JAM_MULAI,JAM_SELESAI,DURASI_MENIT,URAIAN,INDIKATOR,JUMLAH\n"
    "2026-11-16,08:00,10:00,,Pelayanan KTP loket 1 dengan uraian yang cukup panjang untuk layar ponsel,,\n"
    "2026-11-17,13:00,,,Jam selesai lupa diisi,,\n"
)


def test_the_new_pages_fit_a_phone_and_pass_axe(browser, live_server, cast, period):
    upload = imports.import_preview(by=cast.pegawai, content=CSV.encode(), filename="minggu.csv")
    report = services.report_submit(
        employee=cast.employee, by=cast.pegawai, subject="supervisor", wanted="Kepala Dinas", note="SK 12/2026"
    )
    problems: list[str] = []
    for user, urls in (
        (
            cast.pegawai,
            ["/kegiatan/impor/", f"/kegiatan/impor/{upload.pk}/", "/laporan-data/", f"/laporan-data/{report.pk}/"],
        ),
        (
            cast.admin,
            [
                "/laporan-data/antrean/",
                "/laporan-data/antrean/?status=all",
                f"/laporan-data/{report.pk}/",
                "/kegiatan/impor/",
            ],
        ),
    ):
        context, page, sizes = _page(browser, live_server)
        page.goto("/akun/masuk/")
        page.get_by_label("NIP").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(lambda u: "/akun/masuk/" not in u)
        for url in urls:
            _check(page, url, problems, sizes)
        context.close()
    assert not problems, "\n".join(problems)
