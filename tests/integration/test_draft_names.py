"""A name credited only on drafts is, on every search surface, a name the archive does not have."""
import re

import pytest
from django.core.management import call_command

from speeches.models import Document

from tests.factories import make_document, make_person, make_region, make_venue

# (filter, draft-only slug, a slug of the same length that names nothing, the draft-only row's words)
FILTERS = [
    ("speaker", "draftonly-person", "nobodyatall-xyzq", ["Draftonly Person"]),
    ("region", "draftland", "nowhereat", ["Draftland"]),
    ("venue", "secret-hall", "absent-room", ["Secret Hall", "Hiddenburg"]),
]
SURFACES = [
    "/search/?q=peace&{filter}={slug}", "/search/?{filter}={slug}", "/search/timeline/?q=peace&{filter}={slug}",
    "/search/concordance/?q=peace&{filter}={slug}", "/search/export/?q=peace&{filter}={slug}",
    "/search/export/?q=peace&format=csv&{filter}={slug}", "/feeds/search/?q=peace&{filter}={slug}",
    "/api/search/?q=peace&{filter}={slug}", "/api/search/timeline/?q=peace&{filter}={slug}",
    "/api/search/concordance/?q=peace&{filter}={slug}", "/api/search/export/?q=peace&format=jsonl&{filter}={slug}",
    "/api/documents/?{filter}={slug}",
]


@pytest.fixture
def draft_only_names(db):
    make_document(title="Peace in public", body="Peace and quiet.", kind="speech")
    make_document(title="Draft on peace", body="Peace, in a draft.", status=Document.Status.DRAFT,
                  speakers=[make_person("Draftonly Person")], regions=[make_region("Draftland")],
                  venue=make_venue(name="Secret Hall", city="Hiddenburg", country="Nowhere"))
    call_command("update_index", verbosity=0)


def answer_text(client, url):
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    # An empty feed is dated by the moment it is made.
    return response.status_code, re.sub(r"<updated>[^<]*</updated>", "", content.decode())


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("name", "draft_slug", "absent_slug", "words"), FILTERS)
def test_a_draft_only_name_is_answered_as_a_name_that_does_not_exist(
        client, draft_only_names, surface, name, draft_slug, absent_slug, words):
    draft_status, draft_text = answer_text(client, surface.format(filter=name, slug=draft_slug))
    absent_status, absent_text = answer_text(client, surface.format(filter=name, slug=absent_slug))
    for word in words:
        assert word not in draft_text
    assert draft_status == absent_status
    assert draft_text.replace(draft_slug, "SLUG") == absent_text.replace(absent_slug, "SLUG")


@pytest.mark.parametrize(("name", "slug", "notice"), [
    ("venue", "secret-hall", "There is no venue “secret-hall” in the archive."),
    ("venue", "absent-room", "There is no venue “absent-room” in the archive."),
    ("event", "no-such-summit", "There is no event “no-such-summit” in the archive."),
])
def test_a_research_page_says_an_unknown_filter_names_nothing_instead_of_describing_it(
        client, draft_only_names, name, slug, notice):
    text = client.get(f"/search/timeline/?q=peace&{name}={slug}").content.decode()
    assert notice in text
    assert f"{name.capitalize()}: {slug}" not in text
