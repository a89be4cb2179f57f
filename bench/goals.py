"""The goals of issue 14 ("Instant at every scale"), each judged from the benchmark's results.

A goal whose measurement was not run (a scale left out, ``--no-browser``) says so instead of
passing. Each result stands beside the reference measured in the same run (Streamlit's floor,
the page's own queries), since the machine is shared and absolute figures move with its load.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.load import AT_ONCE_PAGE

Results = dict[str, dict[str, Any]]


def _row(
    goal: str,
    target: str,
    value: float | None,
    limit: float,
    unit: str,
    beside: str = "",
    detail: str = "",
) -> dict[str, Any]:
    if value is None:
        return {
            "goal": goal,
            "target": target,
            "result": "not measured",
            "met": "—",
            "beside": beside,
        }
    shown = f"{value:,.0f} {unit}" if value >= 10 else f"{value:.2f} {unit}"
    verdict = "yes" if value <= limit else f"no (×{value / limit:.1f})" if limit else "no"
    return {
        "goal": goal,
        "target": target,
        "result": shown.strip() + (f" ({detail})" if detail else ""),
        "met": verdict,
        "beside": beside,
    }


def _worst_page(
    results: Results, scale: str, column: str = "rerun_ms"
) -> tuple[float | None, str, str]:
    pages = results.get(scale, {}).get("pages")
    if not pages:
        return None, "", ""
    worst = max(pages, key=lambda r: r[column])
    floor = worst["floor_ms"]
    return (
        worst[column],
        worst["page"].removeprefix("views/").removesuffix(".py"),
        f"floor {floor:.1f} ms; its queries {worst['queries_ms']:.1f} ms"
        + (f"; its CPU {worst['rerun_cpu_ms']:.0f} ms" if "rerun_cpu_ms" in worst else ""),
    )


def _import(results: Results, scale: str) -> dict[str, Any] | None:
    rows = results.get(scale, {}).get("import") or []
    return next((r for r in rows if r["step"].startswith("import") and r["ms"] is not None), None)


def _step(results: Results, scale: str, prefix: str) -> float | None:
    rows = results.get(scale, {}).get("import") or []
    return next((r["ms"] for r in rows if r["step"].startswith(prefix)), None)


def _first(results: Results, scale: str, prefix: str, said: str) -> str:
    first = _step(results, scale, prefix)
    return "" if first is None else f"{said}: {first:,.0f} ms"


def _server_alone(results: Results) -> list[str]:
    """What the server alone answers 20 sessions (``bench/serverload.py``: websocket clients,
    no browser on the machine's cores), for each count of app processes behind nginx."""
    rows = results.get("district", {}).get("server_load") or []
    return [
        f"the server alone, {r['processes']} process{'es' if r['processes'] > 1 else ''} "
        f"behind nginx: p95 {r['redraw_p95_ms']:,.0f} ms, "
        f"{r['errors']} error{'' if r['errors'] == 1 else 's'}"
        for r in rows
        if r["sessions"] == 20 and r["redraw_p95_ms"] is not None
    ]


def goals_table(results: Results) -> list[dict[str, Any]]:
    rows = []
    for scale, limit in (("district", 100.0), ("national", 500.0)):
        value, page, beside = _worst_page(results, scale)
        rows.append(
            _row(
                f"every page's server rerun, {scale}, cold caches (the slowest page)",
                f"≤ {limit:.0f} ms",
                value,
                limit,
                "ms",
                beside,
                page,
            )
        )
    pages = results.get("district", {}).get("pages") or []
    over = [r for r in pages if r["ratio"] > 2]
    ratio = max((r["ratio"] for r in pages), default=None)
    rows.append(
        _row(
            "a page's rerun ≤ 2 × (its queries + the floor), district (the worst)",
            "≤ 2",
            ratio,
            2.0,
            "×",
            f"{len(over)} of {len(pages)} pages over",
        )
    )
    browser = results.get("district", {}).get("browser") or []
    changes = [r for r in browser if r["filter_ms"] is not None]
    worst_change = max(changes, key=lambda r: r["filter_ms"], default=None)
    called = worst_change.get("filter_call_ms") if worst_change else None
    rows.append(
        _row(
            "a filter or year change redrawn in Chromium, district (the slowest page)",
            "≤ 400 ms",
            worst_change["filter_ms"] if worst_change else None,
            400.0,
            "ms",
            "from the press, as the page timed it"
            + (f"; from Playwright's call to click: {called:,.0f} ms" if called else ""),
            str(worst_change["page"] if worst_change else "")
            .removeprefix("views/")
            .removesuffix(".py"),
        )
    )
    typed = [r for r in browser if r.get("after_login_ms") and r["page"] != AT_ONCE_PAGE]
    logins = sorted(r["after_login_ms"] for r in typed)
    first = statistics.median(logins) if logins else None
    at_once = next((r["after_login_ms"] for r in browser if r["page"] == AT_ONCE_PAGE), None)
    beside = (
        f"median of {len(logins)} logins typed as a person types, from the click on the "
        "button; the password check (bcrypt) included"
        if logins
        else ""
    )
    if at_once is not None:
        beside += f"; clicked as the form shows: {at_once:,.0f} ms"
    rows.append(
        _row(
            "first page drawn after login in Chromium, district (the overview)",
            "≤ 1.500 ms",
            first,
            1500.0,
            "ms",
            beside,
        )
    )
    district = _import(results, "district")
    rows.append(
        _row(
            "import of a district year",
            "≤ 500 ms",
            district["ms"] if district else None,
            500.0,
            "ms",
            _first(results, "district", "first import", "the first after a start"),
        )
    )
    national = _import(results, "national")
    rows.append(
        _row(
            "import of a national year (all its files)",
            "≤ 15.000 ms",
            national["ms"] if national else None,
            15_000.0,
            "ms",
            _first(results, "national", "first import", "the first after a start"),
        )
    )
    # the page's import (its process of its own, for a national year's files) and the command
    # line's: an import of a national year either way, the larger peak judged
    first_peak = next(
        (
            r["peak_mib"]
            for r in results.get("national", {}).get("import") or []
            if r["step"].startswith("first import") and r.get("peak_mib") is not None
        ),
        None,
    )
    peaks = [p for p in (national["peak_mib"] if national else None, first_peak) if p]
    rows.append(
        _row(
            "… its peak memory",
            "≤ 2.048 MiB",
            max(peaks) if peaks else None,
            2048.0,
            "MiB",
            "; ".join(
                f"{said}: {p:,.0f} MiB"
                for said, p in (
                    ("the page's", national["peak_mib"] if national else None),
                    ("the command line's first after a start", first_peak),
                )
                if p
            ),
        )
    )
    load = {r["sessions"]: r for r in results.get("national", {}).get("load") or []}
    rows.append(
        _row(
            "the app server at national scale, 10 sessions open (resident)",
            "≤ 1.536 MiB",
            load[10]["server_rss_mib"] if 10 in load else None,
            1536.0,
            "MiB",
        )
    )
    many = {r["sessions"]: r for r in results.get("district", {}).get("load") or []}
    twenty = many.get(20)
    rows.append(
        _row(
            "20 browser sessions switching years, district: p95 redraw",
            "≤ 2.000 ms",
            twenty["redraw_p95_ms"] if twenty else None,
            2000.0,
            "ms",
            "; ".join(
                (
                    [f"from Playwright's call to click: p95 {twenty['redraw_p95_call_ms']:,.0f} ms"]
                    if twenty and twenty.get("redraw_p95_call_ms")
                    else []
                )
                + ([f"1 session: p95 {many[1]['redraw_p95_ms']:,.0f} ms"] if 1 in many else [])
                + _server_alone(results)
            ),
        )
    )
    rows.append(_row("… errors", "0", float(twenty["errors"]) if twenty else None, 0.0, ""))
    for scale in ("district", "national"):
        if scale in results:
            rows.append(
                _row(
                    f"deck (pptx), {scale}",
                    "≤ 1.000 ms",
                    _step(results, scale, "deck"),
                    1000.0,
                    "ms",
                )
            )
            rows.append(
                _row(
                    f"written report with chart images (docx), {scale}",
                    "≤ 3.000 ms",
                    _step(results, scale, "written report"),
                    3000.0,
                    "ms",
                    _first(results, scale, "first written report", "the first after a start"),
                )
            )
    return rows
