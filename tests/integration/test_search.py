"""Search over a real index, Whoosh and an OpenSearch cluster, through real HTTP."""
import csv
import datetime
import importlib
import io
import re
from urllib.parse import parse_qsl

import pytest

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from speeches.models import Alert, Document, DocumentText, IndexBacklog, KeywordProfile, Subscriber

from tests.factories import make_document, make_person, make_region, make_venue

ENGINES = ["whoosh", "opensearch"]
READ_AS_WRITTEN = importlib.import_module("speeches.migrations.0035_read_as_their_readers_write")

PODCAST, ASTANA, JOINING_HANDS, PRESS_RELEASE, COMMENTARY = (
    "wqvet5df", "wm7v8ets", "stx5jr9c", "np3hjpzv", "9eqrv25t",
)

# Each query, with exactly the seed documents it must return.
QUOTE_SET = [
    # One phrase from each seed finds that seed and no other.
    ('"weave a closer network of shared interests"', {PODCAST}),
    ('"six pomegranate trees that we planted together"', {ASTANA}),
    ('"turning the over 3,300 kilometers of shared borders"', {JOINING_HANDS}),
    ('"a train loaded with fresh Thai fruits"', {PRESS_RELEASE}),
    ('"friendship is a big deal"', {COMMENTARY}),
    # Stop words inside quotes count; no stemming inside quotes.
    ('"a world of friendship is a world of peace"', {COMMENTARY}),
    ('"the world of friendship"', set()),
    ('"pomegranate tree"', set()),
    ('"Thank you"', {ASTANA, JOINING_HANDS}),
    ('"Thank you for your attention"', {ASTANA}),
    # Unquoted words are stemmed.
    ("pomegranate tree", {ASTANA}),
    ("bloom", {ASTANA}),
    # Typography: curly quotes and apostrophes, dashes, hyphen as space, line breaks in the source.
    ("“One should be able to establish himself at the age of 30.”", {JOINING_HANDS}),
    ('"People’s Republic of China"', {ASTANA, JOINING_HANDS}),
    ("\"People's Republic of China\"", {ASTANA, JOINING_HANDS}),
    ('"Xi’an"', {PODCAST, ASTANA}),
    ('"shoulder to shoulder"', {PODCAST}),
    ('"shoulder-to-shoulder"', {PODCAST}),
    ('"shoulder–to—shoulder"', {PODCAST}),
    ('"shoulder by shoulder"', {JOINING_HANDS}),
    ('"China-Central Asia Summit"', {PODCAST, ASTANA}),
    ('"six\u00a0pomegranate\ntrees"', {ASTANA}),
    # Numbers and abbreviations.
    ('"3300 kilometers"', {JOINING_HANDS}),
    ('"94.8 billion U.S. dollars"', {PODCAST}),
    # Shared by several seeds.
    ('"community with a shared future"', {PODCAST, JOINING_HANDS, PRESS_RELEASE, COMMENTARY}),
    ('"amity, sincerity, mutual benefit and inclusiveness"', {PODCAST, JOINING_HANDS, PRESS_RELEASE}),
    ('"win-win cooperation"', {PODCAST, JOINING_HANDS, PRESS_RELEASE, COMMENTARY}),
    # Metadata is searchable too: titles and speakers.
    ('"Joining Hands for a Shared Future"', {JOINING_HANDS}),
    ('"He Yin"', {COMMENTARY}),
    # Case: ignored by default, exact with case:on.
    ('"dar es salaam"', {PODCAST}),
    ('"dar es salaam" case:on', set()),
    ('"Dar es Salaam" case:on', {PODCAST}),
]


def result_ids(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, response.text[:500]
    return set(re.findall(r'class="summary__title"><a href="/d/([a-z0-9]+)/', response.text))


@pytest.mark.parametrize("query, expected", QUOTE_SET, ids=[q for q, _ in QUOTE_SET])
def test_quote_set(client, seed_documents, query, expected):
    assert result_ids(client, q=query) == expected


def test_snippet_marks_the_whole_phrase_and_links_to_its_paragraph(client, seed_documents):
    page = client.get("/search/", {"q": '"six pomegranate trees"'}).text
    assert "<mark>six pomegranate trees</mark>" in page
    document = seed_documents[ASTANA]
    anchor = next(p["anchor"] for p in document.paragraphs if "six pomegranate trees" in p["text"])
    assert f'href="{document.get_absolute_url()}?hl=%22six%20pomegranate%20trees%22#{anchor}"' in page


def test_phrase_across_a_pdf_line_break_is_marked_as_one_unit(client, seed_documents):
    page = client.get("/search/", {"q": "“establish himself at the age of 30”"}).text
    assert "<mark>establish himself at the age of 30</mark>" in page


def test_filters_by_speaker_region_kind_and_date(client, seed_documents):
    assert result_ids(client, q="cooperation", speaker="he-yin") == {COMMENTARY}
    assert result_ids(client, q="cooperation", region="central-asia") == {PODCAST, ASTANA, JOINING_HANDS}
    assert result_ids(client, q="cooperation", kind="press-release") == {PRESS_RELEASE}
    assert result_ids(client, q="cooperation", date_from="2022-01-01", date_to="2022-12-31") == {JOINING_HANDS}
    assert result_ids(client, q="cooperation", year="2022") == {JOINING_HANDS}
    assert result_ids(client, q="speaker:xi-jinping region:central-asia cooperation") == {ASTANA, JOINING_HANDS}


def test_date_range_keeps_documents_dated_only_by_month_or_year_that_overlap_it(client, seed_documents):
    # The Astana speech is dated "2025" only: it may fall in April 2025, so it is kept.
    assert result_ids(client, q="cooperation", date_from="2025-04-01", date_to="2025-04-30") == {ASTANA, PRESS_RELEASE}
    assert result_ids(client, q="cooperation", date_from="2025-04-11") == {ASTANA, PODCAST}
    assert result_ids(client, q="cooperation", date_to="2024-12-31") == {JOINING_HANDS}


def test_filters_that_allow_no_document_find_nothing_whatever_the_query(client, seed_documents):
    """Whoosh reads an empty filter as none: a query it ranks itself (an OR, three words) came back unfiltered."""
    for q in ("amity OR cooperation", "cooperation amity friendship", '"Central Asia" OR amity'):
        assert result_ids(client, q=q, date_from="1800-01-01", date_to="1800-12-31") == set(), q
        assert result_ids(client, q=q, year="1850") == set(), q
        assert client.get("/api/search/", {"q": q, "year": "1850"}).json()["count"] == 0, q


def test_filters_alone_list_matching_documents(client, seed_documents):
    assert result_ids(client, speaker="xi-jinping") == {ASTANA, JOINING_HANDS}


def test_boolean_operators(client, seed_documents):
    assert result_ids(client, q="pomegranate OR Tanzania") == {ASTANA, PODCAST}
    assert result_ids(client, q='amity -Kazakhstan') == {PRESS_RELEASE}
    assert result_ids(client, q='amity NOT "Central Asia"') == {PRESS_RELEASE}
    assert result_ids(client, q="-cooperation") == set()


def test_sort_by_date(client, seed_documents):
    newest = client.get("/search/", {"q": "amity", "sort": "newest"}).text
    oldest = client.get("/search/", {"q": "amity", "sort": "oldest"}).text
    order = [PODCAST, PRESS_RELEASE, JOINING_HANDS]
    assert re.findall(r'summary__title"><a href="/d/([a-z0-9]+)/', newest) == order
    assert re.findall(r'summary__title"><a href="/d/([a-z0-9]+)/', oldest) == order[::-1]


@pytest.mark.django_db(transaction=True)
def test_drafts_never_reach_search_and_publishing_follows_at_once(client):
    draft = make_document(title="Quiet draft", body="The unmistakable zebra phrase.", status=Document.Status.DRAFT)
    assert result_ids(client, q='"unmistakable zebra phrase"') == set()
    draft.status = Document.Status.PUBLISHED
    draft.save()
    assert result_ids(client, q='"unmistakable zebra phrase"') == {draft.public_id}
    draft.status = Document.Status.DRAFT
    draft.save()
    assert result_ids(client, q='"unmistakable zebra phrase"') == set()
    draft.status = Document.Status.PUBLISHED
    draft.save()
    draft.delete()
    assert result_ids(client, q='"unmistakable zebra phrase"') == set()


def test_a_word_after_an_elided_article_or_an_invisible_character_is_found(client, db):
    french = make_document(body="La sécurité de l'Allemagne et d’Estaing.\n\nAujourd'hui, qu’il soit dit.")
    pasted = make_document(body="A coop\u00aderation pasted with a soft hyphen, and a zero\u200bwidth space.")
    irish = make_document(body="O'Neill met N'Djamena's envoy.")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q="Allemagne") == result_ids(client, q='"l’Allemagne"') == {french.public_id}
    assert result_ids(client, q="Estaing") == result_ids(client, q="aujourd'hui") == {french.public_id}
    assert result_ids(client, q="cooperation") == result_ids(client, q='"zerowidth space"') == {pasted.public_id}
    assert result_ids(client, q="coop\u00aderation") == {pasted.public_id}  # pasted into a query too
    assert result_ids(client, q="Alle\u200bmagne") == {french.public_id}
    assert result_ids(client, q="oneill") == result_ids(client, q="Neill") | {irish.public_id} == {irish.public_id}
    assert "l&#x27;<mark>Allemagne</mark>" in client.get("/search/", {"q": "Allemagne"}).text
    assert "<mark>coop\u00aderation</mark>" in client.get("/search/", {"q": "cooperation"}).text
    found = client.get(french.get_absolute_url(), {"find": "Allemagne"}).text
    assert "l&#x27;<mark>Allemagne</mark>" in found


def test_a_word_with_vowel_signs_and_viramas_is_one_word(client, db):
    hindi = make_document(body="राम ने कहा: शांति है।\n\nनरेंद्र मोदी बोले।", language="hi")
    tamil = make_document(body="தமிழ்நாடு அரசு.", language="ta")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q="राम") == result_ids(client, q='"शांति है"') == {hindi.public_id}
    assert result_ids(client, q="रोम") == result_ids(client, q="रिम") == result_ids(client, q="நாடு") == set()
    assert result_ids(client, q="तमिल") == set() and result_ids(client, q="தமிழ்நாடு") == {tamil.public_id}
    assert "<mark>शांति है</mark>" in client.get("/search/", {"q": '"शांति है"'}).text
    assert hindi.word_count == 8 and tamil.word_count == 2


def test_a_mark_that_writes_a_sound_is_not_folded_as_an_accent(client, db):
    gaza = make_document(body="ガザ、停戦。", language="ja")
    umbrella = make_document(body="カサ、雨。", language="ja")
    decomposed = make_document(body="カ\u3099サ\u3099、祭り。", language="ja")  # ガザ typed as four characters
    hindi = make_document(body="नरेंद्र मोदी ज़रूर आएंगे।", language="hi")
    thai = make_document(body="ผู้นำ หารือ ข้าว", language="th")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q="ガザ") == result_ids(client, q="カ\u3099サ\u3099") == {gaza.public_id, decomposed.public_id}
    assert result_ids(client, q="カサ") == {umbrella.public_id}
    assert result_ids(client, q='"ガザ 停戦"') == {gaza.public_id}
    assert result_ids(client, q="नरेंद्र") == {hindi.public_id} and result_ids(client, q="नरेंदर") == set()
    assert result_ids(client, q="जरूर") == {hindi.public_id}  # the nukta is folded, as writers of Hindi often drop it
    assert result_ids(client, q="ข้าว") == {thai.public_id} and result_ids(client, q="ขาว") == set()  # rice, not white
    assert "<mark>ข้าว</mark>" in client.get("/search/", {"q": "ข้าว"}).text
    assert "<mark>ガザ</mark>" in client.get("/search/", {"q": "ガザ"}).text


def test_latin_letters_no_decomposition_takes_apart_are_folded_as_accents(client, db):
    french = make_document(body="Au cœur de l'Europe, ex æquo.", language="fr")
    polish = make_document(body="Spotkanie w Łodzi i Gdańsku.", language="pl")
    danish = make_document(body="Søren Kierkegaard.", language="da")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q="coeur") == result_ids(client, q='"au coeur de"') == {french.public_id}
    assert result_ids(client, q="aequo") == {french.public_id}
    assert result_ids(client, q="Lodzi") == result_ids(client, q="gdansku") == {polish.public_id}
    assert result_ids(client, q="soren") == {danish.public_id}
    assert result_ids(client, q="cœur", case="on") == {french.public_id}
    assert result_ids(client, q="coeur", case="on") == set()  # matched exactly, as typed
    assert "<mark>cœur</mark>" in client.get("/search/", {"q": "coeur"}).text


def test_a_katakana_word_is_found_without_the_hiragana_after_it(client, db):
    japanese = make_document(body="パレスチナの人々は、ガザの人道状況を憂慮している。", language="ja")
    make_document(body="パレスチナ問題。", language="ja", status=Document.Status.DRAFT)
    call_command("update_index", verbosity=0)
    for query in ("パレスチナ", "ガザ", '"パレスチナの人々"', '"ガザの人道状況"'):
        assert result_ids(client, q=query) == {japanese.public_id}, query
    assert result_ids(client, q="パレスチ") == set()  # a whole word, not its beginning
    assert "<mark>パレスチナ</mark>の人々" in client.get("/search/", {"q": "パレスチナ"}).text
    assert "1 occurrence" in client.get(japanese.get_absolute_url(), {"find": "パレスチナ"}).text


def test_a_japanese_quote_or_word_may_begin_or_end_inside_a_run_of_hiragana(client, db):
    japanese = make_document(body="両国は協力していくことが重要だと確認した。ご支援ありがとうございます。", language="ja")
    make_document(body="協力していくことが重要だ。", language="ja", status=Document.Status.DRAFT)
    call_command("update_index", verbosity=0)
    for query in ('"協力していく"', '"くことが重要"', "していく", "ありがとう", '"ございます"', "確認した"):
        assert result_ids(client, q=query) == {japanese.public_id}, query
    for query in ('"ありがとう協力"', "うとがりあ", '"協力しているこ"'):  # not in that order
        assert result_ids(client, q=query) == set(), query
    page = client.get("/search/", {"q": '"協力していく"'}).text
    assert "<mark>協力していく</mark>ことが" in page


def test_a_quote_never_runs_from_one_paragraph_or_field_into_the_next(client, db):
    document = make_document(title="Talks on the Five Principles", subtitle="Beijing, 1954", event="Summit of friends",
                             body="We stand for peaceful coexistence.\n\nIn the new era we act together.",
                             speakers=[(make_person("Antony Blinken"), "Secretary of State")])
    DocumentText.objects.create(document=document, language="fr", role="official-translation",
                                body="Nous agissons ensemble.\n\nLe multilatéralisme est la voie.")
    call_command("update_index", verbosity=0)
    for across in ('"peaceful coexistence in the new era"', '"Five Principles Beijing"', '"1954 Antony"',
                   '"Antony Blinken Secretary"', '"Secretary of State Summit"', '"Summit of friends We stand"',
                   '"act together nous agissons"', '"agissons ensemble le multilatéralisme"'):
        assert result_ids(client, q=across) == set(), across
        assert result_ids(client, q=across, case="on") == set(), across
    for within in ('"peaceful coexistence"', '"In the new era"', '"Five Principles"', '"Antony Blinken"',
                   '"Secretary of State"', '"Summit of friends"', '"le multilatéralisme est la voie"'):
        assert result_ids(client, q=within) == {document.public_id}, within


def test_a_thai_lao_or_khmer_word_is_found_inside_the_run_it_is_written_in(client, db):
    thai = make_document(body="วันนี้รัฐบาลยืนยันว่าประเทศไทยสนับสนุนการอยู่ร่วมกันอย่างสันติและความร่วมมือระหว่างประเทศ",
                         language="th")
    lao = make_document(body="ສປປ ລາວ ສະໜັບສະໜູນການຮ່ວມມືລະຫວ່າງປະເທດ", language="lo")
    khmer = make_document(body="ព្រះរាជាណាចក្រកម្ពុជាគាំទ្រសន្តិភាព", language="km")
    make_document(body="สันติภาพ", language="th", status=Document.Status.DRAFT)
    call_command("update_index", verbosity=0)
    for query in ("สันติ", "สนับสนุน", "ความร่วมมือ", '"อยู่ร่วมกันอย่างสันติ"', "ประเทศไทย สันติ"):
        assert result_ids(client, q=query) == {thai.public_id}, query
    assert result_ids(client, q="ระหว่างประเทศ") == {thai.public_id}
    assert result_ids(client, q="สัน") == set()  # a whole word, not its beginning
    assert result_ids(client, q="ສະໜັບສະໜູນ") == {lao.public_id}
    assert result_ids(client, q="កម្ពុជា") == {khmer.public_id}
    assert "<mark>สันติ</mark>และ" in client.get("/search/", {"q": "สันติ"}).text
    assert "1 occurrence" in client.get(thai.get_absolute_url(), {"find": "สันติ"}).text
    concordance = client.get("/search/concordance/", {"q": "สันติ", "format": "csv"}).content.decode()
    [line] = csv.DictReader(io.StringIO(concordance))
    # eight words each side, as in any language: not the whole run of Thai up to the next space
    assert (line["left"], line["match"], line["right"]) == ("ว่าประเทศไทยสนับสนุนการอยู่ร่วมกันอย่าง", "สันติ",
                                                            "และความร่วมมือระหว่างประเทศ")


def test_a_korean_word_is_found_with_the_particles_written_onto_it(client, db):
    korean = make_document(body="한국은 북한의 비핵화를 위한 대화에서 국가 간 협력을 강조했다.", language="ko")
    inter_korean = make_document(body="남북한 정상회담.", language="ko")
    call_command("update_index", verbosity=0)
    for query in ("북한", "북한은", "비핵화", "대화", "협력", "한국", "국가가", '"북한의 비핵화를"'):
        assert result_ids(client, q=query) == {korean.public_id}, query
    assert result_ids(client, q="남북한") == {inter_korean.public_id}  # another word, which holds 북한 but is not it
    assert result_ids(client, q='"북한 비핵화"') == set()  # quoted, the words as written
    assert "<mark>북한의</mark>" in client.get("/search/", {"q": "북한"}).text
    assert "1 occurrence" in client.get(korean.get_absolute_url(), {"find": "북한"}).text


def test_a_russian_word_with_й_has_the_stem_of_its_other_forms(client, db):
    russian = make_document(body="Многополярный мир, западными партнёрами, равноправной основе.", language="ru")
    call_command("update_index", verbosity=0)
    for form in ("многополярного", "западный", "равноправная", "многополярный", "партнеры"):
        assert result_ids(client, q=form) == {russian.public_id}, form
    assert result_ids(client, q="многополярныи") == set()  # и is not й
    assert "<mark>Многополярный</mark>" in client.get("/search/", {"q": "многополярного"}).text


def test_an_event_named_in_any_script_is_a_facet_and_a_filter(client, db):
    events = {"Саммит ШОС 2024": "саммит-шос-2024", "第七十九届联合国大会": "第七十九届联合国大会",
              "قمة الرياض": "قمة-الرياض", "Summit 2024": "summit-2024",
              "Саммит ШОС 2024 (Astana)": "саммит-шос-2024-astana", "Саммит СНГ 2024 (Astana)": "саммит-снг-2024-astana",
              "राम सम्मेलन": "राम-सम्मेलन", "रमा सम्मेलन": "रमा-सम्मेलन",  # vowel signs kept: two events
              "Oʻzbekiston Summit": "ozbekiston-summit",  # a modifier letter is no script's
              "Weimarer Dreieck in der Straße": "weimarer-dreieck-in-der-strasse"}  # ß transliterated, not dropped
    documents = {event: make_document(body="The harbour of friendship.", event=event, date=datetime.date(2024, 9, 24))
                 for event in events}
    make_document(body="A second harbour, in Moscow.", event="Московская встреча 2024")
    call_command("update_index", verbosity=0)
    facets = facet_counts(client, q="harbour")
    assert {label: count for label, (count, _) in facets["event"].items()} == {
        **{event: 1 for event in events}, "Московская встреча 2024": 1}
    for event, slug in events.items():
        assert result_ids(client, q="harbour", event=slug) == {documents[event].public_id}
        for typed in (slug, f'"{event}"'):  # in the query, by its address's slug or its name as written
            assert result_ids(client, q=f"harbour event:{typed}") == {documents[event].public_id}, typed
        assert result_ids(client, **dict(parse_qsl(facets["event"][event][1].lstrip("?")))) == {
            documents[event].public_id}
        found = client.get("/api/search/", {"q": "harbour", "event": slug}).json()
        assert [hit["document"]["id"] for hit in found["results"]] == [documents[event].public_id]
    top = client.get("/api/search/timeline/", {"q": "friendship"}).json()["top"]["events"]
    assert {(entry["slug"], entry["name"]) for entry in top} == {(slug, event) for event, slug in events.items()}


def test_a_speaker_named_in_any_script_is_a_facet_and_a_filter(client, db):
    lavrov = make_person("Сергей Лавров")
    spoken = make_document(body="The harbour of friendship.", speakers=[lavrov])
    make_document(body="Another harbour.", speakers=[make_person("Xi Jinping")])
    call_command("update_index", verbosity=0)
    count, link = facet_counts(client, q="harbour")["speaker"]["Сергей Лавров"]
    assert count == 1 and result_ids(client, **dict(parse_qsl(link.lstrip("?")))) == {spoken.public_id}
    assert result_ids(client, q='harbour speaker:"Сергей Лавров"') == {spoken.public_id}
    found = client.get("/api/search/", {"q": "harbour", "speaker": "сергей-лавров"}).json()
    assert [hit["document"]["id"] for hit in found["results"]] == [spoken.public_id]
    assert client.get("/api/documents/", {"speaker": "сергей-лавров"}).json()["count"] == 1


def test_the_title_and_translator_of_a_document_s_other_text_are_searched(client, db):
    document = make_document("Discours à la conférence des ambassadeurs", body="Le multilatéralisme.", language="fr")
    DocumentText.objects.create(document=document, language="en", role="unofficial-translation", body="Multilateralism.",
                                title="Speech at the Ambassadors’ Conference", translator="Jane Doe")
    draft = make_document("Brouillon", body="Rien.", language="fr", status=Document.Status.DRAFT)
    DocumentText.objects.create(document=draft, language="en", role="unofficial-translation", body="Nothing.",
                                title="Speech at the Ambassadors’ Conference", translator="Jane Doe")
    call_command("update_index", verbosity=0)
    for query in ('"Ambassadors\' Conference"', "ambassadors conference", '"Jane Doe"'):
        assert result_ids(client, q=query) == {document.public_id}, query
    assert client.get("/api/search/", {"q": '"Ambassadors’ Conference"'}).json()["count"] == 1
    assert result_ids(client, q='"Conference Jane"') == set()  # a quote never runs from one part into the next


def test_a_document_found_only_in_a_title_or_credit_shows_where(client, db):
    document = make_document("Discours à la conférence des ambassadeurs", body="Le multilatéralisme.", language="fr",
                             speakers=[make_person("Emmanuel Macron")])
    DocumentText.objects.create(document=document, language="en", role="unofficial-translation", body="Multilateralism.",
                                title="Speech at the Ambassadors’ Conference", translator="Jane Doe")
    call_command("update_index", verbosity=0)
    page = client.get("/search/", {"q": '"Jane Doe"'}).content.decode()
    link = escape(document.paragraph_url("", "en", '"Jane Doe"'))  # the translation's page, the name marked
    assert f'English, in its title or credits</span> <a href="{link}"><mark>Jane Doe</mark></a>' in page
    page = client.get("/search/", {"q": "Macron"}).content.decode()
    assert "In its title or credits</span> <a" in page and "Emmanuel <mark>Macron</mark></a>" in page
    found = client.get("/api/search/", {"q": '"Jane Doe"'}).json()["results"][0]["snippets"]
    assert [(snippet["html"], snippet["language"], snippet["in_headings"]) for snippet in found] == [
        ("<mark>Jane Doe</mark>", "en", True)]
    found = client.get("/api/search/", {"q": "multilatéralisme"}).json()["results"][0]["snippets"]
    assert [snippet["in_headings"] for snippet in found] == [False]  # a paragraph matched: it is shown alone
    as_prepared = make_document("Remarks", body="Friendship.", language="en")  # a text in the main text's language
    DocumentText.objects.create(document=as_prepared, language="en", role="as-prepared", body="Friendship.",
                                title="Remarks as prepared for delivery")
    call_command("update_index", verbosity=0)
    found = client.get("/api/search/", {"q": "delivery"}).json()["results"][0]["snippets"]
    assert [(snippet["language"], snippet["in_headings"]) for snippet in found] == [("en", True)]  # that text's
    keynote = make_document("Pomegranates", subtitle="Keynote address", body="The pomegranate of friendship.")
    call_command("update_index", verbosity=0)
    found = client.get("/api/search/", {"q": "keynote pomegranates"}).json()["results"][0]["snippets"]
    assert [(snippet["html"], snippet["in_headings"]) for snippet in found] == [
        ("The <mark>pomegranate</mark> of friendship.", False), ("<mark>Keynote</mark> address", True)]
    found = client.get("/api/search/", {"q": "pomegranate"}).json()["results"][0]["snippets"]  # its title too
    assert [snippet["in_headings"] for snippet in found] == [False], keynote.title  # the word shown once: no more


def test_a_facet_whose_filter_is_in_force_counts_what_each_option_s_link_finds(client, db):
    ana, bo = make_person("Ana Lima"), make_person("Bo Chen")
    both = make_document(body="The harbour of friendship.", speakers=[ana, bo])
    DocumentText.objects.create(document=both, language="zh-Hans", role="official-translation", body="友谊之港。")
    make_document(body="Another harbour.", speakers=[bo])
    make_document(body="Нет гавани, no harbour.", language="ru")
    call_command("update_index", verbosity=0)
    # (the option chosen under the search box links to the search without it: it has no count to find)
    for params, chosen in (({"q": "harbour", "lang": "zh"}, "Chinese"), ({"q": "harbour speaker:ana-lima"}, None),
                           ({"q": "harbour", "speaker": "ana-lima"}, "Ana Lima")):
        for facet in facet_counts(client, **params).values():
            for label, (count, link) in facet.items():
                clicked = client.get("/search/?" + link.lstrip("?")).context["page_obj"].paginator.count
                assert clicked == count or label == chosen, (params, label)
    assert facet_counts(client, q="harbour", lang="zh")["lang"]["English"][0] == 2  # as lang=en finds


def test_a_renamed_speaker_is_found_by_their_new_name_typed_as_written(client, db):
    person = make_person("Jane Roe")
    spoken = make_document(body="The harbour of friendship.", speakers=[person])
    make_document(body="A draft harbour.", speakers=[make_person("Janeth Roewinski Draft")], status=Document.Status.DRAFT)
    person.name = "Janeth Roewinski"
    person.save()
    call_command("update_index", verbosity=0)
    assert person.slug == "jane-roe"  # a slug stays as it was: links to the person's page hold
    for typed in ('speaker:"Janeth Roewinski"', 'speaker:"janeth roewinski"', "speaker:jane-roe"):
        page = client.get("/search/", {"q": f"harbour {typed}"})
        assert result_ids(client, q=f"harbour {typed}") == {spoken.public_id} and "There is no" not in page.text, typed
    page = client.get("/search/", {"q": 'harbour speaker:"Janeth Roewinski Draft"'})  # a draft's speaker: unknown
    assert "There is no speaker" in page.text and result_ids(client, q='harbour speaker:"Janeth Roewinski Draft"') == set()


def test_a_one_word_name_is_found_quoted_or_not_in_any_case(client, seed_documents):
    at_moscow = make_document(body="The harbour of friendship.", venue=make_venue("Москва", city="Москва"),
                              regions=[make_region("Africa")], event="Summit")
    DocumentText.objects.create(document=at_moscow, language="ru", role="official-translation", body="Гавань дружбы.")
    call_command("update_index", verbosity=0)
    named = [("speaker", "cgtn", "CGTN"), ("venue", "astana", "Astana"), ("venue", "москва", "Москва"),
             ("region", "africa", "Africa"), ("event", "summit", "Summit"), ("kind", "speech", "Speech"),
             ("kind", "press-release", "Press release"), ("role", "official-translation", "Official translation"),
             ("mentions", "kz", "Kazakhstan")]
    for operator, slug, name in named:
        expected = result_ids(client, q=f"{operator}:{slug}")
        assert expected and (name != "Москва" or expected == {at_moscow.public_id}), operator
        typed_forms = {f'{operator}:"{written}"' for written in (name, name.lower(), name.upper())}
        if " " not in name:
            typed_forms |= {f"{operator}:{name}", f"{operator}:{name.upper()}"}
        for typed in typed_forms:
            page = client.get("/search/", {"q": typed})
            assert result_ids(client, q=typed) == expected and "There is no" not in page.text, typed
            found = client.get("/api/search/", {"q": typed}).json()
            assert {hit["document"]["id"] for hit in found["results"]} == expected and not found["notices"], typed


def test_documents_at_an_event_whose_slug_changed_are_indexed_again_at_the_next_start(client, db):
    from speeches.search import catch_up_index

    renamed = make_document(body="The harbour of friendship.", event="Саммит ШОС 2024")
    mixed = make_document(body="A harbour.", event="Саммит СНГ 2024 (Astana)")
    make_document(body="A harbour.", event="Summit 2024 (Astana)")
    make_document(body="A draft harbour.", event="Саммит ШОС 2024", status=Document.Status.DRAFT)
    call_command("update_index", verbosity=0)
    IndexBacklog.objects.all().delete()
    migration = importlib.import_module("speeches.migrations.0030_slugs_in_any_script")
    migration.note_documents_of_renamed_events(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {renamed.pk, mixed.pk}
    assert catch_up_index() == 2
    assert result_ids(client, q="harbour", event="саммит-шос-2024") == {renamed.public_id}


def test_an_alert_following_an_event_by_its_former_slug_follows_it_by_the_new_one(db):
    make_document(body="A harbour.", event="Саммит СНГ 2025 (Astana)")  # its former slug: 2025-astana
    for event in ("Саммит ШОС 2024 (Astana)", "Саммит СНГ 2024 (Astana)"):  # one former slug, 2024-astana
        make_document(body="A harbour.", event=event)
    make_document(body="A harbour.", event="Summit 2026 (Astana)")
    make_document(body="A harbour.", event="Łódź talks")  # its former slug: odz-talks
    reader = Subscriber.objects.create(email="reader@example.org")
    queries = ["q=harbour&event=2025-astana", "q=harbour&event=2024-astana", "q=harbour&event=summit-2026-astana",
               "q=harbour&event=odz-talks"]
    alerts = [Alert.objects.create(subscriber=reader, query=query, description="harbour") for query in queries]
    importlib.import_module("speeches.migrations.0030_slugs_in_any_script").follow_renamed_events_in_alerts(apps, None)
    assert [Alert.objects.get(pk=alert.pk).query for alert in alerts] == [
        "q=harbour&event=%D1%81%D0%B0%D0%BC%D0%BC%D0%B8%D1%82-%D1%81%D0%BD%D0%B3-2025-astana",
        "q=harbour&event=2024-astana",  # which of the two summits it meant, nothing says
        "q=harbour&event=summit-2026-astana", "q=harbour&event=lodz-talks"]


def test_documents_search_now_reads_otherwise_are_indexed_again_at_the_next_start(db):
    elided = make_document(body="La sécurité de l’Allemagne.")
    pasted = make_document(body="Plain.")
    Document.objects.filter(pk=pasted.pk).update(title="Coop\u00aderation")  # as stored before titles lost them
    translated = make_document(body="Plain too.")
    DocumentText.objects.create(document=translated, language="fr", role="official-translation", body="Qu'il soit dit.")
    giscard, oneill = make_person("Valéry Giscard d'Estaing"), make_person("Sean O'Neill")
    credited = make_document(body="Plain as well.", speakers=[giscard])
    make_document(body="O'Neill met N'Djamena's envoy.", speakers=[oneill])
    for person in (giscard, oneill):
        KeywordProfile.objects.create(person=person, language="en", documents=1, words=3, other_words=9,
                                      signature="counted", archive_words=12, counted=timezone.now())
    make_document(body="L’Allemagne, in a draft.", status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    Document.objects.update(passages_compared=timezone.now())
    migration = importlib.import_module("speeches.migrations.0031_elisions_and_invisible_characters")
    migration.note_documents_read_otherwise(apps, None)
    read_again = {elided.pk, pasted.pk, translated.pk, credited.pk}
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == read_again
    assert set(Document.objects.filter(passages_compared=None).values_list("pk", flat=True)) == read_again
    assert dict(KeywordProfile.objects.values_list("person__name", "signature")) == {
        "Valéry Giscard d'Estaing": "", "Sean O'Neill": "counted"}  # counted again by find_keywords


def test_documents_with_han_words_outside_a_chinese_text_are_noted_for_the_index(db):
    japanese = make_document(body="日本の外交政策。", language="ja")
    quoted = make_document(body="Plain.")
    DocumentText.objects.create(document=quoted, language="en-GB", role="unofficial-translation", body="亲诚惠容.")
    credited = make_document(body="Plain too.", speakers=[make_person("王毅")])
    make_document(body="中国外交。", language="zh-Hans")  # indexed as Chinese already
    make_document(body="日本の外交。", language="ja", status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0034_han_words_of_every_language").note_documents_with_han_words_elsewhere(
        apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {japanese.pk, quoted.pk, credited.pk}


def test_documents_search_reads_as_their_readers_write_are_noted_for_the_index_and_compared_again(db):
    voiced = make_document(body="ガザ、停戦。", language="ja")
    kana = make_document(body="パレスチナの人々。", language="ja")  # katakana and hiragana: tokens of their own
    japanese_forms = make_document(body="経済関係。", language="ja")
    translated = make_document(body="Plain.")
    DocumentText.objects.create(document=translated, language="hi", role="official-translation", body="नरेंद्र मोदी।")
    credited = make_document(body="Plain too.", speakers=[make_person("ประยุทธ์ จันทร์โอชา")])
    russian = make_document(body="Многополярный мир.", language="ru")
    french = make_document(body="Le cœur.", language="fr")
    polish = make_document(body="Plain as well.", speakers=[make_person("Radosław Sikorski")])
    make_document(body="经济关系，予以支持。", language="zh-Hans")  # 予 is Chinese too
    arabic = make_document(body="ندعو للتعاون", language="ar")  # its article is taken off before stemming
    make_document(body="شُكْرًا", language="ar")  # harakat were folded before, and are
    make_document(body="Le coeur, écrit à plat. Мир, ёлка.")
    make_document(body="ガザの停戦。", language="ja", status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    Document.objects.update(passages_compared=timezone.now())
    READ_AS_WRITTEN.note_documents_read_otherwise(apps, None)
    read_again = {document.pk for document in (voiced, kana, japanese_forms, translated, credited, russian, french,
                                                polish, arabic)}
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == read_again
    assert set(Document.objects.filter(passages_compared=None).values_list("pk", flat=True)) == read_again


def test_documents_with_thai_lao_myanmar_khmer_or_korean_words_are_noted_for_the_index_and_compared_again(db):
    thai = make_document(body="ความร่วมมือ", language="th")
    translated = make_document(body="Plain.")
    DocumentText.objects.create(document=translated, language="km", role="official-translation", body="កម្ពុជា")
    credited = make_document(body="Plain too.", speakers=[make_person("ປະທານ ສປປ ລາວ")])
    titled = make_document(title="မြန်မာ", body="Plain as well.")
    korean = make_document(body="북한의 비핵화.", language="ko")
    make_document(body="日本の外交。ガザ。", language="ja")
    make_document(body="สันติภาพ", language="th", status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    Document.objects.update(passages_compared=timezone.now())
    importlib.import_module("speeches.migrations.0037_words_of_unspaced_scripts").note_documents_with_unspaced_words(
        apps, None)
    read_again = {document.pk for document in (thai, translated, credited, titled, korean)}
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == read_again
    assert set(Document.objects.filter(passages_compared=None).values_list("pk", flat=True)) == read_again


def test_documents_with_hiragana_are_noted_for_the_index_and_compared_again(db):
    japanese = make_document(body="協力していく。", language="ja")
    translated = make_document(body="Plain.")
    DocumentText.objects.create(document=translated, language="ja", role="official-translation", body="ありがとう")
    make_document(body="パレスチナ。日本。", language="ja")  # katakana and Han only: read as before
    make_document(body="ありがとう", language="ja", status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    Document.objects.update(passages_compared=timezone.now())
    importlib.import_module("speeches.migrations.0045_each_hiragana_a_token").note_documents_with_hiragana(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {japanese.pk, translated.pk}
    assert set(Document.objects.filter(passages_compared=None).values_list("pk", flat=True)) == {japanese.pk,
                                                                                                 translated.pk}


def test_a_superscript_footnote_number_ends_its_word_and_documents_holding_one_are_read_again(client, db):
    noted = make_document(body="The inherent right of self-defence¹ under Article 51² of the Charter.")
    plain = make_document(body="CO₂ emissions.")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q='"self-defence under Article 51 of the Charter"') == {noted.public_id}
    assert result_ids(client, q="defence") == {noted.public_id}
    assert result_ids(client, q="CO2") == {plain.public_id}  # a subscript is the digit it writes
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0051_superscript_footnote_numbers_end_words"
                            ).note_documents_with_superscript_digits(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {noted.pk}


def test_a_name_is_found_before_the_turkish_ending_its_apostrophe_opens_and_such_documents_are_read_again(
        client, db):
    turkish = make_document(body="Türkiye'nin İstanbul'da NATO'ya ve Ankara’daki görüşmeleri.\n\n"
                                 "Putin'e ve Biden'a mesaj. G20'nin ABD'ye KIBRIS'IN notu.", language="tr")
    arabic_names = make_document(body="From Sana'a to the Shi'a shrines, Hawai'i and Xi'an; People's Congress.")
    russian_names = make_document(body="The residents of Primor'ye and Pridnestrov'ye met Il'ya.")
    call_command("update_index", verbosity=0)
    for name in ("İstanbul", "Istanbul", "Türkiye", "NATO", "Ankara", "Putin", "Biden", "G20", "ABD", "Kıbrıs",
                 "istanbul'da", "nato'ya"):
        assert result_ids(client, q=name) == {turkish.public_id}, name
    for name in ("Primorye", "Pridnestrovye", "Ilya"):  # a Russian soft sign before y: no Turkish ending
        assert result_ids(client, q=name) == {russian_names.public_id}, name
    assert result_ids(client, q='"Türkiye’nin İstanbul’da"') == {turkish.public_id}  # quoted: its endings too
    assert result_ids(client, q="Türkiye'nin") == {turkish.public_id}
    assert result_ids(client, q='"Türkiye\'ye"') == set()  # another ending is another word
    for name in ("Sanaa", "Shia", "Hawaii", "Xian", "Peoples"):  # a vowel after a vowel, no Turkish ending
        assert result_ids(client, q=name) == {arabic_names.public_id}, name
    page = client.get("/search/", {"q": "Ankara Putin"}).text
    assert "<mark>Ankara</mark>’daki" in page and "<mark>Putin</mark>&#x27;e" in page
    found = client.get(turkish.get_absolute_url(), {"find": "İstanbul"}).text
    assert "<mark>İstanbul</mark>&#x27;da" in found

    plain = make_document(body="We don't; they'll see People's Republic.")
    numbered = make_document(body="COP28'de ve G20'nin zirvesi.", language="tr")
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0059_turkish_endings_after_apostrophes"
                            ).note_documents_with_endings_after_apostrophes(apps, None)
    noted = set(IndexBacklog.objects.values_list("document_id", flat=True))
    assert {turkish.pk, numbered.pk} <= noted and plain.pk not in noted


def test_documents_with_marks_between_digits_are_read_again(db):
    decimal = make_document(body="Exports grew by 1.2 million tonnes.")
    french = make_document(body="Une hausse de 1,2 %.", language="fr")
    make_document(body="In 2023, 12 million.")
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0060_numbers_keep_their_decimals"
                            ).note_documents_with_marks_between_digits(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {decimal.pk, french.pk}


def test_documents_with_letters_read_otherwise_are_read_again(db):
    persian = make_document(body="همکاری", language="fa")  # Persian ک and ی, read as the Arabic ك and ي
    acute = make_document(body="The nation´s sovereignty.")
    ligature = make_document(body="The ﬁnancial crisis.")
    make_document(body="The nation's sovereignty.")
    make_document(body="Le 3\u00a0mai… « paix »", language="fr")  # a no-break space, an ellipsis: no word changes
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0061_letters_readers_take_for_one_another"
                            ).note_documents_with_letters_read_otherwise(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {persian.pk, acute.pk, ligature.pk}


def test_a_footnote_call_in_brackets_is_no_word_and_documents_holding_one_are_read_again(client, db):
    noted = make_document(body="The principle of non-intervention[3] in internal affairs.[12] Article 2 [4] stays.")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q='"non-intervention in internal affairs"') == {noted.public_id}
    assert result_ids(client, q='"Article 2 4 stays"') == {noted.public_id}  # after a space, it is text
    assert "<mark>non-intervention[3] in internal affairs</mark>" in client.get(
        "/search/", {"q": '"non-intervention in internal affairs"'}).text
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0062_footnote_calls_in_brackets"
                            ).note_documents_with_footnote_calls(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == {noted.pk}


def test_every_published_document_is_noted_for_the_index_to_keep_its_parts_apart(db):
    published = {make_document().pk, make_document(language="th").pk}
    make_document(status=Document.Status.DRAFT)
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0038_quotes_stay_inside_a_part").note_published_documents(apps, None)
    assert set(IndexBacklog.objects.values_list("document_id", flat=True)) == published


@pytest.mark.django_db(transaction=True)
def test_a_save_reaches_the_index_only_while_the_app_s_receivers_are_connected(client):
    speeches_app = apps.get_app_config("speeches")
    speeches_app.disconnect_receivers()
    try:
        make_document(body="The unheard harbour.")
    finally:
        speeches_app.connect_receivers()
    heard = make_document(body="The heard harbour.")
    assert result_ids(client, q="harbour") == {heard.public_id}


@pytest.mark.django_db(transaction=True)
def test_renaming_a_speaker_updates_the_index(client):
    person = make_person("Old Name")
    document = make_document(body="Text.", speakers=[person])
    assert result_ids(client, q='"Old Name"') == {document.public_id}
    person.name = "New Name"
    person.save()
    assert result_ids(client, q='"New Name"') == {document.public_id}
    assert result_ids(client, q='"Old Name"') == set()


@pytest.mark.parametrize("params, status, message", [
    ({"q": '"unclosed phrase'}, 200, "A quotation mark was not closed"),
    ({"q": "(amity"}, 200, "A parenthesis was not closed"),
    ({"q": "amity)"}, 200, "A closing parenthesis had no opening one"),
    ({"q": "AND"}, 200, "AND, OR and NOT need words to join"),
    ({"q": "amity " * 1000}, 400, "a search reads at most 1000"),
    ({"q": "amity\x00\x07"}, 400, "NUL characters are not allowed"),
    ({"q": "amity\x07\x1b"}, 200, "documents found"),
    ({"q": "🕊️ peace"}, 200, "documents found"),
    ({"q": "amity", "page": "999999"}, 200, "There is no page “999999”"),
    ({"q": "amity", "page": "abc"}, 200, "There is no page “abc”"),
    ({"q": "amity", "date_from": "2025-13-40"}, 400, "From: “2025-13-40” is not a date: use YYYY-MM-DD."),
    ({"q": "amity", "kind": "poem"}, 400, "Select a valid choice"),
    ({"q": "amity", "year": "twenty"}, 400, "Year: Enter a whole number."),
    ({"q": "amity", "date_from": "2025-02-01", "date_to": "2025-01-01"}, 200, "is after the “To” date"),
    ({"q": "amity", "speaker": "nobody-at-all"}, 200, "No documents match"),
])
def test_bad_input_gets_a_message_never_a_500(client, seed_documents, params, status, message):
    response = client.get("/search/", params)
    assert response.status_code == status
    assert message in response.text


def facet_counts(client, **params):
    """Return {facet name: {option label: (count, filter url)}} from a results page."""
    page = client.get("/search/", params).text
    facets = {}
    for name, body in re.findall(r'<section class="facet facet--(\w+)">(.*?)</section>', page, re.S):
        facets[name] = {
            label: (int(count), url.replace("&amp;", "&"))
            for url, label, count in re.findall(
                r'<a href="(\?[^"]*)"[^>]*>([^<]+)</a>\s*(?:<meter[^>]*>\d+</meter>\s*)?<span class="count">(\d+)</span>',
                body,
            )
        }
    return facets


def test_facet_counts_equal_the_totals_they_filter_to(client, seed_documents):
    facets = facet_counts(client, q="cooperation")
    assert set(facets) == {"kind", "speaker", "region", "country", "venue", "event", "lang", "year"}
    assert facets["speaker"]["Xi Jinping"][0] == 2
    assert facets["year"] == {"2022": (1, "?q=cooperation&year=2022"), "2025": (3, "?q=cooperation&year=2025")}
    for name, options in facets.items():
        for label, (count, url) in options.items():
            page = client.get("/search/" + url).text
            assert f"{count} document{'s' if count != 1 else ''} found" in page, (name, label)


def test_facets_follow_the_active_filters(client, seed_documents):
    facets = facet_counts(client, q="cooperation", region="central-asia")
    assert facets["kind"] == {
        "Podcast transcript": (1, "?q=cooperation&region=central-asia&kind=podcast-transcript"),
        "Remarks": (1, "?q=cooperation&region=central-asia&kind=remarks"),
        "Speech": (1, "?q=cooperation&region=central-asia&kind=speech"),
    }
    # The selected option's link removes the filter again.
    assert facets["region"]["Central Asia"] == (3, "?q=cooperation")


def test_boolean_and_filters_combine(client, seed_documents):
    assert result_ids(client, q='(pomegranate OR "Dar es Salaam") -Tanzania') == {ASTANA}
    assert result_ids(client, q='"Central Asia" kind:remarks OR kind:speech') == {JOINING_HANDS}
    assert result_ids(client, q='cooperation -"Central Asia"', kind="commentary") == {COMMENTARY}
    assert result_ids(client, q="lang:en year:2025 amity") == {PODCAST, PRESS_RELEASE}
    assert result_ids(client, q="amity venue:astana") == set()
    assert result_ids(client, q="cooperation venue:astana") == {ASTANA}
    assert result_ids(client, q="cooperation", event="2nd-china-central-asia-summit") == {ASTANA}


def test_case_and_accent_sensitive_mode(client, db):
    accented = make_document(body="Dinner at the Café de l’Europe with the Délégation.")
    plain = make_document(body="A cafe on the corner.")
    call_command("update_index", verbosity=0)
    assert result_ids(client, q='"cafe"') == {accented.public_id, plain.public_id}
    assert result_ids(client, q='"Café"', case="on") == {accented.public_id}
    assert result_ids(client, q='"café"', case="on") == set()
    assert result_ids(client, q="Délégation case:on") == {accented.public_id}
    assert result_ids(client, q="delegation case:on") == set()
    assert result_ids(client, q="delegation") == {accented.public_id}


def test_pagination_edges(client, db):
    documents = [make_document(title=f"Harbour {n:02d}", body="The harbour lights.") for n in range(21)]
    call_command("update_index", verbosity=0)
    first = client.get("/search/", {"q": "harbour"}).text
    assert "21 documents found" in first and "Page 1 of 2" in first
    assert first.count('class="summary"') == 20 and 'rel="prev"' not in first
    second = client.get("/search/", {"q": "harbour", "page": "2"}).text
    assert second.count('class="summary"') == 1 and 'rel="next"' not in second
    assert 'href="?q=harbour&amp;page=1"' in second
    for bad_page in ["3", "0", "-1", "999999"]:
        response = client.get("/search/", {"q": "harbour", "page": bad_page})
        assert response.status_code == 200
        assert f"There is no page “{bad_page}”; showing page" in response.text
    assert len(documents) == 21


@pytest.mark.parametrize("query", ["OR", "NOT", "-", "AND OR NOT", "(", ")", '"', "“", "((((amity", ")))amity(((",
                                   "speaker:", "case:", ":", "amity OR", "NOT NOT amity", "-(-amity)", "\\", "*", "?~^"])
def test_malformed_queries_never_fail(client, seed_documents, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "document" in response.text


def test_search_help_page_documents_the_query_language(client, db):
    page = client.get("/search/help/").text
    for term in ['"a world of friendship is a world of peace"', "amity OR pomegranate", '-"Central Asia"',
                 "speaker:xi-jinping", "case:on", "1,000 characters"]:
        assert term in page


def test_typography_in_the_source_text_does_not_matter(client, db):
    document = make_document(body=(
        "They stood shoulder\u2013to\u2013shoulder in the people\u2019s\u00a0hall,\n"
        "a soft line break inside the phrase, and spent 3,300\u00a0U.S. dollars \u2014 no more."
    ))
    call_command("update_index", verbosity=0)
    for query in ['"shoulder-to-shoulder"', '"shoulder to shoulder"', "\"people's hall\"", '"peoples hall"',
                  '"the phrase and spent"', '"inside the phrase, and spent"', '"3300 US dollars"',
                  '"3,300 U.S. dollars no more"', "“soft line break”"]:
        assert result_ids(client, q=query) == {document.public_id}, query


def test_the_form_offers_speakers_and_regions_with_published_documents_and_keeps_the_choice(client, seed_documents):
    make_document(title="A draft", status=Document.Status.DRAFT, speakers=[make_person(name="Draft <Only>")])
    page = client.get("/search/", {"q": "cooperation", "speaker": "xi-jinping", "sort": "newest"})
    html = page.content.decode()
    assert '<option value="xi-jinping" selected>' in html
    assert '<option value="newest" selected>' in html
    assert html.count(" selected>") == 2
    assert "Draft" not in html.split('name="speaker"')[1].split("</select>")[0]


@pytest.mark.django_db(transaction=True)
def test_the_form_options_are_read_once_and_again_after_each_index_change(django_assert_num_queries):
    from speeches.web.search_page import search_filter_choices

    def speakers():
        return sorted(name for _, name in search_filter_choices()["speakers"])

    first = make_person("First Speaker")
    make_document(body="Text.", speakers=[first])
    assert speakers() == ["First Speaker"]
    with django_assert_num_queries(0):
        assert speakers() == ["First Speaker"]
    make_document(body="More text.", speakers=[make_person("Second Speaker")])
    assert speakers() == ["First Speaker", "Second Speaker"]
    first.name = "First Speaker, Renamed"
    first.save()
    assert speakers() == ["First Speaker, Renamed", "Second Speaker"]


@pytest.mark.django_db(transaction=True)
def test_facet_labels_are_read_once_and_again_after_each_index_change(django_assert_num_queries):
    from speeches.search import facet_labels

    first = make_person("First Speaker")
    make_document(body="Text.", speakers=[first], event="Summit of 2001")
    draft_only = make_person("Draft Only")
    make_document(body="Draft.", speakers=[draft_only], status=Document.Status.DRAFT)
    assert facet_labels("speaker", [first.slug, draft_only.slug, "nobody"]) == {first.slug: "First Speaker"}
    assert facet_labels("event", ["summit-of-2001", "nothing"]) == {"summit-of-2001": "Summit of 2001"}
    with django_assert_num_queries(0):
        assert facet_labels("speaker", [first.slug]) == {first.slug: "First Speaker"}
        assert facet_labels("event", ["summit-of-2001"]) == {"summit-of-2001": "Summit of 2001"}
    first.name = "First Speaker, Renamed"
    first.save()
    assert facet_labels("speaker", [first.slug]) == {first.slug: "First Speaker, Renamed"}
    unpublished = Document.objects.get(body="Text.")
    unpublished.status = Document.Status.DRAFT
    unpublished.save()  # a speaker of no published document is named no more
    assert facet_labels("speaker", [first.slug]) == {}


def test_filter_links_toggle_one_parameter_and_keep_the_others_in_place(rf):
    from speeches.templatetags.search_urls import with_filter, without

    context = {"request": rf.get("/search/", {"q": "“shared future”", "kind": "speech", "page": "3", "year": "2020"})}
    assert with_filter(context, "kind", "speech") == "?q=%E2%80%9Cshared+future%E2%80%9D&year=2020"
    assert with_filter(context, "kind", "article") == "?q=%E2%80%9Cshared+future%E2%80%9D&kind=article&year=2020"
    assert with_filter(context, "year", 2020) == "?q=%E2%80%9Cshared+future%E2%80%9D&kind=speech"
    assert with_filter(context, "lang", "en").endswith("&year=2020&lang=en")
    assert without(context, "q", "year") == "?kind=speech"


def test_engines_that_give_no_index_version_are_not_cached(monkeypatch):
    from speeches.search import cached_until_index_changes
    from speeches.search.engines import engine

    monkeypatch.setattr(type(engine()), "version", lambda self: None)
    computed = []
    for _ in range(2):
        assert cached_until_index_changes("probe", lambda: computed.append(1) or "value") == "value"
    assert len(computed) == 2


@pytest.mark.django_db(transaction=True)
def test_a_word_matches_the_same_forms_on_every_engine(client):
    """make bench found "committed" in 7,381 documents on Whoosh and 9,523 on the cluster: Lucene's
    Snowball stemmed it "commit", Whoosh's Porter "committ". The cluster is now sent Whoosh's terms."""
    make_document(body="We commit ourselves to peace.")
    committed = make_document(body="We committed ourselves to peace.")
    answer = client.get("/api/search/", {"q": "committed"}).json()
    assert [hit["document"]["id"] for hit in answer["results"]] == [committed.public_id]
