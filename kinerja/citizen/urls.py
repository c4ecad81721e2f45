from django.urls import path

from . import views

app_name = "citizen"
urlpatterns = [
    # public, no login
    path("layanan/<slug:code>/", views.public_index, name="public_index"),
    path("survei/<str:token>/", views.survey, name="survey"),
    path("survei/<str:token>/qr.svg", views.poster_qr, name="poster_qr"),
    path("ikm/<slug:code>/", views.results, name="results"),
    path("ikm/<slug:code>/unit/<int:unit_pk>/", views.results_unit, name="results_unit"),
    path("pengaduan/<slug:code>/baru/", views.complaint_new, name="complaint_new"),
    path("pengaduan/lacak/", views.track, name="track"),
    path("pengaduan/lacak/<str:code>/", views.track_detail, name="track_detail"),
    # staff
    path("suara/", views.dashboard, name="dashboard"),
    path("suara/pengaduan/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("suara/pengaduan/<int:pk>/lampiran/", views.complaint_attachment, name="complaint_attachment"),
    path("suara/saya/", views.mine, name="mine"),
    path("suara/unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("suara/kategori/", views.categories, name="categories"),
    path("suara/titik/", views.points, name="points"),
    path("suara/titik/<int:pk>/poster/", views.poster, name="poster"),
    path("suara/moderasi/", views.moderation, name="moderation"),
    path("suara/moderasi/<int:pk>/", views.moderate_response, name="moderate_response"),
]
