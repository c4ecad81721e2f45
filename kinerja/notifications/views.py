from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import access, selectors, services
from .forms import PreferencesForm


@login_required
@require_safe
def notification_list(request):
    page = Paginator(selectors.notification_list(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def read_all(request):
    services.notifications_read_all(user=request.user)
    messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
    return redirect("notifications:list")


@require_POST
@login_required
def read(request, pk: int):
    """Marks one read and opens what it is about (a local address only)."""
    notification = services.notification_read(notification=access.get_notification_for(request.user, pk))
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, rows=selectors.preference_rows(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(user=request.user, choices=form.choices())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pilihan notifikasi disimpan."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
