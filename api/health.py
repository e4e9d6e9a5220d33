"""/healthz (the process answers) and /readyz (it can serve: database reachable, every view
close to the head of the log, none stopped at a fault)."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio.to_thread
from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse

from api.graphql.services import Services

CHECK_TIMEOUT = 5.0


def router() -> APIRouter:
    routes = APIRouter()

    @routes.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @routes.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        services: Services | None = getattr(request.app.state, "services", None)
        if services is None:
            return JSONResponse({"status": "starting", "reasons": ["not started"]}, 503)
        report = await readiness(services)
        return JSONResponse(report, 200 if not report["reasons"] else 503)

    return routes


async def readiness(services: Services) -> dict[str, Any]:
    reasons: list[str] = []
    report: dict[str, Any] = {"status": "ready", "reasons": reasons}
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            positions = await services.reader.positions()
            faults = await services.reader.faults()
            head = await anyio.to_thread.run_sync(
                services.app.recorder.max_notification_id, abandon_on_cancel=True
            )
    except Exception as error:  # any failure here means "cannot serve", never a 500
        reasons.append(f"database unreachable: {type(error).__name__}")
        report["status"] = "not ready"
        return report
    head = head or 0
    max_lag = services.container.settings.readiness_max_lag
    report.update(head=head, positions=positions)
    for view, position in positions.items():
        if head - position > max_lag:
            reasons.append(f"view {view} is {head - position} positions behind (max {max_lag})")
    for view, (position, fault) in faults.items():
        reasons.append(f"view {view} stopped at position {position}: {fault}")
    if reasons:
        report["status"] = "not ready"
    return report
