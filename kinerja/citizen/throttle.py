"""Rate limits for the public submissions (pages and API): a counter per scope and key in the
cache, per time window."""

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


# Submissions per hour. A service hall may share one public IP, so that limit is the looser one.
LIMITS = {
    "survey": {"ip": 30, "device": 6},
    "complaint": {"ip": 10, "device": 5},
    "rating": {"ip": 30, "device": 10},
}


def submission_allowed(kind: str, *, ip_hash: str, device_hash: str) -> bool:
    """One survey answer or complaint from this IP and device, within both hourly limits."""
    limits = LIMITS[kind]
    return allow(f"{kind}-ip", ip_hash, limit=limits["ip"], seconds=3600) and allow(
        f"{kind}-device", device_hash, limit=limits["device"], seconds=3600
    )
