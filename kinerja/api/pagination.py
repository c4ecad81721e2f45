"""Page-number pagination with bounds: a page number past any real list is refused with a
message, not passed to the database (where a huge OFFSET overflows and answers 500)."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

# 50 per page × a million pages is far more than any instansi holds, and stays inside every
# database's integer range.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)  # more than MAX_PAGE_SIZE is served as MAX_PAGE_SIZE

    def __init__(self, page_size: int = 50, max_page_size: int = MAX_PAGE_SIZE, **kwargs) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
