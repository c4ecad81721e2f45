from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["username", "full_name", "role", "instansi", "is_active"]
    list_filter = ["role", "instansi", "is_active"]
    search_fields = ["username", "full_name"]
    raw_id_fields = ["employee"]
    exclude = ["password"]
