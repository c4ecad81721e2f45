from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kinerja.org import access, selectors

from .context_processors import nav_for
from .todo import todo_items


@login_required
@require_safe
def home(request):
    """A home page per role: a to-do list whose counts link to the filtered lists. The counts
    are the menu's (one query for all of them); the pegawai's phone home leads with logging
    today's work and their progress."""
    user = request.user
    roles, counts, _menu = nav_for(request)
    context = {"roles": roles, "todo": todo_items(counts)}
    if "superadmin" in roles:
        context["instansi_list"] = access.instansi_visible_to(user).order_by("name")
    if user.instansi_id and ("admin" in roles):
        context["facts"] = selectors.admin_facts(user.instansi)
    if user.instansi_id and ("pimpinan" in roles or "admin" in roles):
        context["summary"] = selectors.instansi_summary(user.instansi)
    if user.employee_id:
        from kinerja.activities import selectors as activity_selectors
        from kinerja.skp import selectors as skp_selectors

        me = context["me"] = access.get_employee_for(user, user.employee_id)
        context["skp_todo"] = skp_selectors.next_steps(me)
        context["today"] = activity_selectors.today_summary(me)
        if "atasan" in roles:
            context["subordinates"] = selectors.subordinates_of(me)
        if counts.get("to_acknowledge"):
            from kinerja.appraisal import selectors as appraisal_selectors

            context["to_acknowledge"] = appraisal_selectors.awaiting_acknowledgement(me)
    return render(request, "core/home.html", context)


@require_safe
def healthz(request):
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def too_many_requests(request, *, retry_minutes: int | None = None):
    """The 429 page in the site's layout (for rate limits that do not render their own)."""
    return render(request, "429.html", {"retry_minutes": retry_minutes}, status=429)
