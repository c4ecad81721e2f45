"""Pagination whose cost does not grow with the length of what it lists."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts at most ``cap`` + 1 rows (``SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1)``), so a
    queue of 50,000 waiting entries costs what a queue of 1,000 does. Pages stop at the cap; the
    page says there are more and offers the filters (date, employee) that narrow the list."""

    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)
