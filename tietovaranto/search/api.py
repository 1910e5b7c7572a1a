import json
from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import Field

from tietovaranto.core.problems import ProblemOut
from tietovaranto.search.schemas import SearchOut, search_out
from tietovaranto.search.services import MAX_QUERY_LENGTH, search

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="Words in ordinary language")
    organisation: str | None = Field(None, description="organisation slug")
    area: int | None = Field(None, ge=1, le=2**63 - 1, description="service area id, from the facets")
    interface: Literal["yes", "no", "unknown"] | None = Field(None, description="interface availability")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1000)


@router.api_operation(
    ["GET", "HEAD"],
    "/search",
    response={200: SearchOut, 304: None, 422: ProblemOut},
    summary="Search information resources",
)
def search_resources(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    """Ranked resources with a score, the fields that matched (highlighted) and facets.

    Finnish inflection, compounds, typos of one or two letters and the organisation's synonyms are
    understood; Swedish and English words are stemmed.
    """
    results = search(
        params.q,
        organisation=params.organisation,
        area=params.area,
        interface=params.interface,
        limit=params.limit,
        offset=params.offset,
    )
    filters = {str(k): str(v) for k, v in request.GET.items() if k not in ("limit", "offset")}
    # rendered here: ninja would validate the whole result against SearchOut once more
    body = json.dumps(search_out(results, limit=params.limit, filters=filters), cls=NinjaJSONEncoder)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
