"""Pagination for lists that can run to a million rows (base floor: no app imports).

Counting every row of a long list, and jumping to a page deep in it with OFFSET, both read
the whole list. CappedPaginator counts at most `cap` rows and offers only the pages up to
there; the page says the list goes on and that filters narrow it.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

LIST_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = LIST_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        # COUNT(*) over a subquery with LIMIT cap + 1: stops reading at the cap.
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        """More rows than the cap: only the first `cap` can be paged through."""
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)
