from . import navigation as menu


def navigation(request):
    """Roles, the grouped menu and its counts, computed once per request in a single query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": set(), "nav": [], "nav_counts": {}}
    if not hasattr(request, "_kinerja_nav"):
        roles, counts = menu.roles_and_counts(user)
        request._kinerja_roles = roles
        request._kinerja_nav = (roles, counts, menu.menu(roles, counts, request.path))
    roles, counts, groups = request._kinerja_nav
    return {"roles": roles, "nav": groups, "nav_counts": counts}
