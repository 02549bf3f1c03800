"""Pages of a collection: `page` (from 1) and `pageSize` (1-100, default 20) query keys
(lowerCamelCase, NL API rule /core/query-keys-camel-case). The body carries the items, the total
and `links` (first, prev, self, next, last); `X-Total-Count` repeats the total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

T = TypeVar("T")
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def page_request(
    page: Annotated[int, Query(ge=1, le=1_000_000, description="page number, from 1")] = 1,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE, description="items per page")
    ] = 20,
) -> PageRequest:
    return PageRequest(page, page_size)


PageDep = Annotated[PageRequest, Depends(page_request)]


class Links(BaseModel):
    self: str
    first: str
    last: str
    prev: str | None = None
    next: str | None = None


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int
    links: Links


def page_out(
    items: list[T], total: int, req: PageRequest, request: Request, response: Response
) -> PageOut[T]:
    last = max(1, -(-total // req.page_size))

    def link(page: int) -> str:
        return str(request.url.include_query_params(page=page, pageSize=req.page_size))

    response.headers["X-Total-Count"] = str(total)
    return PageOut[T](
        items=items,
        page=req.page,
        page_size=req.page_size,
        total=total,
        links=Links(
            self=link(req.page),
            first=link(1),
            last=link(last),
            prev=link(req.page - 1) if req.page > 1 else None,
            next=link(req.page + 1) if req.page < last else None,
        ),
    )
