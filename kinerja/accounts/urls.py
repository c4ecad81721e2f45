from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.password_change, name="password_change"),
]
