from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from kinerja.org import access, selectors


@login_required
def home(request):
    """A home page per role: what this person must do next."""
    user = request.user
    roles = access.roles_of(user)
    context = {"roles": roles}
    if "superadmin" in roles:
        context["instansi_list"] = access.instansi_visible_to(user).order_by("name")
    if user.instansi_id and ("admin" in roles):
        context["facts"] = selectors.admin_facts(user.instansi)
    if user.instansi_id and ("pimpinan" in roles or "admin" in roles):
        context["summary"] = selectors.instansi_summary(user.instansi)
    if user.employee_id:
        from kinerja.skp import selectors as skp_selectors

        context["me"] = access.get_employee_for(user, user.employee_id)
        context["skp_todo"] = skp_selectors.next_steps(context["me"])
        if "atasan" in roles:
            context["subordinates"] = selectors.subordinates_of(context["me"])
    return render(request, "core/home.html", context)


def healthz(request):
    """Liveness for the load balancer: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
