"""Chromium through Playwright, and axe-core injected into pages, for the browser tests in `tests/`.

A browser downloaded by `playwright install` does not run on our CI machines: we drive Debian's
Chromium (`make browser-deps` installs it) and take axe-core from node_modules (`npm ci`)."""

import functools
import json
import os
import shutil
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
AXE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Impacts that fail a test. "moderate" and "minor" findings are printed, not failed.
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path():
    """Debian's Chromium, or the one named by CHROMIUM_PATH."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(f"Chromium non trovato in {path}: esegui `make browser-deps`.")
    return path


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


@functools.cache
def _sorgente_axe():
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"axe-core non trovato in {AXE_PATH}: esegui `npm ci` (o `make browser-deps`).")
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page, *, context="document", options=None):
    """Inject axe-core into the page and return its violations (a list of dicts, as axe gives them).

    axe is evaluated through the DevTools protocol, not added as a <script> element: the site's
    Content-Security-Policy refuses inline scripts, and the tests must see the page under that policy."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_sorgente_axe())
    options = options or {"resultTypes": ["violations"]}
    return page.evaluate(
        f"async (options) => (await axe.run({context}, options)).violations",
        options,
    )


# Every `securitypolicyviolation` event of every page of a context reaches Python through a binding
# (the DevTools protocol, which the page's own policy does not restrict).
_OSSERVA_CSP = """
document.addEventListener("securitypolicyviolation", (evento) => {
    window.__violazioneCsp({
        pagina: document.location.href,
        direttiva: evento.effectiveDirective,
        bloccato: evento.blockedURI,
        sorgente: evento.sourceFile ? `${evento.sourceFile}:${evento.lineNumber}` : "",
        campione: evento.sample,
    });
});
"""


def osserva_csp(context):
    """The Content-Security-Policy violations of the context's pages, as a list that fills as they happen."""
    violazioni = []
    context.expose_binding("__violazioneCsp", lambda _origine, violazione: violazioni.append(violazione))
    context.add_init_script(_OSSERVA_CSP)
    return violazioni


def format_violations(violations):
    """One block per violation: rule id, impact, help URL, then target and HTML of each node."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"    why:    {summary[:400]}")
    return "\n".join(lines)


def blocking(violations):
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def log_in(page, email, password):
    """Log in through allauth's form, as a person would (fields by name, the form's own submit button)."""
    from django.urls import reverse

    page.goto(reverse("account_login"))
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    if page.url.split("?")[0].endswith(reverse("account_login")):
        raise AssertionError(f"accesso non riuscito per {email}: la pagina di login è di nuovo in {page.url}")
