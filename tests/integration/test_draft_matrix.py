"""Drafts never leak: every public surface, for an anonymous reader, an editor and a publisher."""
import datetime

import pytest
from django.contrib.auth.models import Group, User

from speeches.models import Document

from tests.factories import make_document, make_person, make_region

ENGINES = ["whoosh", "opensearch"]

MARKER, SPEAKER, REGION = "zanzibarquux", "Draftonly Person", "Draftland"
ROLES = ["anonymous", "editor", "publisher"]
SURFACES = [
    "/", "/browse/", "/kinds/speech/", "/years/2024/", "/people/draftonly-person/", "/regions/draftland/",
    "/search/?q=zanzibarquux", "/search/?q=%22zanzibarquux+harbour%22", "/search/?speaker=draftonly-person",
    "/search/?q=shared", "/feeds/latest/", "/feeds/people/draftonly-person/", "/feeds/regions/draftland/",
    "/feeds/kinds/speech/", "/feeds/search/?q=zanzibarquux", "/sitemap.xml", "/api/documents/",
    "/api/documents/?speaker=draftonly-person", "/api/search/?q=zanzibarquux", "/api/people/", "/api/regions/",
    "/d/{id}/", "/d/{id}/{slug}/", "/d/{id}/cite/bibtex/", "/d/{id}/cite/ris/", "/d/{id}/cite/csl-json/",
    "/d/{id}/download/txt/", "/d/{id}/download/md/", "/d/{id}/download/tei/", "/api/documents/{id}/",
]


# Surfaces that list the published document beside where the draft would be: they must show it, or
# finding no draft there proves nothing.
LIST_THE_PUBLISHED = {"/", "/kinds/speech/", "/years/2024/", "/search/?q=shared", "/feeds/latest/",
                      "/feeds/kinds/speech/", "/sitemap.xml", "/api/documents/"}
PUBLISHED_TITLE = "A shared public speech"


@pytest.fixture
def draft(db):
    """A draft and a published document of the same kind and year, so every list could hold either."""
    same_year = datetime.date(2024, 5, 1)
    make_document(title=PUBLISHED_TITLE, body="Shared words.", kind="speech", date=same_year)
    draft = make_document(
        title=f"Draft {MARKER}", body=f"The {MARKER} harbour, shared with nobody yet.", kind="speech",
        status=Document.Status.DRAFT, speakers=[make_person(SPEAKER)], regions=[make_region(REGION)], date=same_year,
    )
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return draft


def log_in(client, role):
    if role == "anonymous":
        return
    user = User.objects.create_user(role, password=f"a-long-{role}-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors" if role == "editor" else "Publishers"))
    client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("surface", SURFACES)
def test_no_surface_shows_a_draft(client, draft, role, surface):
    log_in(client, role)
    response = client.get(surface.format(id=draft.public_id, slug=draft.slug))
    assert response.status_code in (200, 404), response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode()
    # Searches echo their query, so look for the draft's own words rather than the marker alone.
    for leak in (f"Draft {MARKER}", "harbour, shared with nobody", SPEAKER, REGION, draft.public_id):
        assert leak not in text, f"{leak} on {surface} for {role}"
    if surface in LIST_THE_PUBLISHED:
        published = Document.objects.get(title=PUBLISHED_TITLE)
        assert PUBLISHED_TITLE in text or published.get_absolute_url() in text, f"nothing listed on {surface}"
