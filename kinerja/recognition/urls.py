from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("usul-dari-peringkat/", views.nominate_from_ranking, name="nominate_from_ranking"),
    path("usulan/", views.awards, name="awards"),
    path("usulan/<int:pk>/putus/", views.decide, name="decide"),
    path("usulan/<int:pk>/cabut/", views.revoke, name="revoke"),
    path("usulan/<int:pk>/sertifikat.pdf", views.certificate, name="certificate"),
    path("pengaturan-publik/", views.public_setting, name="public_setting"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("publik/<slug:code>/", views.public, name="public"),
]
