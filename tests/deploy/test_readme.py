"""The README's configuration table documents every setting, with its real default."""

from __future__ import annotations

import re
from pathlib import Path

from api.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
ROWS = dict(re.findall(r"^\| `(TANDEM_[A-Z_]+)` \| (.+?) \|", README, flags=re.MULTILINE))


def test_every_setting_has_a_row() -> None:
    documented = set(ROWS)
    expected = {f"TANDEM_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set(), "settings missing from README.md"
    assert documented - expected == set(), "README.md documents settings that do not exist"


def shown(default: object) -> str:
    return f"`{str(default).lower()}`" if isinstance(default, bool) else f"`{default}`"


def test_documented_defaults_are_the_real_ones() -> None:
    for name, field in Settings.model_fields.items():
        default = ROWS[f"TANDEM_{name.upper()}"]
        if field.default is None:
            assert default.startswith("unset"), name
        else:
            assert default == shown(field.default), name
