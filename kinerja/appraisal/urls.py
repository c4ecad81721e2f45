from django.urls import path

from . import views

app_name = "appraisal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:period_pk>/<str:cut_key>/hitung/", views.compute, name="compute"),
    path("<int:period_pk>/<str:cut_key>/unit/<int:unit_pk>/", views.board, name="board"),
    path("<int:period_pk>/<str:cut_key>/unit/<int:unit_pk>/xlsx/", views.board_xlsx, name="board_xlsx"),
    path("evaluasi/<int:pk>/", views.detail, name="detail"),
    path("evaluasi/<int:pk>/rating/", views.rate, name="rate"),
    path("evaluasi/<int:pk>/tetapkan/", views.finalise, name="finalise"),
    path("evaluasi/<int:pk>/terima/", views.acknowledge, name="acknowledge"),
    path("evaluasi/<int:pk>/keberatan/", views.object_to, name="object"),
    path("evaluasi/<int:pk>/putuskan/", views.decide, name="decide"),
    path("evaluasi/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("evaluasi/<int:pk>/masukan/", views.peer_input, name="peer_input"),
]
