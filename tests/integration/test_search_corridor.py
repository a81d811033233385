"""The corridor a search takes: a /search/ request reads the index's version once, and crosses the
web layer, the search package's face and its engine, never another surface's rooms."""
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from speeches.search.engines.whoosh.engine import WhooshEngine

from tests.factories import make_document, make_person

# The rooms a search page may cross outside the search package (the data layer counts once, as a
# room, however it is divided into files); the value modules: characters, and languages naming the
# language facet's options.
WEB_ROOMS = {"speeches/web", "speeches/limits.py",
             "speeches/middleware.py", "speeches/models", "speeches/templatetags/search_urls.py",
             "speeches/characters.py", "speeches/languages.py"}
# Measured with the search package's folders as they are (query, highlight, index, engines/whoosh)
# and the data layer in rooms (documents, catalogue): 19 of the package's files, 28 in all (the
# Haystack backend left the corridor when the engine stopped being made by it; index/document_index
# joined it when a hit found only in a title or credit was shown where, from the one list of what
# is searched beside paragraphs). Issue 26 asks for 12; a new file on the corridor should be a
# choice, not an accident.
MOST_FILES_CROSSED = 28


def project_files_crossed(request):
    """Return the project's Python files (not its tests or migrations) whose code runs in ``request()``."""
    files = set()

    def note_file(frame, event, arg):
        if event == "call":
            files.add(frame.f_code.co_filename)

    sys.setprofile(note_file)
    try:
        request()
    finally:
        sys.setprofile(None)
    project = Path(settings.BASE_DIR)
    crossed = {Path(name).relative_to(project) for name in files if Path(name).is_relative_to(project)}
    return {path for path in crossed if path.parts[0] not in {".venv", "tests"} and "migrations" not in path.parts}


@pytest.fixture
def searched(db):
    make_document("Harbour talks", body="The harbour of friendship.", speakers=[make_person("Ana Lima")])
    call_command("update_index", verbosity=0)


def room(path):
    """Return the room a file belongs to: a file of the data layer or of the web layer is its folder."""
    name = str(path).removesuffix(".py")
    return next((room for room in ("speeches/models", "speeches/web") if name.startswith(room)), str(path))


def test_a_search_crosses_the_web_layer_and_the_search_package_only(client, searched):
    client.get("/search/", {"q": "harbour"})  # what a first request imports and caches is not the corridor
    crossed = project_files_crossed(lambda: client.get("/search/", {"q": "harbour"}))
    outside_search = {room(path) for path in crossed if path.parts[:2] != ("speeches", "search")}
    assert outside_search <= WEB_ROOMS, sorted(outside_search - WEB_ROOMS)
    assert not [path for path in crossed if path.name == "backend.py"]  # Haystack's side writes only
    assert len(crossed) <= MOST_FILES_CROSSED, sorted(map(str, crossed))


def test_a_search_reads_the_index_version_once(client, searched, monkeypatch):
    reads = []
    read_version = WhooshEngine.version
    monkeypatch.setattr(WhooshEngine, "version", lambda engine: reads.append(1) or read_version(engine))
    assert client.get("/search/", {"q": "harbour"}).status_code == 200
    assert len(reads) == 1


def test_an_index_found_whole_is_not_looked_at_again_until_it_changes(client, searched, monkeypatch):
    looks = []
    is_complete = WhooshEngine.is_complete
    monkeypatch.setattr(WhooshEngine, "is_complete", lambda engine: looks.append(1) or is_complete(engine))
    for query in ("harbour", "friendship"):
        assert client.get("/search/", {"q": query}).status_code == 200
    assert len(looks) == 1

    make_document("Second talks", body="A second harbour.")
    call_command("update_index", verbosity=0)  # a new version of the index
    assert client.get("/search/", {"q": "harbour"}).context["page_obj"].paginator.count == 2
    assert len(looks) == 2
