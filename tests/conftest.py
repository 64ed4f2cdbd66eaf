"""Fixtures of the cross-cutting tests: Chromium through Playwright against pytest-django's live server."""

import os

import pytest

from tests.browser import blocking, format_violations, launch_chromium, osserva_csp, run_axe


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Debian's, see tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; without this Django
    # refuses ORM calls from the test ("You cannot call this from an async context").
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        # The same thread also sees the loop as running between Playwright calls, and Django's
        # connection handler then keeps its connections in a context variable instead of the
        # thread-local: the test would get new connection objects, without the test database's
        # serialized contents that `serialized_rollback` restores. Give it the ones it had.
        from django.db import connections

        thread_connections = {alias: connections[alias] for alias in connections}
        with sync_playwright() as playwright:
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            chromium = launch_chromium(playwright)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, with relative URLs resolved against the live server.

    Every browser test is also a Content-Security-Policy test: a script, style, frame or image that the
    site's policy refused on any page the test opened fails it (the page would be broken for visitors)."""
    context = browser.new_context(base_url=live_server.url, locale="it-IT", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    violazioni_csp = osserva_csp(context)
    yield context.new_page()
    context.close()
    assert not violazioni_csp, "Content-Security-Policy: il browser ha rifiutato " + "; ".join(
        f"{v['direttiva']} {v['bloccato']} ({v['sorgente'] or v['pagina']}: {v['campione']!r})" for v in violazioni_csp
    )


@pytest.fixture
def axe():
    """`axe(page)` runs axe-core on the page and fails on serious or critical violations, listing them."""

    def check(page, *, label=None):
        violations = run_axe(page)
        serious = blocking(violations)
        where = label or page.url
        assert not serious, f"axe: violazioni gravi in {where}:\n{format_violations(serious)}"
        return violations

    return check
