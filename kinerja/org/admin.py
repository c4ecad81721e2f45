from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Employee, Instansi, Position, Unit


@admin.register(Instansi)
class InstansiAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "province", "timezone"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "instansi", "depth"]
    list_filter = ["instansi"]
    search_fields = ["code", "name"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "grade", "unit", "instansi"]
    list_filter = ["instansi", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["unit"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "name", "status", "rank", "unit", "is_active"]
    list_filter = ["instansi", "status", "is_active"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["unit", "position", "supervisor"]
