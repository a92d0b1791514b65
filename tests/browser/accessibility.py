"""axe-core in the test browser, and the page states the accessibility suite walks through.

axe-core comes from npm (``tests/browser/package.json``; ``make test`` runs ``npm ci`` there): nothing is
fetched at run time. The pages forbid inline script, so the contexts these helpers open bypass the page's
Content-Security-Policy for the injected axe script only; everything else the page does is as served.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
#: The viewports of the audit: a desktop, a small phone, and the desktop at 200% zoom (half the CSS pixels).
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 640},
             "zoom200": {"width": 640, "height": 450}}
#: Violations of these impacts fail a test.
FAILING = ("serious", "critical")
#: The rules run: WCAG 2.0, 2.1 and 2.2 A and AA (target size included) and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_page(browser: Browser, viewport: dict, **context) -> Page:
    """A page in a fresh context that can run axe (CSP bypassed for the injected script)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does)")
    page = browser.new_context(viewport=viewport, bypass_csp=True, **context).new_page()
    page.set_default_timeout(10_000)
    return page


def violations(page: Page, scope: str | None = None) -> list[dict]:
    """The serious and critical axe violations on the page as it is now (shadow roots included).

    ``scope`` (a selector) limits the check to part of the page: the widget on a host page that is not ours.
    """
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async ([scope, tags]) => {
        const context = scope ? {include: [[scope]]} : document;
        const options = {resultTypes: ["violations"], runOnly: {type: "tag", values: tags}};
        const result = await axe.run(context, options);
        return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary)}));
    }""", [scope, TAGS])
    return [v for v in found if v["impact"] in FAILING]


def describe(found: list[dict]) -> str:
    """The violations, readably, for an assertion message."""
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
