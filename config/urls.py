from django.contrib import admin
from django.urls import include, path

from kinerja.api.api import api
from kinerja.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home-root"),
    path("", include("kinerja.core.urls")),
    path("akun/", include("kinerja.accounts.urls")),
    path("organisasi/", include("kinerja.org.urls")),
    path("skp/", include("kinerja.skp.urls")),
    path("kegiatan/", include("kinerja.activities.urls")),
    path("penilaian/", include("kinerja.appraisal.urls")),
    path("pengembangan/", include("kinerja.development.urls")),
    path("laporan-data/", include("kinerja.datafix.urls")),
    path("", include("kinerja.citizen.urls")),
    path("", include("kinerja.frontdesk.urls")),
    path("notifikasi/", include("kinerja.notifications.urls")),
    path("kehadiran/", include("kinerja.attendance.urls")),
    path("tpp/", include("kinerja.tpp.urls")),
    path("penghargaan/", include("kinerja.recognition.urls")),
    path("wawasan/", include("kinerja.insight.urls")),
    path("proses/", include("kinerja.jobs.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

# A database outage answers 503 (JSON on the API), anything else Django's 500 page.
handler500 = "kinerja.core.outage.server_error"
