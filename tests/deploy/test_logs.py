"""configure_logging: JSON lines for tandem.* and uvicorn, tracebacks kept server-side."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from api.logs import configure_logging, request_id_var

NAMES = ["", "tandem", "uvicorn", "uvicorn.error", "uvicorn.access"]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    saved = [
        (
            logging.getLogger(n),
            logging.getLogger(n).handlers[:],
            logging.getLogger(n).level,
            logging.getLogger(n).propagate,
        )
        for n in NAMES
    ]
    yield
    for logger, handlers, level, propagate in saved:
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line]


def test_tandem_lines_are_json_with_the_current_request_id(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("info")
    token = request_id_var.set("req-42")
    try:
        logging.getLogger("tandem.projections").info(
            "view %s at %d", "backlog", 7, extra={"view": "backlog"}
        )
    finally:
        request_id_var.reset(token)
    [line] = lines(capsys.readouterr().out)
    assert line["msg"] == "view backlog at 7"
    assert (line["level"], line["logger"], line["request_id"], line["view"]) == (
        "INFO",
        "tandem.projections",
        "req-42",
        "backlog",
    )


def test_the_level_filters_and_uvicorn_access_lines_are_left_to_tandem_access(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("WARNING")
    logging.getLogger("tandem.api").info("not shown")
    logging.getLogger("uvicorn.access").warning("uvicorn's own access line")
    logging.getLogger("uvicorn.error").warning("Shutting down")
    assert [line["msg"] for line in lines(capsys.readouterr().out)] == ["Shutting down"]


def test_tracebacks_stay_in_the_server_log_as_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO")
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError:
        logging.getLogger("tandem.api").exception("request failed")
    output = capsys.readouterr().out
    [line] = lines(output)
    assert "RuntimeError: disk on fire" in str(line["exc"])
    assert output.count("\n") == 1
