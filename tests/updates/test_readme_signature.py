"""The README's signature check accepts what Tandem signs, and nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from projections.webhooks.sender import signature

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_example_verifies_tandem_signatures() -> None:
    section = README.read_text().split("## Webhooks", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    scope: dict[str, Any] = {}
    exec(code, scope)
    check = scope["signed_by_tandem"]
    body = b'{"productId":"p","decision":{"position":7}}'
    assert check("s3cr3t", body, signature("s3cr3t", body))
    assert not check("other", body, signature("s3cr3t", body))
    assert not check("s3cr3t", body + b" ", signature("s3cr3t", body))
