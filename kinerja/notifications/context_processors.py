from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request):
    """The unread count in the navigation: one indexed COUNT, run only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: selectors.unread_count(user))}
