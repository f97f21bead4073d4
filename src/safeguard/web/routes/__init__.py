"""One router per area of the app; ``ROUTERS`` lists them all for the factory."""

from __future__ import annotations

from fastapi import APIRouter

from safeguard.web.routes.admin import router as admin_router
from safeguard.web.routes.alerts import router as alerts_router
from safeguard.web.routes.audit import router as audit_router
from safeguard.web.routes.auth import router as auth_router
from safeguard.web.routes.cases import router as cases_router
from safeguard.web.routes.children import router as children_router
from safeguard.web.routes.concerns import router as concerns_router
from safeguard.web.routes.directory import router as directory_router
from safeguard.web.routes.home import router as home_router
from safeguard.web.routes.transfer import router as transfer_router

ROUTERS: tuple[APIRouter, ...] = (
    auth_router,
    home_router,
    concerns_router,
    alerts_router,
    cases_router,
    children_router,
    transfer_router,
    directory_router,
    admin_router,
    audit_router,
)
