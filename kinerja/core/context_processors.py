from . import navigation as menu


def nav_for(request) -> tuple[set[str], dict[str, int], list]:
    """Roles, counts and the grouped menu of the signed-in user: one query, once per request
    (the home page reads the same counts as the menu)."""
    if not hasattr(request, "_kinerja_nav"):
        roles, counts = menu.roles_and_counts(request.user)
        request._kinerja_roles = roles
        request._kinerja_nav = (roles, counts, menu.menu(roles, counts, request.path))
    return request._kinerja_nav


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": set(), "nav": [], "nav_counts": {}}
    roles, counts, groups = nav_for(request)
    return {"roles": roles, "nav": groups, "nav_counts": counts}
