"""Browser tests: Debian's Chromium, headless, driven by Playwright, against a real ``cklod serve``.

No skipping: without Chromium (or Playwright) these tests fail, because a page nobody loaded is untested.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from serving import served

CHROMIUM = "/usr/bin/chromium"
# Chromium must not reach for the (closed) network: no sync, updates or background requests.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-default-browser-check",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def live(output_dir):
    with served(output_dir) as base:
        yield base


@dataclass
class Console:
    """What the page said on its console, and the uncaught errors it threw."""

    messages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [text for kind, text in self.messages if kind in ("error", "pageerror")]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cklod-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=True,
        )
        yield context
        context.close()


@pytest.fixture
def page(chromium):
    page = chromium.new_page()
    console = Console()
    page.on("console", lambda m: console.messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: console.messages.append(("pageerror", str(e))))
    page.console = console
    yield page
    page.close()


@pytest.fixture
def screenshot():
    """Save what the page shows (the viewport) as test-artifacts/screenshots/NAME.png."""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
