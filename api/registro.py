"""The endpoints of `/api/v1/`: one `register_endpoint` per content type. The OpenAPI document and the
page `/api/` are built from this list."""

from wagtail.api.v2.router import WagtailAPIRouter

from .aggiornamenti import AggiornamentiAPIViewSet
from .eventi import EventiAPIViewSet
from .pratiche import PraticheAPIViewSet

router = WagtailAPIRouter("api_v1")
router.register_endpoint("pratiche", PraticheAPIViewSet)
router.register_endpoint("eventi", EventiAPIViewSet)
router.register_endpoint("aggiornamenti", AggiornamentiAPIViewSet)
