"""Every page type checked by axe-core in headless Chromium, at a phone's width and a laptop's.

axe-core comes from tests/clients (pinned by its package-lock.json, installed by the Makefile) and
runs with its default rules, best practices (heading order, landmarks) included.
"""
import json
from pathlib import Path

import pytest

from ..page_types import PAGE_TYPES, add_retired_document, alert_page_types, office_page_types
from .conftest import VIEWPORTS

AXE = Path(__file__).resolve().parents[2] / "clients" / "node_modules" / "axe-core" / "axe.min.js"



@pytest.fixture
def site(seeded_site):
    add_retired_document()
    return seeded_site


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document)).violations.map(violation => ({
        id: violation.id, impact: violation.impact, help: violation.help,
        targets: violation.nodes.map(node => node.target.join(" ")).slice(0, 5),
    }))""")


@pytest.mark.parametrize("viewport_name", sorted(VIEWPORTS))
def test_every_page_type_passes_axe(browser, site, viewport_name):
    # axe is injected as an inline script, which the site's CSP rightly forbids: the test's browser
    # context bypasses CSP.
    context = browser.new_context(viewport=VIEWPORTS[viewport_name], bypass_csp=True)
    page = context.new_page()
    failures = {}
    for name, path in {**PAGE_TYPES, **alert_page_types(), **office_page_types()}.items():
        page.goto(site + path)
        if name == "api-docs":
            page.get_by_role("heading", name="Diplomatic Speech Archive API").first.wait_for()
        if violations := axe_violations(page):
            failures[name] = violations
    context.close()
    assert not failures, json.dumps(failures, indent=1)
