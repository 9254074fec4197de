"""The reliability suite's marker: ``slow`` tests (child processes, large inputs) run in
CI like every other test; ``-m "not slow"`` leaves them out for a quick local run."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: seconds rather than milliseconds (child processes, large inputs)"
    )
