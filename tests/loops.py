"""A coroutine a test runs: in a loop and a thread of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_alone(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own; its result, or its error raised here.

    A browser test that ran before in the same xdist worker may have left Playwright's
    synchronous loop running in this thread, where ``asyncio.run`` is refused ("cannot be
    called from a running event loop": ``make test``, twice)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
