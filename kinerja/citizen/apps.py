from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "kinerja.citizen"
    label = "citizen"
    verbose_name = "Suara warga"
