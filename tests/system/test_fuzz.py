"""Hostile input, generated from a fixed seed: 9,900 inputs and more, and none may cause a 500.

3,000 search and API queries, 3,500 URL paths, 100 admin form posts (each a whole save: 300 took a
minute), 3,000 import records and a file of 300 hostile JSONL lines plus binary and deeply nested files.

Targets: the search query and every filter, the JSON API, URL paths, the admin document form, and
import records and files. The test client re-raises any exception a view does not handle, so a
crash fails the test with its traceback.
"""
import json
import random
import string

import pytest
from django.contrib.auth.models import Group, User

from speeches.importers.importing import import_paths
from speeches.importers.records import RecordError, parse_record
from speeches.models import Document

SEED = 20261123
FRAGMENTS = [
    '"', "“", "”", "'", "’", "(", ")", "((", "))", "AND", "OR", "NOT", "-", "--", "+", "*", "?", "~", "^", ":",
    "speaker:", "region:", "kind:", "venue:", "lang:", "year:", "case:on", "\\", "/", "%", "%00", "%2e%2e%2f",
    "../", "..\\", "\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\ud7ff", "🕊️", "👩‍👩‍👧", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "'; DROP TABLE x; --",
    "{{7*7}}", "${7*7}", "{% debug %}", "\r\n", "\t", " ", "9" * 30, "-1", "0", "1e309", "NaN", "null", "[]",
    "{}", "2025-13-40", "2025-02-30", "0000-00-00", "amity", "peace", "a world of peace", "Astana", "中国",
    "Казахстан", "العربية", "é", "e\u0301",
]
FILTERS = ["speaker", "region", "venue", "event", "kind", "lang", "year", "date_from", "date_to", "sort",
           "case", "page", "page_size", "find", "hl", "cite", "p"]


def hostile_text(rng, max_parts=12):
    parts = [rng.choice(FRAGMENTS) if rng.random() < 0.7 else
             "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 12)))
             for _ in range(rng.randint(0, max_parts))]
    text = "".join(rng.choice(["", " "]) + part for part in parts)
    if rng.random() < 0.02:
        text *= rng.randint(200, 1200)  # very long input
    return text


def hostile_params(rng):
    params = {"q": hostile_text(rng)} if rng.random() < 0.9 else {}
    for name in rng.sample(FILTERS, rng.randint(0, 4)):
        params[name] = hostile_text(rng, 3)
    return params


@pytest.fixture
def rng():
    return random.Random(SEED)


def test_search_pages_and_api_survive_hostile_queries(client, seed_documents, rng):
    tried = 0
    for _ in range(2000):
        response = client.get("/search/", hostile_params(rng))
        assert response.status_code in (200, 400), response.status_code
        tried += 1
    for _ in range(1000):
        url = rng.choice(["/api/search/", "/api/documents/", "/feeds/search/"])
        response = client.get(url, hostile_params(rng))
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        tried += 1
    assert tried == 3000


def test_url_paths_survive_hostile_segments(client, seed_documents, rng):
    prefixes = ["/d/", "/d/stx5jr9c/", "/d/stx5jr9c/cite/", "/d/stx5jr9c/download/", "/people/", "/regions/",
                "/venues/", "/kinds/", "/years/", "/feeds/people/", "/feeds/kinds/", "/api/documents/",
                "/api/people/", "/events/?name=", "/"]
    for _ in range(3500):
        segment = hostile_text(rng, 3).replace("\x00", "").replace("\r", "").replace("\n", "")
        path = rng.choice(prefixes) + segment.replace(" ", "%20").replace("#", "%23").replace("?", "%3F")
        response = client.get(path, hostile_params(rng) if rng.random() < 0.3 else {})
        assert response.status_code in (200, 301, 302, 400, 404, 410), (path, response.status_code)


def test_admin_document_form_survives_hostile_fields(client, db, rng):
    user = User.objects.create_user("publisher", password="a-long-publisher-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    fields = ["title", "subtitle", "slug", "kind", "status", "date", "date_precision", "venue", "event",
              "language", "translation_note", "source_publisher", "source_url", "source_retrieved", "body",
              "source_text", "external_id", "regions", "countries"]
    for _ in range(100):
        data = {name: hostile_text(rng, 4) for name in fields if rng.random() < 0.8}
        data.update({"speakers-TOTAL_FORMS": rng.choice(["0", "1", "x", "-1", "3"]), "speakers-INITIAL_FORMS": "0",
                     "speakers-0-person": hostile_text(rng, 2), "speakers-0-role": hostile_text(rng, 3)})
        response = client.post("/admin/speeches/document/add/", data)
        assert response.status_code in (200, 302, 400), response.status_code
    for document in Document.objects.all():  # whatever was accepted is whole and renders
        assert client.get(f"/admin/speeches/document/{document.pk}/change/").status_code == 200


def test_import_records_and_files_survive_hostile_content(tmp_path, db, rng):
    keys = ["title", "subtitle", "kind", "date", "speakers", "venue", "event", "regions", "countries", "language",
            "translation_note", "source_publisher", "source_url", "source_retrieved", "body", "status",
            "external_id", "public_id", "source_text", "unknown"]
    values = [lambda: hostile_text(rng, 4), lambda: rng.randint(-10**20, 10**20), lambda: None, lambda: [],
              lambda: {}, lambda: [hostile_text(rng, 2)], lambda: {"name": hostile_text(rng, 2)},
              lambda: [{"name": hostile_text(rng, 2), "role": 5}], lambda: True, lambda: 1.5]
    parsed = rejected = 0
    for _ in range(3000):
        record = {key: hostile_text(rng, 3) if rng.random() < 0.8 else rng.choice(values)()
                  for key in keys if rng.random() < (0.05 if key == "unknown" else 0.3)}
        if rng.random() < 0.5:
            record.update(title=hostile_text(rng, 3) or "t", body=hostile_text(rng, 6) or "b")
        try:
            parse_record(record)
            parsed += 1
        except RecordError as error:
            assert str(error)
            rejected += 1
    assert parsed + rejected == 3000 and parsed > 30 and rejected > 100

    lines = [json.dumps({"title": hostile_text(rng, 3) or "t", "body": hostile_text(rng, 8) or "b",
                         "external_id": f"fuzz-{n}", "kind": rng.choice(["speech", "poem", hostile_text(rng, 1)])})
             if rng.random() < 0.7 else hostile_text(rng, 6) for n in range(300)]
    (tmp_path / "fuzz.jsonl").write_text("\n".join(line.replace("\n", " ") for line in lines), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    (tmp_path / "nested.jsonl").write_text("[" * 50000 + "]" * 50000 + "\n" + '{"a":' * 5000 + "1" + "}" * 5000)
    report = import_paths([tmp_path])
    assert len(report.outcomes) > 250
    assert all(outcome.detail for outcome in report.errors)
    for document in Document.objects.all():
        assert document.title and document.public_id and document.body_html is not None
