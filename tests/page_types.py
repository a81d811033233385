"""One address of each page type the archive serves, for the checks every page must pass."""
from speeches.models import RetiredDocument

PAGE_TYPES = {
    "home": "/",
    "search": "/search/?q=%22shared+future%22+OR+amity",
    "search-empty": "/search/",
    "search-nothing-found": "/search/?q=zzzzqqq",
    "search-error": "/search/?date_from=2025-13-40",
    "search-help": "/search/help/",
    "timeline": "/search/timeline/?q=%22shared+future%22",
    "concordance": "/search/concordance/?q=%22shared+future%22&order=left",
    "export": "/search/export/?q=amity",
    "document": "/d/stx5jr9c/joining-hands-for-a-shared-future/",
    "document-cite-paragraph": "/d/stx5jr9c/joining-hands-for-a-shared-future/?cite=p-4#cite",
    "document-find": "/d/wm7v8ets/developing-the-china-central-asia-spirit-for-high-quality-development-of-regiona/"
                     "?find=cooperation",
    "document-gone": "/d/gone1234/",
    "browse": "/browse/",
    "person": "/people/xi-jinping/",
    "region": "/regions/central-asia/",
    "venue": "/venues/astana/",
    "kind": "/kinds/speech/",
    "year": "/years/2025/",
    "event": "/events/?name=2nd+China%E2%80%93Central+Asia+Summit",
    "not-found": "/no-such-page/",
    "api-docs": "/api/docs/",
    "admin-login": "/admin/login/",
}


def add_retired_document():
    """Give the archive a withdrawn document, so its "gone" page can be checked."""
    RetiredDocument.objects.create(public_id="gone1234", title="A withdrawn statement",
                                   citation="Ministry. “A withdrawn statement.” 2024.")
