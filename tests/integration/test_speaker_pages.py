"""A speaker's page: their offices, their documents per year and grouped by office, the words and phrases
they use more than the archive (found ahead of time), where and of what they speak; a venue's and a
region's page: documents per year and who speaks there most. Drafts never count."""
import datetime
import json
import re

import pytest
from django.core.management import call_command
from lxml import etree

from speeches.models import Country, Document, DocumentText, Keyword, KeywordProfile, Person, Speaker
from speeches.research.keywords import find_keywords

from tests.factories import make_document, make_office, make_person, make_region, make_venue

pytestmark = pytest.mark.django_db

FORMULA = "We will build a community with a shared future for mankind together."
ORDINARY = "The ministers met and discussed trade, investment and the weather in the capital."


@pytest.fixture
def archive():
    """Wang Yi: three speeches as minister and two as ambassador, two of them with a Chinese original; a
    colleague's speeches; and two drafts of Wang Yi's that must never count."""
    wang_yi, colleague = make_person("Wang Yi"), make_person("Li Qiang")
    ministry = make_person("Ministry of Foreign Affairs", name_form=Person.NameForm.ORGANISATION)
    china, japan = Country.objects.create(name="China"), Country.objects.create(name="Japan")
    minister = make_office(wang_yi, "Minister of Foreign Affairs", "2013-03-16", "2022-12-30", organisation=ministry,
                           country=china)
    make_office(wang_yi, "Ambassador to Japan", "2004-09", "2013-03-16", country=china)
    region, hall = make_region("East Asia"), make_venue("Diaoyutai State Guesthouse", "Beijing", "China")
    for year in (2016, 2017, 2018):
        speech = make_document(f"Minister's speech of {year}", body=f"{FORMULA}\n\n{FORMULA}\n\n{ORDINARY}",
                               date=datetime.date(year, 5, 4), speakers=[wang_yi], venue=hall, regions=[region])
        speech.countries.set([japan])
    for year in (2008, 2010):
        speech = make_document(f"Ambassador's remarks of {year}", body=ORDINARY, date=datetime.date(year, 1, 1),
                               speakers=[wang_yi], regions=[region])
        DocumentText.objects.create(document=speech, language="zh-hans", role="original",
                                    body="构建人类命运共同体。构建人类命运共同体。构建人类命运共同体。")
    joint = make_document("Joint press conference", body=ORDINARY, date=datetime.date(2019, 2, 1),
                          speakers=[wang_yi, colleague], regions=[region])
    for number in range(4):
        other = make_document(f"Colleague's speech {number}", body=f"{ORDINARY}\n\n" * 10 + "A shared market.",
                              date=datetime.date(2019, 3, number + 1), speakers=[colleague], regions=[region])
        DocumentText.objects.create(document=other, language="zh", role="original", body="我们讨论了贸易与投资。" * 10)
    for number in range(2):
        make_document(f"Draft zanzibarquux {number}", body="Zanzibarquux harbour. " * 8, status=Document.Status.DRAFT,
                      date=datetime.date(2030, 1, 1), speakers=[wang_yi, make_person(f"Draftonly {number}")],
                      venue=make_venue("Secret Hall", "Hiddenburg", "Nowhere"), regions=[region]
                      ).countries.set([Country.objects.create(name=f"Draftland {number}")])
    find_keywords()
    return {"wang_yi": wang_yi, "minister": minister, "joint": joint}


def documents_section(page):
    return page.split('<h2 id="documents">', 1)[1]


def test_the_speakers_page_lists_their_offices_with_dates_and_documents(client, archive):
    page = client.get("/people/wang-yi/").text
    offices = page.split('<h2 id="offices">', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<span class="office__title">([^<]+)</span>', offices) == [
        "Minister of Foreign Affairs", "Ambassador to Japan"]
    assert '<time datetime="2013-03-16">16 March 2013</time> – <time datetime="2022-12-30">30 December 2022</time>' \
        in offices
    assert '<time datetime="2004-09">September 2004</time>' in offices
    assert f'<a href="?office={archive["minister"].pk}">4 documents</a>' in offices  # three speeches, the joint one
    assert "Ministry of Foreign Affairs" in offices and "(China)" in offices


def test_the_speakers_documents_are_grouped_by_office_without_their_own_name(client, archive):
    documents = documents_section(client.get("/people/wang-yi/").text)
    headings = re.findall(r'<h3 class="office-heading">([^<]+)', documents)
    assert [heading.strip() for heading in headings] == ["Minister of Foreign Affairs", "Ambassador to Japan"]
    assert documents.index("Joint press conference") < documents.index("Minister&#x27;s speech of 2016") \
        < documents.index("Ambassador to Japan") < documents.index("Ambassador&#x27;s remarks of 2010")
    assert 'href="/people/wang-yi/"' not in documents  # the speaker is not named on every item of their page
    assert 'with <a href="/people/li-qiang/"><bdi>Li Qiang</bdi></a>' in documents  # who spoke beside them is
    assert "zanzibarquux" not in documents.lower()
    assert '<a class="feed-link" href="/feeds/people/wang-yi/">Atom feed</a>' in documents


def test_one_offices_documents_are_listed_alone(client, archive):
    minister = archive["minister"]
    documents = documents_section(client.get("/people/wang-yi/", {"office": minister.pk}).text)
    assert "4 documents as Minister of Foreign Affairs" in documents
    assert "Minister&#x27;s speech of 2018" in documents and "Ambassador&#x27;s remarks" not in documents
    colleague_office = make_office(Person.objects.get(slug="li-qiang"), "Premier", "2023")
    for office in ["abc", "²", str(colleague_office.pk), "9" * 30, "-1"]:
        assert client.get("/people/wang-yi/", {"office": office}).status_code == 404, office


def test_documents_per_year_are_drawn_and_tabled_from_the_first_year_to_the_last(client, archive):
    page = client.get("/people/wang-yi/").text
    section = page.split('<section aria-labelledby="per-period">', 1)[1].split("</section>", 1)[0]
    assert 'role="img" aria-labelledby="per-period-caption"' in section and section.count('class="chart__bar"') == 12
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>(\d+)</td></tr>', section)
    assert rows[0] == ("2008", "1") and rows[-1] == ("2019", "1") and ("2009", "0") in rows
    assert len(rows) == 12  # 2008 to 2019; the drafts' 2030 is no year of theirs


def test_documents_over_thousands_of_years_are_counted_per_century(client, archive):
    # A date given as a placeholder (9999-12-31) made a page of 8,000 years, one row and one bar each.
    make_document("Placeholder", body=ORDINARY, date=datetime.date(9999, 12, 31), speakers=[archive["wang_yi"]])
    section = client.get("/people/wang-yi/").text.split('<section aria-labelledby="per-period">', 1)[1]
    assert "Documents per century" in section and section.count('class="chart__bar"') == 80
    rows = re.findall(r'<tr><th scope="row">(\d+s)</th><td>(\d+)</td></tr>', section)
    assert rows[0] == ("2000s", "6") and rows[-1] == ("9900s", "1") and len(rows) == 80


def test_the_words_and_phrases_they_use_more_are_shown_with_their_statistics(client, archive):
    english = KeywordProfile.objects.get(person=archive["wang_yi"], language="en")
    phrase = english.keywords.get(text="shared future")
    assert (phrase.is_phrase, phrase.uses, phrase.documents, phrase.other_uses) == (True, 6, 3, 0)
    assert not Keyword.objects.filter(text__icontains="zanzibarquux").exists()  # drafts are never counted
    page = client.get("/people/wang-yi/").text
    section = page.split('<section aria-labelledby="keywords">', 1)[1].split("</section>", 1)[0]
    assert "In English" in section and "In Chinese" in section
    row = re.search(r'<th scope="row"><a href="([^"]+)">shared future</a></th>\s*<td>6 <span class="unit">\(3\)</span>'
                    r'</td>\s*<td>([\d.]+)</td>\s*<td>([\d.]+)</td>', section)
    assert row, section
    assert row.group(1) == "/search/concordance/?q=%22shared%20future%22&amp;speaker=wang-yi&amp;lang=en"
    assert (row.group(2), row.group(3)) == (f"{phrase.log_ratio:.1f}", f"{phrase.log_likelihood:.1f}")
    assert ">命运共同体</a>" in section  # Chinese words segmented, the phrase written without a space
    assert "zanzibarquux" not in section.lower()


def test_the_venues_and_countries_they_speak_of_most_are_listed(client, archive):
    page = client.get("/people/wang-yi/").text
    where = page.split('<section aria-labelledby="where">', 1)[1]
    assert re.search(r'<a href="/venues/diaoyutai-state-guesthouse/">Diaoyutai State Guesthouse</a>\s*'
                     r'<span class="meta">3 documents</span>', where)
    assert re.search(r'<a href="/countries/japan/">Japan</a>\s*<span class="meta">3 documents</span>', where)
    assert client.get("/countries/japan/").status_code == 200  # each links to its page
    assert "Secret Hall" not in page and "Draftland" not in page


def test_the_person_json_ld_and_api_carry_their_offices(client, archive):
    page = client.get("/people/wang-yi/").text
    [script] = etree.HTML(page).xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["hasOccupation"][0] == {
        "@type": "Role", "roleName": "Minister of Foreign Affairs", "startDate": "2013-03-16", "endDate": "2022-12-30",
        "hasOccupation": {"@type": "Occupation", "name": "Minister of Foreign Affairs",
                          "occupationLocation": {"@type": "Country", "name": "China"}}}
    assert data["hasOccupation"][1]["startDate"] == "2004-09"
    assert data["memberOf"] == [{"@type": "OrganizationRole", "roleName": "Minister of Foreign Affairs",
                                 "startDate": "2013-03-16", "endDate": "2022-12-30",
                                 "memberOf": {"@type": "Organization", "name": "Ministry of Foreign Affairs"}}]
    offices = client.get("/api/people/wang-yi/").json()["offices"]
    assert offices == [
        {"title": "Minister of Foreign Affairs", "organisation": "Ministry of Foreign Affairs", "country": "China",
         "start": "2013-03-16", "end": "2022-12-30"},
        {"title": "Ambassador to Japan", "organisation": None, "country": "China", "start": "2004-09",
         "end": "2013-03-16"}]
    assert client.get("/api/people/li-qiang/").json()["offices"] == []


def test_venue_and_region_pages_show_documents_per_year_and_who_speaks_there_most(client, archive):
    for url in ["/regions/east-asia/", "/venues/diaoyutai-state-guesthouse/"]:
        page = client.get(url).text
        assert 'aria-labelledby="per-period-caption"' in page, url
        assert "Draftonly" not in page and "2030" not in page, url
    region = client.get("/regions/east-asia/").text
    top = region.split('id="top-speakers">Who speaks here most</h2>', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<a href="/people/([^/]+)/">', top) == ["wang-yi", "li-qiang"]
    assert re.search(r'Wang Yi</a> <span class="meta">6 documents</span>', top)


def test_keywords_are_found_again_only_for_speakers_whose_published_documents_changed(archive):
    wang_yi = archive["wang_yi"]
    assert find_keywords().speakers == 0
    joint = archive["joint"]
    joint.body += "\n\nOne more paragraph."
    joint.save()
    assert find_keywords().speakers == 2  # both speakers of the document
    # Unpublished, a speaker's only documents take their figures with them.
    Document.objects.filter(speakers__person__slug="li-qiang").exclude(pk=joint.pk).update(status="draft")
    Speaker.objects.filter(document=joint, person__slug="li-qiang").delete()
    found = find_keywords()
    assert found.removed >= 1 and not KeywordProfile.objects.filter(person__slug="li-qiang").exists()
    assert KeywordProfile.objects.filter(person=wang_yi).exists()
    call_command("find_keywords", "--all", verbosity=0)
    # The rest of the archive is drafts now, which never count: nothing to compare Wang Yi's English with.
    english = KeywordProfile.objects.get(person=wang_yi, language="en")
    assert english.other_words == 0 and not english.keywords.exists()


def test_a_speaker_with_too_little_to_compare_is_told_so(client, archive):
    page = client.get("/people/li-qiang/").text
    assert "Words and phrases Li Qiang uses more than the archive" in page
    lone = make_person("He Yin")
    make_document("A lone commentary", body=FORMULA * 3, speakers=[(lone, "author")], date=datetime.date(2024, 1, 1))
    assert "Not counted yet" in client.get("/people/he-yin/").text  # until find_keywords runs
    find_keywords()
    page = client.get("/people/he-yin/").text
    assert "None stands out yet: a word or phrase counts once it is used at least 5 times in at least 2 documents" \
        in page
    assert "1 document, all in 2024." in page and "chart__bar" not in page
    assert "<bdi>author</bdi> · " in documents_section(page)  # a role that names no office is still said
