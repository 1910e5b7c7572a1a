from ninja import NinjaAPI

from tietovaranto.catalog.api import router as catalog_router
from tietovaranto.core.problems import install_problem_handlers
from tietovaranto.inforequests.api import router as request_router
from tietovaranto.search.api import router as search_router

api = NinjaAPI(
    title="Tietovaranto API",
    version="1",
    description="The 28 § description of information resources (TiHL 906/2019) as data.",
    urls_namespace="api",
)
install_problem_handlers(api)
api.add_router("/", catalog_router)
api.add_router("/", search_router)
api.add_router("/", request_router)
