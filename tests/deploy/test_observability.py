"""Request ids, the one JSON access line per request, and /metrics, on a small app
wired by the same `install` the real app calls."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from httpx_ws import aconnect_ws
from httpx_ws.transport import ASGIWebSocketTransport
from starlette.websockets import WebSocket

from api import observability
from api.logs import JsonFormatter
from api.settings import Settings
from projections.engine.projections import ViewStatus

SETTINGS = Settings(database_url="memory://", admin_token="test-admin-token")


class FakeProjections:
    def __init__(self, statuses: list[ViewStatus] | Exception) -> None:
        self.statuses = statuses

    def status(self) -> list[ViewStatus]:
        if isinstance(self.statuses, Exception):
            raise self.statuses
        return self.statuses


class FakeContainer:
    def __init__(self, statuses: list[ViewStatus] | Exception) -> None:
        self.projections = FakeProjections(statuses)


def make_app(
    statuses: list[ViewStatus] | Exception | None = None, *, error_handler: bool = False
) -> FastAPI:
    app = FastAPI()
    if error_handler:

        async def last_resort(request: Request, error: Exception) -> JSONResponse:
            return JSONResponse({"errors": [{"message": "Internal server error"}]}, 200)

        app.add_exception_handler(Exception, last_resort)

    @app.post("/graphql")
    async def graphql(request: Request) -> dict[str, str]:
        body = await request.json()
        request.state.operation_name = body.get("operationName")
        request.state.outcome = body.get("outcome", "ok")
        for type_name in body.get("decisions", []):
            request.app.state.metrics.decision_recorded(type_name)
        return {"requestId": request.state.request_id}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail of the failure")

    @app.get("/stream")
    async def stream() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for part in (b"one,", b"two,", b"three"):
                yield part

        return StreamingResponse(chunks(), media_type="text/plain")

    @app.websocket("/ws")
    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(websocket.state.request_id)
        await websocket.close()

    container = None if statuses is None else FakeContainer(statuses)
    observability.install(app, SETTINGS, container)  # type: ignore[arg-type]
    return app


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def json(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def access_lines() -> Iterator[Lines]:
    handler = Lines()
    logger = logging.getLogger("tandem.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://tandem.test")


async def create_product(http: httpx.AsyncClient, **extra: object) -> httpx.Response:
    body = {"operationName": "CreateProduct", "query": "mutation ...", **extra}
    return await http.post("/graphql", json=body)


async def test_request_id_is_generated_echoed_and_in_request_state() -> None:
    async with client(make_app()) as http:
        response = await create_product(http)
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 32
    assert response.json() == {"requestId": request_id}


async def test_a_sane_incoming_request_id_is_kept() -> None:
    async with client(make_app()) as http:
        response = await http.post("/graphql", json={}, headers={"X-Request-Id": "lb-7f3a.01"})
    assert response.headers["x-request-id"] == "lb-7f3a.01"
    assert response.json() == {"requestId": "lb-7f3a.01"}


@pytest.mark.parametrize("bad", ["", "has spaces", "x" * 129, "-leading-dash", "a\u00e9"])
async def test_an_insane_incoming_request_id_is_replaced(bad: str) -> None:
    async with client(make_app()) as http:
        response = await http.post(
            "/graphql", json={}, headers={b"X-Request-Id": bad.encode("latin-1")}
        )
    assert response.headers["x-request-id"] != bad
    assert len(response.headers["x-request-id"]) == 32


async def test_one_json_line_per_request_without_secrets(access_lines: Lines) -> None:
    async with client(make_app()) as http:
        response = await http.post(
            "/graphql?token=query-secret",
            json={"operationName": "RegisterMember", "email": "ana@example.com"},
            headers={"Authorization": "Bearer header-secret", "X-Request-Id": "req-1"},
        )
    assert len(access_lines.lines) == 1
    line = access_lines.json()[0]
    assert line["logger"] == "tandem.access" and line["level"] == "INFO"
    assert {
        k: line[k] for k in ("request_id", "method", "path", "operation", "status", "outcome")
    } == {
        "request_id": "req-1",
        "method": "POST",
        "path": "/graphql",
        "operation": "RegisterMember",
        "status": 200,
        "outcome": "ok",
    }
    assert isinstance(line["duration_ms"], float)
    for secret in ("query-secret", "header-secret", "ana@example.com", "Bearer"):
        assert secret not in access_lines.lines[0]
    assert response.status_code == 200


async def test_probes_are_logged_at_debug_only(access_lines: Lines) -> None:
    async with client(make_app()) as http:
        await http.get("/metrics")
    assert [line["level"] for line in access_lines.json()] == ["DEBUG"]


async def test_requests_are_counted_by_operation_and_outcome() -> None:
    async with client(make_app()) as http:
        await create_product(http)
        await create_product(http, outcome="FORBIDDEN")
        await create_product(http, outcome="FORBIDDEN")
        metrics = (await http.get("/metrics")).text
        scraped = (await http.get("/metrics")).text
    assert 'tandem_requests_total{operation="CreateProduct",outcome="ok"} 1.0' in metrics
    assert 'tandem_requests_total{operation="CreateProduct",outcome="FORBIDDEN"} 2.0' in metrics
    assert 'tandem_request_duration_seconds_count{operation="CreateProduct"} 3.0' in metrics
    assert "tandem_requests_in_flight 1.0" in metrics  # the scrape itself
    assert 'tandem_requests_total{operation="/metrics",outcome="ok"} 1.0' in scraped


async def test_requests_without_an_operation_name_count_by_route() -> None:
    async with client(make_app()) as http:
        await http.get("/stream")
        await http.get("/no/such/page")
        metrics = (await http.get("/metrics")).text
    assert 'tandem_requests_total{operation="/stream",outcome="ok"} 1.0' in metrics
    assert 'tandem_requests_total{operation="unmatched",outcome="http_404"} 1.0' in metrics


async def test_client_chosen_operation_names_cannot_grow_the_series_without_bound() -> None:
    app = make_app()
    async with client(app) as http:
        for n in range(205):
            await http.post("/graphql", json={"operationName": f"Op{n}"})
        metrics = (await http.get("/metrics")).text
    assert 'operation="other"' in metrics
    assert len(app.state.metrics.operation_label.seen) == 200


async def test_decisions_are_counted_by_type_on_the_app_that_recorded_them() -> None:
    first, second = make_app(), make_app()  # two registries in one process
    async with client(first) as one, client(second) as two:
        await create_product(one, decisions=["ProductCreated", "RoleGranted"])
        await create_product(one, decisions=["RoleGranted"])
        first_metrics = (await one.get("/metrics")).text
        second_metrics = (await two.get("/metrics")).text
    assert 'tandem_decisions_recorded_total{type="ProductCreated"} 1.0' in first_metrics
    assert 'tandem_decisions_recorded_total{type="RoleGranted"} 2.0' in first_metrics
    assert "RoleGranted" not in second_metrics


async def test_projection_lag_per_view_is_read_at_scrape_time() -> None:
    statuses = [
        ViewStatus("backlog", 40, 42),
        ViewStatus("decisions", 42, 42),
        ViewStatus("allocation", 17, 42, fault_position=18, fault="boom"),
    ]
    async with client(make_app(statuses)) as http:
        metrics = (await http.get("/metrics")).text
        statuses[1] = ViewStatus("decisions", 30, 50)
        later = (await http.get("/metrics")).text
    assert 'tandem_projection_lag{view="backlog"} 2.0' in metrics
    assert 'tandem_projection_lag{view="decisions"} 0.0' in metrics
    assert 'tandem_projection_faulted{view="allocation"} 1.0' in metrics
    assert "tandem_log_head_position 42.0" in metrics
    assert "tandem_projection_status_up 1.0" in metrics
    assert 'tandem_projection_lag{view="decisions"} 20.0' in later


async def test_metrics_still_served_when_the_views_cannot_be_read() -> None:
    async with client(make_app(ConnectionError("database down"))) as http:
        response = await http.get("/metrics")
    assert response.status_code == 200
    assert "tandem_projection_status_up 0.0" in response.text
    assert "tandem_requests_total" in response.text


async def test_a_crash_answers_500_with_the_request_id_and_no_traceback(
    access_lines: Lines,
) -> None:
    async with client(make_app()) as http:
        response = await http.get("/boom", headers={"X-Request-Id": "crash-1"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "crash-1"
    assert "secret detail" not in response.text and "Traceback" not in response.text
    line = access_lines.json()[0]
    assert (line["status"], line["outcome"]) == (500, "INTERNAL_SERVER_ERROR")


async def test_the_apps_own_error_handler_answers_with_the_request_id(
    access_lines: Lines,
) -> None:
    async with client(make_app(error_handler=True)) as http:
        response = await http.get("/boom", headers={"X-Request-Id": "crash-2"})
    assert response.json() == {"errors": [{"message": "Internal server error"}]}
    assert response.headers["x-request-id"] == "crash-2"
    line = access_lines.json()[0]
    assert (line["status"], line["outcome"]) == (200, "INTERNAL_SERVER_ERROR")


async def test_streamed_responses_pass_through_whole() -> None:
    async with client(make_app()) as http:
        response = await http.get("/stream")
    assert response.text == "one,two,three"
    assert "x-request-id" in response.headers


async def test_websockets_get_a_request_id_and_one_log_line(access_lines: Lines) -> None:
    transport = ASGIWebSocketTransport(app=make_app())
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://tandem.test") as http,
        aconnect_ws("/ws", http, headers={"X-Request-Id": "ws-1"}) as websocket,
    ):
        assert await websocket.receive_text() == "ws-1"
        assert websocket.response is not None
        assert websocket.response.headers["x-request-id"] == "ws-1"
    line = access_lines.json()[-1]
    assert (line["method"], line["path"], line["status"]) == ("WS", "/ws", 101)
