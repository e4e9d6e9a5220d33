"""Time travel: any view as it stood at a past instant, rebuilt from the recorded
decisions (never from a mutable copy). Filled in by the time-travel work (issue 5)."""

from __future__ import annotations
