import os
import subprocess
import sys

import pytest
from django.conf import settings

from archive.settings import search_connection


def run_deploy_check(**settings_given):
    env = {name: value for name, value in os.environ.items() if name not in {"DJANGO_SECRET_KEY", "EMAIL_URL"}}
    env.update(DJANGO_DEBUG="0", **settings_given)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
    )


def test_production_refuses_to_start_on_the_development_secret_key():
    result = run_deploy_check()
    assert result.returncode != 0
    assert "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_deployed_archive_is_warned_when_its_mail_would_go_to_the_console():
    """Each alert's mail holds a subscriber's address: written to the console, it is in the server's log."""
    secret = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_SECURE_SSL_REDIRECT": "1"}
    warned = run_deploy_check(**secret)
    assert "(speeches.W001) Mail is written to the console (no EMAIL_URL)" in warned.stderr
    assert "speeches.W001" not in run_deploy_check(**secret, EMAIL_URL="smtp://127.0.0.1:25").stderr


def test_settings_come_from_the_environment(tmp_path):
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['NAME'], s.HAYSTACK_CONNECTIONS['default']['PATH'])"
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_URL")},
           "DJANGO_SETTINGS_MODULE": "archive.settings", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 50,
           "DJANGO_ALLOWED_HOSTS": "archive.example, www.archive.example", "ARCHIVE_DATA_DIR": str(tmp_path)}
    output = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "['archive.example',", "'www.archive.example']",
                              str(tmp_path / "archive.sqlite3"), str(tmp_path / "whoosh")]


def test_an_opensearch_url_names_every_node_and_the_secured_cluster_s_credentials_come_from_the_environment(
        monkeypatch):
    monkeypatch.setenv("SEARCH_USERNAME", "archive")
    monkeypatch.setenv("SEARCH_PASSWORD", "s3cret")
    monkeypatch.setenv("SEARCH_REPLICAS", "2")
    connection = search_connection("https+opensearch://os1:9200,os2:9200,os3:9200/speeches")
    assert connection["ENGINE"] == "speeches.search.engines.opensearch.backend.HaystackEngine"
    assert connection["HOSTS"] == ["https://os1:9200", "https://os2:9200", "https://os3:9200"]
    assert (connection["INDEX_NAME"], connection["HTTP_AUTH"]) == ("speeches", ("archive", "s3cret"))
    assert (connection["SHARDS"], connection["REPLICAS"]) == (1, 2)
    monkeypatch.delenv("SEARCH_USERNAME")
    plain = search_connection("opensearch://127.0.0.1:9201")
    assert (plain["HOSTS"], plain["INDEX_NAME"], plain["HTTP_AUTH"]) == (["http://127.0.0.1:9201"], "archive", None)
    with pytest.raises(ValueError, match="not supported"):
        search_connection("solr://host/index")
