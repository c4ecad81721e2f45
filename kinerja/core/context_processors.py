from kinerja.org import access


def navigation(request):
    """Roles of the signed-in user, computed once per request for the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": set()}
    if not hasattr(request, "_kinerja_roles"):
        request._kinerja_roles = access.roles_of(user)
    return {"roles": request._kinerja_roles}
