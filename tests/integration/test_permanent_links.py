"""Addresses that never break: deleted documents answer 410 with their citation, merged ones redirect."""
import importlib
import json
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from speeches.lifecycle import merge_documents
from speeches.models import Document, RetiredDocument

from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db


def test_deleted_document_answers_410_gone_with_its_citation(client):
    document = make_document(title="Removed remarks", speakers=[make_person("Xi Jinping")])
    url, short_url = document.get_absolute_url(), f"/d/{document.public_id}/"
    document.delete()
    for address in (url, short_url, f"/d/{document.public_id}/any-old-slug/"):
        response = client.get(address)
        assert response.status_code == 410
        assert "This document was removed from the archive" in response.text
        assert "Xi, Jinping. n.d. “Removed Remarks.” Speech." in response.text


def test_bulk_deletes_leave_tombstones_too(client):
    first, second = make_document(title="First"), make_document(title="Second")
    Document.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert set(RetiredDocument.objects.values_list("title", flat=True)) == {"First", "Second"}
    assert client.get(f"/d/{first.public_id}/").status_code == 410


def test_deleted_drafts_leave_no_trace(client):
    draft = make_document(title="Never public", status="draft")
    draft.delete()
    assert not RetiredDocument.objects.exists()
    assert client.get(f"/d/{draft.public_id}/").status_code == 404


def test_merged_document_redirects_every_address_to_the_survivor(client):
    survivor, duplicate = make_document(title="Keep me"), make_document(title="Duplicate")
    merge_documents(survivor, duplicate)
    for address in (duplicate.get_absolute_url(), f"/d/{duplicate.public_id}/", f"/d/{duplicate.public_id}/x/"):
        response = client.get(address)
        assert response.status_code == 301 and response.headers["Location"] == survivor.get_absolute_url()
    # a citation or a download of the duplicate is the same citation or download of the survivor
    for resource in ("cite/bibtex/?p=p-1", "cite/ris/", "download/tei/", "download/txt/?lang=en"):
        response = client.get(f"/d/{duplicate.public_id}/{resource}")
        assert (response.status_code, response.headers["Location"]) == (301, f"/d/{survivor.public_id}/{resource}")
        assert client.get(response.headers["Location"]).status_code == 200, resource


def test_a_merged_duplicate_s_paragraphs_lead_to_where_they_are_in_the_survivor(client):
    survivor = make_document(title="Keep me", body="Opening.\n\nThe harbour of friendship.\n\nClosing words.")
    duplicate = make_document(title="Duplicate", body="The harbour of friendship.\n\nA line the survivor lacks.")
    merge_documents(survivor, duplicate)
    assert RetiredDocument.objects.get(public_id=duplicate.public_id).paragraph_map == {"p-1": "p-2", "p-2": ""}
    cite = f"/d/{duplicate.public_id}/cite/ris/"
    assert client.get(cite, {"p": "p-1"})["Location"] == f"/d/{survivor.public_id}/cite/ris/?p=p-2"
    assert client.get(cite, {"p": "p-2", "lang": "en"})["Location"] == f"/d/{survivor.public_id}/cite/ris/?lang=en"
    cited = client.get(f"/d/{duplicate.public_id}/", {"cite": "p-1"})["Location"]  # the page's citation panel
    assert cited == f"{survivor.get_absolute_url()}?cite=p-2&from={duplicate.public_id}"
    assert client.get(cited).context["cited_paragraph"] == "p-2"  # "The harbour of friendship.", as in the duplicate
    assert "cite=" not in client.get(f"/d/{duplicate.public_id}/", {"cite": "p-1", "lang": "fr"})["Location"]
    page = client.get(f"/d/{duplicate.public_id}/", {"hl": "harbour"})  # the browser keeps its #p-1
    assert page["Location"] == f"{survivor.get_absolute_url()}?hl=harbour&from={duplicate.public_id}"
    landed = client.get(page["Location"]).text
    assert '<script id="anchors-from" type="application/json">{"p-1": "p-2", "p-2": ""}</script>' in landed
    assert "anchors-from" not in client.get(survivor.get_absolute_url(), {"from": "nonsense"}).text

    third = make_document(title="Third", body="Opening.\n\nThe harbour of friendship.")
    merge_documents(third, survivor)  # the first duplicate's links follow into the third
    assert RetiredDocument.objects.get(public_id=duplicate.public_id).paragraph_map == {"p-1": "p-2", "p-2": ""}
    assert RetiredDocument.objects.get(public_id=survivor.public_id).paragraph_map == {
        "p-1": "p-1", "p-2": "p-2", "p-3": ""}


def test_a_link_to_a_merged_duplicate_s_translation_leads_to_the_same_words_in_the_one_kept(client):
    from speeches.models import DocumentText

    survivor = make_document(title="Kappa", body="One.\n\nTwo.\n\nThree.")
    duplicate = make_document(title="Kappa", body="Extra.\n\nMore.\n\nOne.\n\nTwo.\n\nThree.")
    DocumentText.objects.create(document=survivor, language="fr", role="official-translation",
                                body="Kappa paragraphe 1.\n\nKappa paragraphe 2.\n\nKappa paragraphe 3.")
    DocumentText.objects.create(document=duplicate, language="fr", role="official-translation",
                                body="En plus.\n\nEncore.\n\nKappa paragraphe 1.\n\nKappa paragraphe 2.\n\nKappa paragraphe 3.")
    merge_documents(survivor, duplicate)
    assert RetiredDocument.objects.get(public_id=duplicate.public_id).text_paragraph_maps == {
        "fr": {"p-1": "", "p-2": "", "p-3": "p-1", "p-4": "p-2", "p-5": "p-3"}}
    cited = client.get(f"/d/{duplicate.public_id}/", {"lang": "fr", "cite": "p-3"})["Location"]
    assert cited == f"{survivor.get_absolute_url()}?lang=fr&cite=p-1&from={duplicate.public_id}"
    landed = client.get(cited)
    assert landed.context["cited_paragraph"] == "p-1"
    assert '"p-3": "p-1"' in landed.text  # where the browser's #p-3 is taken
    assert client.get(f"/d/{duplicate.public_id}/cite/ris/", {"p": "p-4", "lang": "fr"})["Location"] == (
        f"/d/{survivor.public_id}/cite/ris/?p=p-2&lang=fr")


def test_merges_chain_and_a_later_delete_answers_gone(client):
    first, second, third = make_document(title="A"), make_document(title="B"), make_document(title="C")
    merge_documents(second, first)
    merge_documents(third, second)
    assert client.get(f"/d/{first.public_id}/").headers["Location"] == third.get_absolute_url()
    third.delete()
    assert client.get(f"/d/{first.public_id}/").status_code == 410


def test_a_corrected_title_slug_and_date_keep_old_links_working(client):
    document = make_document(title="Speach at Astana")
    old_url = document.get_absolute_url()
    document.title, document.slug = "Speech at Astana", ""
    document.date = None
    document.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response.headers["Location"] == document.get_absolute_url()


@pytest.mark.parametrize(("title", "slug"), [
    ("日本の外交", "日本の外交"),
    ("Визит Сергея Лаврова", "визит-сергея-лаврова"),
    ("Саммит ШОС 2024 (Astana)", "саммит-шос-2024-astana"),  # not "2024-astana"
    ("Rede in Łódź", "rede-in-lodz"),  # not "rede-in-odz"
    ("Joining Hands", "joining-hands"),
    ("※", "document"),
    # A long title is cut at the end of a word.
    ("Developing the China-Central Asia Spirit for High-Quality Development of Regional Cooperation",
     "developing-the-china-central-asia-spirit-for-high-quality-development-of"),
])
def test_a_document_s_address_says_its_title_in_its_script(client, title, slug):
    document = make_document(title=title)
    assert document.slug == slug
    assert document.get_absolute_url() == f"/d/{document.public_id}/{quote(slug)}/"
    assert client.get(document.get_absolute_url()).status_code == 200
    response = client.get(f"/d/{document.public_id}/a-former-slug/")
    assert response.status_code == 301 and response.headers["Location"] == document.get_absolute_url()
    assert document.get_absolute_url() in client.get("/sitemap.xml").text


def test_documents_slugged_by_the_former_rule_follow_their_titles_and_their_old_addresses_redirect(client):
    japanese, edited, english = make_document(title="日本の外交"), make_document(title="日本の外交"), make_document(title="Plain")
    Document.objects.filter(pk=japanese.pk).update(slug="document")
    Document.objects.filter(pk=edited.pk).update(slug="japan-diplomacy")  # an editor's choice stays
    importlib.import_module("speeches.migrations.0036_document_slugs_in_any_script").slug_documents_by_their_titles(
        apps, None)
    assert dict(Document.objects.values_list("pk", "slug")) == {
        japanese.pk: "日本の外交", edited.pk: "japan-diplomacy", english.pk: "plain"}
    response = client.get(f"/d/{japanese.public_id}/document/")
    assert response.status_code == 301 and response.headers["Location"].endswith(quote("/日本の外交/"))


def test_admin_merge_action_asks_which_to_keep_then_merges(client):
    user = User.objects.create_user("publisher", password="a-long-publisher-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    keep, duplicate = make_document(title="Keep"), make_document(title="Dupe")
    ask = client.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]})
    assert "Keep this document" in ask.text
    client.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [keep.pk, duplicate.pk],
                                              "confirm": "1", "into": keep.pk})
    assert list(Document.objects.values_list("title", flat=True)) == ["Keep"]
    assert client.get(f"/d/{duplicate.public_id}/").headers["Location"] == keep.get_absolute_url()


def test_the_merge_page_shows_what_the_duplicate_not_kept_would_take_with_it(client):
    from speeches.models import DocumentText

    user = User.objects.create_user("publisher", password="a-long-publisher-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    body = "We will work for peace in the region."
    keep = make_document(title="Merge test speech", body=body)
    other = make_document(title="Merge test speech", body=body + "\n\nAs delivered: we will never accept the annexation.",
                          source_text="Original transcript.")
    DocumentText.objects.create(document=other, language="fr", role="official-translation", body="Nous œuvrerons.")
    ask = client.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [keep.pk, other.pk]})
    assert f"/d/{keep.public_id}/" in ask.text and f"/d/{other.public_id}/" in ask.text
    assert "other texts: French (official translation)" in ask.text and "a source text" in ask.text
    assert "<ins>As delivered: we will never accept the annexation.</ins>" in ask.text


def test_merging_into_a_draft_says_the_links_lead_there_only_once_it_is_published(client):
    user = User.objects.create_user("publisher", password="a-long-publisher-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    draft, published = make_document(title="Draft", status=Document.Status.DRAFT), make_document(title="Public")
    ask = client.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [draft.pk, published.pk]})
    assert "Draft (draft)" in ask.text and "Public (published)" in ask.text
    done = client.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [draft.pk, published.pk],
                                                     "confirm": "1", "into": draft.pk}, follow=True)
    assert "its links will lead there once “Draft” is published, and answer 410 Gone until then" in done.text
    assert client.get(f"/d/{published.public_id}/").status_code == 410


def test_a_citation_gives_the_short_permanent_address_whatever_the_title_s_script(client):
    """A Chinese title's address is ~700 characters percent-encoded: citations, their downloads and the
    page's citation tags give /d/<public id>/, which leads to the page."""
    document = make_document(title="在第二届中国—中亚峰会上的主旨讲话：弘扬中国—中亚精神，携手构建更加紧密的中国—中亚命运共同体" * 2)
    permanent = f"http://testserver/d/{document.public_id}/"
    page = client.get(document.get_absolute_url()).text
    assert f'<meta name="citation_public_url" content="{permanent}">' in page
    citations = re.findall(r'class="cite__text"[^>]*>(.*?)</p>', page, re.S)
    assert len(citations) == 3 and all(permanent in citation and "%" not in citation for citation in citations)
    assert json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)[0]["URL"] == permanent
    assert client.get(permanent).headers["Location"] == document.get_absolute_url()


def test_a_link_citing_a_paragraph_the_text_no_longer_holds_says_so(client):
    document = make_document(body="Kept.\n\nRemoved later.\n\nAlso kept.")
    document.body = "Kept.\n\nAlso kept."
    document.save()
    page = client.get(document.get_absolute_url(), {"cite": "p-2"})
    assert "The paragraph this link cites (¶ 2) is no longer in this document" in page.text
    assert page.context["cited_paragraph"] is None
    assert "no longer in this document" not in client.get(document.get_absolute_url(), {"cite": "p-3"}).text
    assert "no longer in this document" not in client.get(document.get_absolute_url(), {"cite": "nonsense"}).text
    assert "no longer in this document" not in client.get(document.get_absolute_url(), {"cite": "p-999"}).text
