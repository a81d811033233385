"""Production settings, security headers, no inline scripts, rate limits."""
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_document


def test_deploy_check_is_clean_in_production_settings():
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "a-long-random-production-secret-key-0123456789",
           "DJANGO_ALLOWED_HOSTS": "archive.example", "EMAIL_URL": "smtp://127.0.0.1:25"}  # mail sent, not logged
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_security_headers(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src == "'self'"
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_form_sent_without_its_security_cookie_is_refused_on_the_site_s_page(db):
    refused = Client(enforce_csrf_checks=True).post("/alerts/", {"email": "reader@example.org", "query": "q=peace"})
    assert refused.status_code == 403 and 'class="site-header' in refused.text
    assert "Reload the page and send it again." in refused.text


def test_hsts_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")


@pytest.mark.parametrize("path", ["/", "/search/?q=amity", "/browse/", "/search/help/", "/admin/login/",
                                  "/d/stx5jr9c/joining-hands-for-a-shared-future/"])
def test_pages_have_no_inline_scripts(client, seed_documents, path):
    page = client.get(path).text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag or 'type="application/ld+json"' in tag, tag


SEARCH_SURFACES = [("/search/", {"q": "amity"}), ("/api/search/", {"q": "amity"}), ("/feeds/search/", {"q": "amity"}),
                   ("/api/documents/", {"kind": "speech"}), ("/d/stx5jr9c/joining-hands-for-a-shared-future/",
                                                            {"find": "amity"})]


def test_every_search_surface_spends_one_budget(seed_documents, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SEARCH_RATE_LIMIT = "4/m"
    statuses = [Client(REMOTE_ADDR="203.0.113.9").get(url, params).status_code for url, params in SEARCH_SURFACES]
    assert statuses == [200, 200, 200, 200, 429]
    for url, params in SEARCH_SURFACES:
        response = Client(REMOTE_ADDR="203.0.113.9").get(url, params)
        # A sliding-window counter weighs the last window as if its searches were spread over it, so
        # the wait it asks can pass one period, never two (speeches.limits.SlidingWindow).
        assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 120
    assert "Too many searches" in Client(REMOTE_ADDR="203.0.113.9").get("/search/", {"q": "x"}).text
    assert Client(REMOTE_ADDR="203.0.113.9").get("/api/search/", {"q": "x"}).json()["detail"].startswith(
        "Request was throttled")
    assert Client(REMOTE_ADDR="203.0.113.10").get("/search/", {"q": "amity"}).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.9").get(SEARCH_SURFACES[-1][0]).status_code == 200  # reading is free


def test_browsers_behind_one_address_have_their_own_budgets_up_to_a_ceiling(db, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SEARCH_RATE_LIMIT, settings.SEARCH_ADDRESS_RATE_LIMIT = "3/m", "8/m"
    office = [Client(REMOTE_ADDR="198.51.100.7") for _ in range(3)]
    first, second = ([browser.get("/search/", {"q": f"amity {n}"}).status_code for n in range(4)]
                     for browser in office[:2])
    assert first == second == [200, 200, 200, 200]  # the first page is on the address, then the visitor's own
    assert office[2].get("/search/", {"q": "amity"}).status_code == 429  # the address ceiling: 8 in all
    statuses = []
    for n in range(4):  # a script inventing visitor cookies is counted by its address
        forged = Client(REMOTE_ADDR="192.0.2.1")
        forged.cookies["archive_visitor"] = f"made-up-{n}"
        statuses.append(forged.get("/search/", {"q": "amity"}).status_code)
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("next_url", ["//evil.example", "https://evil.example/", "/\\evil.example", ""])
def test_a_sign_in_asked_to_go_off_the_site_lands_in_the_admin(client, db, next_url):
    User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    response = client.post("/admin/login/", {"username": "editor", "password": "a-long-editor-password",
                                             "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_login_is_rate_limited(client, db, settings):
    settings.RATELIMIT_ENABLE = True
    # A day's window: django-ratelimit counts in fixed windows, and three slow logins on a busy
    # machine could straddle a minute's edge.
    settings.LOGIN_RATE_LIMIT = "2/d"
    User.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    attempts = [client.post("/admin/login/", {"username": "editor", "password": "wrong"},
                            REMOTE_ADDR="203.0.113.20").status_code for _ in range(3)]
    assert attempts == [200, 200, 429]
    assert client.get("/admin/login/", REMOTE_ADDR="203.0.113.20").status_code == 200


def test_markdown_and_metadata_cannot_inject_markup(client, db):
    from speeches.models import Document
    from speeches.rendering import WordsNotShown, render_markdown

    hostile = ('<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n<a href="jAvAsCrIpT:alert(1)">x</a>\n\n'
               '<img src=x onerror="alert(1)">\n\n<div style="background:url(javascript:alert(1))">y</div>')
    with pytest.raises(WordsNotShown, match="javascript"):  # its address would be dropped: refused, and said
        make_document(body=hostile)
    document = make_document(
        title='<script>alert("title")</script>', subtitle='<img src=x onerror=alert(1)>',
        event='"><svg onload=alert(1)>', translation_note="<iframe src=javascript:alert(1)>",
        source_url="https://example.org/?q=<script>", source_publisher="<b onmouseover=alert(1)>P</b>",
    )
    # as a body stored before the words check would be shown
    Document.objects.filter(pk=document.pk).update(body=hostile, body_html=render_markdown(hostile).html)
    page = client.get(document.get_absolute_url()).text
    body = page.split('id="document-body"')[1].split("</div>")[0]
    assert "<script" not in body and "<img" not in body and "<div" not in body
    assert not re.search(r"<[a-z][^>]*\son\w+=", body)
    assert not re.search(r"<a[^>]*href=\"\s*javascript:", body, re.I)
    assert "&lt;img src=x onerror=" in body  # shown as the text the editor typed
    head_and_meta = page.split('id="document-body"')[0]
    assert "<script>alert" not in head_and_meta and "<svg onload" not in head_and_meta
    assert "<img src=x" not in head_and_meta and "<iframe" not in head_and_meta
