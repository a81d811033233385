"""Every page type, and our stylesheets, checked by the Nu HTML Checker (vnu.jar, the W3C's validator).

vnu.jar comes from the npm package vnu-jar in tests/clients (pinned by its package-lock.json,
installed by the Makefile) and runs on the machine's Java, once for all pages.
"""
import json
import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders

from .page_types import PAGE_TYPES, add_retired_document, alert_page_types, office_page_types

VNU = Path(__file__).resolve().parents[1] / "clients" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEETS = ["css/archive.css", "css/api_docs.css"]


def nu_html_checker(paths, *options):
    completed = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout", *options,
                                *map(str, paths)], capture_output=True, text=True, timeout=300, check=False)
    return json.loads(completed.stdout)["messages"]


def errors_by_file(messages):
    errors = {}
    for message in messages:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "")).name
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def test_every_page_type_is_valid_html(client, seed_documents, tmp_path):
    add_retired_document()
    pages = []
    for name, url in {**PAGE_TYPES, **alert_page_types(), **office_page_types()}.items():
        page = tmp_path / f"{name}.html"
        page.write_bytes(client.get(url).content)
        pages.append(page)
    assert not (errors := errors_by_file(nu_html_checker(pages))), json.dumps(errors, indent=1)


def test_our_stylesheets_are_valid_css():
    stylesheets = [finders.find(path) for path in STYLESHEETS]
    assert not (errors := errors_by_file(nu_html_checker(stylesheets, "--css"))), json.dumps(errors, indent=1)
