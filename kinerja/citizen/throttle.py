"""Rate limits for the public forms: a counter per scope and key in the cache, per time window."""

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Counts one hit; False once `limit` hits happened within the window."""
    if not key:
        return True
    name = f"throttle:{scope}:{key}"
    if cache.add(name, 1, timeout=seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=seconds)
        return True
    return count <= limit
