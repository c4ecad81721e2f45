"""Progress of a background job as the admin reads it. Plain Python, no Django."""

from __future__ import annotations

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
ACTIVE = frozenset({QUEUED, RUNNING})
FINISHED = frozenset({DONE, FAILED})


def percent(done: int, total: int, status: str) -> int:
    """Whole percent shown on the bar: 100 once done, never 100 before, 0 with nothing counted."""
    if status == DONE:
        return 100
    if total <= 0 or done <= 0:
        return 0
    return min(99, done * 100 // total)


def clamp_progress(done: int, total: int) -> tuple[int, int]:
    """Counts as stored: never negative, and done never beyond total."""
    total = max(0, total)
    return min(max(0, done), total), total
