"""One address of each page type the archive serves, for the checks every page must pass."""
import datetime
import io
from pathlib import Path
from urllib.parse import quote

from django.utils import timezone

from speeches.alerts import links
from speeches.importers.importing import import_paths
from speeches.models import Alert, Country, Document, Office, ParagraphTie, Person, RetiredDocument, Subscriber
from speeches.sources.attaching import attach_source
from tests.factories import make_document

TEXTS_IN_SEVERAL_LANGUAGES = Path(__file__).resolve().parents[1] / "fixtures" / "texts-in-several-languages.jsonl"

PAGE_TYPES = {
    "home": "/",
    "search": "/search/?q=%22shared+future%22+OR+amity",
    "search-empty": "/search/",
    "search-nothing-found": "/search/?q=zzzzqqq",
    "search-error": "/search/?date_from=2025-13-40",
    "search-help": "/search/help/",
    "timeline": "/search/timeline/?q=%22shared+future%22",
    "timeline-comparison": "/search/timeline/?q=%22shared+future%22&q=amity&q=%22mutual+benefit%22&measure=share",
    "timeline-too-many": "/search/timeline/?q=a&q=b&q=c&q=d&q=e&q=f",
    "concordance": "/search/concordance/?q=%22shared+future%22&order=left",
    "concordance-right-to-left": "/search/concordance/?q=%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85",  # السلام
    "export": "/search/export/?q=amity",
    "document": "/d/stx5jr9c/joining-hands-for-a-shared-future/",
    "document-cite-paragraph": "/d/stx5jr9c/joining-hands-for-a-shared-future/?cite=p-4#cite",
    "document-with-sources": "/d/stx5jr9c/joining-hands-for-a-shared-future/?cite=p-4#p-4",
    "document-find": "/d/wm7v8ets/developing-the-china-central-asia-spirit-for-high-quality-development-of/"
                     "?find=cooperation",
    "document-gone": "/d/gone1234/",
    "document-with-table": "/d/tabl2222/agreements-by-year/",
    "document-no-such-language": "/d/stx5jr9c/joining-hands-for-a-shared-future/?lang=xx",
    "document-other-text": "/d/zhen2222/remarks-on-good-neighbourly-diplomacy-test-text/?lang=zh",
    # A Russian title's slug is in its script: a redirect from any other slug would have no page to check.
    "document-side-by-side": f"/d/rufr2222/{quote('заявление-о-мирном-урегулировании-test-text')}/?lang=fr&view=side-by-side",
    "document-other-text-cite-paragraph": "/d/zhen2222/remarks-on-good-neighbourly-diplomacy-test-text/?lang=zh&cite=p-2",
    "search-other-texts": "/search/?q=%E3%80%8C%E4%BA%B2%E8%AF%9A%E6%83%A0%E5%AE%B9%E3%80%8D+OR+n%C3%A9gociations",
    "browse": "/browse/",
    "person": "/people/cgtn/",
    "person-with-offices": "/people/xi-jinping/",
    "region": "/regions/central-asia/",
    "countries": "/countries/",
    "country": "/countries/kazakhstan/",
    "search-mentions": "/search/?q=cooperation+mentions%3AKZ",
    "venue": "/venues/astana/",
    "kind": "/kinds/speech/",
    "year": "/years/2025/",
    "event": "/events/?name=2nd+China%E2%80%93Central+Asia+Summit",
    "alert-about": "/alerts/",
    "alert-subscribe": "/alerts/?q=%22shared+future%22&speaker=xi-jinping",
    "alert-subscribe-refused": "/alerts/?q=amity&date_from=2025-13-40",
    "alert-link-refused": "/alerts/manage/not-a-token/",
    "not-found": "/no-such-page/",
    "api-docs": "/api/docs/",
    "open-data": "/data/",
    "admin-login": "/admin/login/",
}


def add_retired_document():
    """Give the archive a withdrawn document, so its "gone" page can be checked, and documents in
    several languages, one holding a table and one in Arabic, so their pages can be."""
    import_paths([TEXTS_IN_SEVERAL_LANGUAGES])
    make_document("Agreements by year", "Signed:\n\n| Année | Accords |\n| --- | --- |\n| 1964 | 1 |\n| 2024 | 3 299 |",
                  public_id="tabl2222")
    make_document("كلمة في افتتاح المنتدى", "نحن نؤمن بأن السلام هو أساس التعاون بين شعوبنا.", language="ar",
                  public_id="arab2222")
    RetiredDocument.objects.create(public_id="gone1234", title="A withdrawn statement",
                                   citation="Ministry. “A withdrawn statement.” 2024.")
    add_sources(Document.objects.get(public_id="stx5jr9c"))
    add_offices(Person.objects.get(slug="xi-jinping"))


def add_offices(person):
    """Give a seed speaker the offices he held (two at once since 2013), so his page shows them, his
    documents grouped by them and the words he uses more than the archive."""
    china = Country.objects.get(name="China")
    Office.objects.create(person=person, title="President of the People's Republic of China", country=china,
                          start=datetime.date(2013, 3, 14))
    Office.objects.create(person=person, title="Vice-President of the People's Republic of China", country=china,
                          start=datetime.date(2008, 3, 15), end=datetime.date(2013, 3, 14))
    Office.objects.create(person=person, title="General Secretary of the Communist Party of China",
                          start=datetime.date(2012, 11, 1), start_precision="month")
    person.follow_offices()


def add_sources(document):
    """Give a seed document a PDF and a recording, with paragraphs tied to them, so its page beside them
    can be checked."""
    from tests.integration.test_sources import pdf_of, wav_of

    texts = [paragraph["text"] for paragraph in document.paragraphs]
    pdf = attach_source(document, io.BytesIO(pdf_of([texts[:3], texts[3:]])), "remarks.pdf", label="Remarks (PDF)",
                        retrieved_from="https://www.mfa.example/remarks.pdf", retrieved_on=datetime.date(2025, 1, 26))
    recording = attach_source(document, io.BytesIO(wav_of(5)), "remarks.wav", label="Remarks (recording)")
    pdf.ties.update(confirmed=True)
    ParagraphTie.objects.create(document=document, anchor="p-5", source=recording, start=3, confirmed=True)


def alert_page_types():
    """Give an address an alert waiting for confirmation and one that is on; return the addresses of
    the pages their signed links open (they hold the alerts' ids, so they are made per test)."""
    subscriber = Subscriber.objects.create(email="reader@example.org")
    waiting = Alert.objects.create(subscriber=subscriber, query="q=amity", description="“amity”")
    now = timezone.now()
    active = Alert.objects.create(subscriber=subscriber, query="q=%22shared+future%22&speaker=xi-jinping",
                                  description="“\"shared future\"”, with speaker Xi Jinping",
                                  frequency=Alert.Frequency.WEEKLY, state=Alert.State.ACTIVE,
                                  confirmed_at=now, checked_at=now)
    return {
        "alert-confirm": links.confirm_url(waiting).removeprefix(links.absolute("")),
        "alert-confirmed": links.confirm_url(active).removeprefix(links.absolute("")),
        "alert-manage": links.manage_url(subscriber).removeprefix(links.absolute("")),
        "alert-unsubscribe": links.unsubscribe_url(active).removeprefix(links.absolute("")),
    }


def office_page_types():
    """Return the address of a speaker's page listing one office's documents (it holds the office's id)."""
    office = Office.objects.get(title__startswith="President of")
    return {"person-in-one-office": f"{office.person.get_absolute_url()}?office={office.pk}"}
