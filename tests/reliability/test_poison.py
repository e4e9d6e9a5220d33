"""A poison event with real processes: a `tandem project` worker whose allocation view
cannot handle one event (tests/reliability/poisoned.py) stops that view at it, and says
so in `tandem status`, in the API's /readyz and in its log; the backlog and decisions
views go on; nothing after the poison reaches the stopped view (no silent skip). Once
fixed the view catches up, both ways an operator fixes it: restarting the worker with
the fixed release, or running the fixed release's `tandem rebuild allocation` while
the broken worker still runs (which then follows the view again).

(In-process variants, with every batch size: tests/projections/test_poison.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.documents import mutation
from tests.backends import DURABLE_BACKENDS, database_url
from tests.deploy.processes import Process, Topology, until
from tests.reliability import poisoned
from tests.reliability.figures import record
from tests.reliability.servers import (
    ADMIN_TOKEN,
    Reply,
    Server,
    processes,
    serve,
    start_module,
    started,
)

pytestmark = pytest.mark.slow

PROMISE = "6. A poison event stops its view only, reported, never skipped; once fixed it catches up"
TEST = "tests/reliability/test_poison.py"
ERROR = f"ValueError: {poisoned.ERROR}"
REGISTER = "mutation($n: String!, $e: String!) { registerMember(input: {name: $n, email: $e}) { member { id } token } }"  # noqa: E501
VIEWS = """query($id: ID!) { product(id: $id) {
  backlog { edges { node { title rank assignments { percent member { name } } } } }
  allocation { members { member { name } allocatedPercent } } } }"""


@dataclass
class Checkout:
    """Ana (Product Owner), Ben (Engineering Manager) and Cleo (engineer) on "Checkout",
    deciding through the API; `during_faults` counts decisions recorded while a view
    was stopped (their callers were told UNAVAILABLE)."""

    api: Server
    http: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=lambda: {"admin": ADMIN_TOKEN})
    ids: dict[str, str] = field(default_factory=dict)
    product_id: str = ""
    during_faults: int = 0

    async def gather(self) -> None:
        for who in ("Ana", "Ben", "Cleo"):
            data = await self.api.ok(self.http, REGISTER, n=who, e=f"{who.lower()}@tandem.example")
            self.ids[who] = data["registerMember"]["member"]["id"]
            self.tokens[who] = data["registerMember"]["token"]
        created = await self.decide("createProduct", "admin", name="Checkout", vision="Pay fast")
        self.product_id = created["product"]["id"]
        for who, role in (("Ana", "PRODUCT_OWNER"), ("Ben", "ENGINEERING_MANAGER")):
            await self.decide("grantRole", "admin", memberId=self.ids[who], role=role)
        await self.decide("grantRole", "admin", memberId=self.ids["Cleo"], role="ENGINEER")
        for title in ("SSO login", "Poison pill", "Guest checkout", "Poison pill 2"):
            item = await self.decide("proposeItem", "Ana", title=title)
            self.ids[title] = item["item"]["id"]

    async def send(self, operation: str, caller: str, **fields: Any) -> Reply:
        if operation in ("createProduct", "grantRole", "proposeItem") and self.product_id:
            fields = {"productId": self.product_id, **fields}
        return await self.api.post(
            self.http, mutation(operation), {"input": fields}, self.tokens[caller]
        )

    async def decide(self, operation: str, caller: str, **fields: Any) -> Any:
        reply = await self.send(operation, caller, **fields)
        assert reply.status == 200 and not reply.errors, reply.body
        return reply.data[operation]

    async def decide_while_stopped(self, operation: str, caller: str, **fields: Any) -> str:
        """Recorded, but the caller hears that a view is stopped; returns the message."""
        reply = await self.send(operation, caller, **fields)
        assert (reply.code, reply.retryable) == ("UNAVAILABLE", True), reply.body
        self.during_faults += 1
        return str(reply.errors[0]["message"])

    async def views(self) -> tuple[dict[str, Any], dict[str, int]]:
        """Guest checkout's backlog entry, and each member's allocated share."""
        product = (await self.api.ok(self.http, VIEWS, id=self.product_id))["product"]
        backlog = {e["node"]["title"]: e["node"] for e in product["backlog"]["edges"]}
        loads = {
            m["member"]["name"]: m["allocatedPercent"] for m in product["allocation"]["members"]
        }
        return backlog["Guest checkout"], loads

    async def readiness(self) -> tuple[int, dict[str, Any]]:
        response = await self.http.get(f"{self.api.base}/readyz", timeout=10)
        return response.status_code, response.json()


@dataclass(frozen=True)
class Status:
    """What `tandem status` printed, and its exit status."""

    code: int
    views: dict[str, tuple[int, int, int, str]]

    @classmethod
    def of(cls, topology: Topology) -> Status:
        code = topology.run("status", "status")
        lines = topology.processes[-1].output().splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("view"))
        views = {}
        for line in lines[start + 1 : start + 4]:
            view, position, head, lag, fault = line.split(None, 4)
            views[view] = (int(position), int(head), int(lag), fault)
        return cls(code, views)


@pytest.fixture(params=DURABLE_BACKENDS)
def topology(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Topology]]:
    with (
        database_url(request.param) as url,
        processes(
            tmp_path,
            url,
            TANDEM_PROJECTIONS="worker",
            TANDEM_LOG_LEVEL="INFO",
            TANDEM_POLL_INTERVAL="0.05",
        ) as started_topology,
    ):
        yield request.param, started_topology


def poisoned_worker(topology: Topology, name: str) -> Process:
    return start_module(topology, name, "tests.reliability.poisoned", "project")


async def stopped_at_poison(topology: Topology, crew: Checkout, worker: Process, pill: str) -> int:
    """Feeds the poison and a few decisions after it; checks every report of the fault
    and that the other views went on. Returns the poison's position."""
    message = await crew.decide_while_stopped(
        "estimateItem", "Ben", itemId=crew.ids[pill], points=5
    )
    found = re.search(r"view allocation stopped at position (\d+): (.*)\)$", message)
    assert found and found.group(2) == ERROR, message
    poison = int(found.group(1))
    await crew.decide_while_stopped(
        "prioritizeItem", "Ana", itemId=crew.ids["Guest checkout"], rank=1, rationale="quick win"
    )
    await crew.decide_while_stopped(
        "assignEngineer",
        "Ben",
        itemId=crew.ids["Guest checkout"],
        memberId=crew.ids["Cleo"],
        percent=50 if pill == "Poison pill" else 10,
    )

    async def others_at_head() -> Any:
        status, report = await crew.readiness()
        positions = report["positions"]
        return status == 503 and positions["backlog"] == positions["decisions"] == report["head"]

    await until(others_at_head, "the backlog and decisions views at the head", topology)
    status = Status.of(topology)
    head = status.views["backlog"][1]
    assert status.code == 1
    assert status.views["allocation"] == (
        poison - 1,
        head,
        head - poison + 1,
        f"stopped at {poison}: {ERROR}",
    )
    assert status.views["backlog"] == status.views["decisions"] == (head, head, 0, "-")
    code, report = await crew.readiness()
    assert code == 503
    assert f"view allocation stopped at position {poison}: {ERROR}" in report["reasons"]
    assert report["positions"]["allocation"] == poison - 1  # not one event past the poison
    assert f"view allocation stopped at position {poison}" in worker.output()
    return poison


async def caught_up(topology: Topology, crew: Checkout) -> int:
    """Waits until /readyz shows every view at the head and no fault; the head."""

    async def everything_at_head() -> Any:
        status, report = await crew.readiness()
        at_head = status == 200 and min(report["positions"].values()) == report["head"]
        return report["head"] if at_head else None

    return int(await until(everything_at_head, "every view at the head, no fault", topology))


async def test_a_poison_event_stops_its_view_until_the_fix(topology: tuple[str, Topology]) -> None:
    backend, processes_ = topology
    assert processes_.run("migrate", "migrate") == 0, processes_.diagnostics()
    worker = poisoned_worker(processes_, "worker-poisoned")
    api = serve(processes_, "api")
    async with httpx.AsyncClient() as http:
        await started(processes_, http, api)
        crew = Checkout(api, http)
        await crew.gather()

        # The first poison; fixed by restarting the worker with the fixed release.
        first = await stopped_at_poison(processes_, crew, worker, "Poison pill")
        guest, loads = await crew.views()
        assert guest["rank"] == 1 and guest["assignments"] == [
            {"percent": 50, "member": {"name": "Cleo"}}
        ]
        assert loads == {"Cleo": 0}  # the stopped view shows nothing after the poison
        worker.terminate()
        fixed = processes_.start("worker-fixed", "project")
        await caught_up(processes_, crew)
        assert (await crew.views())[1] == {"Cleo": 50}
        await crew.decide("refineItem", "Ana", itemId=crew.ids["SSO login"], description="Okta")

        # The second; fixed by the fixed release's rebuild while the broken worker runs.
        fixed.terminate()
        worker = poisoned_worker(processes_, "worker-poisoned-again")
        second = await stopped_at_poison(processes_, crew, worker, "Poison pill 2")
        assert (await crew.views())[1] == {"Cleo": 50}
        assert processes_.run("rebuild", "rebuild", "allocation") == 0, processes_.diagnostics()
        await caught_up(processes_, crew)
        assert (await crew.views())[1] == {"Cleo": 10}  # 50, then 10 on Guest checkout
        # The broken worker follows the rebuilt view again: a new decision shows up in it.
        await crew.decide(
            "assignEngineer",
            "Ben",
            itemId=crew.ids["SSO login"],
            memberId=crew.ids["Cleo"],
            percent=30,
        )
        assert (await crew.views())[1] == {"Cleo": 40}
        head = await caught_up(processes_, crew)
        status = Status.of(processes_)
    assert status.code == 0
    assert set(status.views.values()) == {(head, head, 0, "-")}
    record(
        PROMISE,
        TEST,
        backend,
        poison_events=2,
        fault_positions=f"{first}, {second}",
        reported_by="tandem status, /readyz, worker log, mutation replies",
        decisions_while_stopped=crew.during_faults,
        other_views_lag_while_stopped=0,
        events_skipped=0,
        fixed_by="restart with the fix; tandem rebuild",
        final_position=head,
    )
