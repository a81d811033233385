"""The search page and its help page: a query's results, a page at a time, with the form's filters."""
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from speeches.limits import limit_searches
from speeches.models import Country, Document, Person, Region
from speeches.search import cached_until_index_changes, filter_languages

from .searching import PAGE_SIZE, PageSurface, answer_search, page_number, query_string_without


class SearchPageSurface(PageSurface):
    template = "speeches/search.html"

    def context(self, request, form):
        return {"form": form, **search_filter_choices()}

    unavailable_context = context


SEARCH_PAGE = SearchPageSurface()


@require_safe
@limit_searches
def search(request):
    def respond(prepared, form):
        requested_page = request.GET.get("page", "1")
        results = prepared.page(page_number(requested_page) or 1, PAGE_SIZE, facets=True)
        notices = results.notices
        if requested_page != str(results.page.number) and requested_page != "1":
            notices.append(f"There is no page “{requested_page[:20]}”; showing page {results.page.number}.")
        return render(request, "speeches/search.html", {
            **SEARCH_PAGE.context(request, form),
            "criteria": prepared.criteria,
            "page_obj": results.page,
            "hits": results.hits,
            "facets": results.facets,
            "notices": notices,
            # A search naming what the archive lacks ("year:abc", a speaker or a language it has not) has
            # nothing to follow.
            "followable": not prepared.finds_nothing_named,
            "query": query_string_without(request, "page"),
        })

    return answer_search(request, SEARCH_PAGE, respond)


def search_filter_choices():
    """Return the speakers, regions, countries and languages the search form offers: those with published
    documents. Every search page shows them; they are read again once the index changes."""
    return cached_until_index_changes("search-filter-choices", read_search_filter_choices)


def read_search_filter_choices():
    return {
        "speakers": list(Person.objects.with_published_documents().values_list("slug", "name")),
        "regions": list(Region.objects.with_published_documents().values_list("slug", "name")),
        "countries": list(Country.objects.with_published_documents().values_list("slug", "name")),
        "languages": filter_languages(Document.objects.published_languages()),
    }


@require_safe
def search_help(request):
    return render(request, "speeches/search_help.html", {"search_rate_limit": settings.SEARCH_RATE_LIMIT})
