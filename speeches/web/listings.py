"""The pages that list published documents: the home page, browsing, and the documents of a
speaker, region, country mentioned, venue, event, kind or year; a speaker's, region's or venue's page shows
its figures first (``speeches.research.profiles``)."""
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import ListView, TemplateView

from speeches.citations.embedded import catalogue_schema_org, person_schema_org
from speeches.models import Country, Document, Person, Region, Venue
from speeches.research import keywords
from speeches.research.profiles import place_profile, speaker_profile
from speeches.search import DocumentSearchForm

from .searching import PAGE_SIZE, query_string_without


class HomeView(TemplateView):
    template_name = "speeches/home.html"

    def get_context_data(self, **kwargs):
        published = Document.objects.published()
        return super().get_context_data(
            latest_documents=published.with_listing_data().chronological()[:8],
            document_count=published.count(),
            regions=Region.objects.with_published_documents(),
            kinds=kinds_with_counts(),
            form=DocumentSearchForm(),
            **kwargs,
        )


class DocumentListView(ListView):
    """A paginated, newest-first list of published documents under one heading."""

    paginate_by = PAGE_SIZE
    template_name = "speeches/document_list.html"
    context_object_name = "documents"

    # People, regions, venues and events have pages only once they have a published document: a page
    # of a speaker credited only on drafts would announce the draft.
    requires_documents = False
    # Whether the page has sections (its figures, then "Documents") as well as its list.
    sections = False

    def get_queryset(self):
        self.published = self.filter_documents(Document.objects.published())
        # A list shows no text: its paragraphs (each document's whole text again, as JSON) are not read.
        documents = self.published.with_listing_data().defer("paragraphs").chronological()
        if self.requires_documents and not documents.exists():
            raise Http404("Nothing published here yet.")
        return documents

    def filter_documents(self, documents):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.heading(), subject=self.subject(), feed_url=self.feed_url(),
            alert_query=self.alert_query(), query=query_string_without(self.request, "page"),
            schema_org=self.schema_org(), sections=self.sections, **kwargs,
        )
        # The figures head the list's first page only.
        context["profile"] = self.profile() if context["page_obj"].number == 1 else None
        return context

    def subject(self):
        """Return the catalogue row the list is of (a person, a region, a venue), or None."""
        return None

    def profile(self):
        """Return the ``Profile`` of figures the page shows before its list, or None."""
        return None

    # The schema.org type of the list's subject, for its JSON-LD.
    schema_type = "Place"

    def schema_org(self):
        """Return the JSON-LD describing the list's subject, or None if it has none."""
        subject = self.subject()
        if subject is None:
            return None
        return catalogue_schema_org(subject, self.request.build_absolute_uri(subject.get_absolute_url()),
                                    self.schema_type)

    def feed_url(self):
        return None

    def alert_query(self):
        """Return the query string of the search this list is (its filter), for an alert on it; or None."""
        return None


class PersonDocumentsView(DocumentListView):
    """A speaker's page: their offices, documents per year, the words and phrases they use more than the
    archive, where and of what they speak; then their documents, grouped by the office held (``?office=``:
    one office's only)."""

    requires_documents = True
    sections = True
    template_name = "speeches/person_detail.html"

    def filter_documents(self, documents):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        self.office = self.chosen_office()
        documents = documents.by_speaker(self.person)
        return documents.in_office(self.office) if self.office else documents

    def chosen_office(self):
        """Return the person's office ``?office=`` names, None when it names none; 404 for another's."""
        office = self.request.GET.get("office", "")
        if not office:
            return None
        if not (office.isascii() and office.isdigit() and len(office) <= 18) or not (
                found := self.person.offices.filter(pk=int(office)).first()):
            raise Http404("This person held no such office.")
        return found

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = {office.pk: office for office in self.person.offices.all()}
        return {**context, "office": self.office, "office_headings": bool(offices),
                "groups": office_groups(context["documents"], self.person, offices),
                "keyword_thresholds": {"uses": keywords.MIN_USES, "documents": keywords.MIN_DOCUMENTS,
                                       "critical_value": keywords.CRITICAL_VALUE}}

    def profile(self):
        return None if self.office else speaker_profile(self.person, self.published)

    def heading(self):
        return self.person.name

    def subject(self):
        return self.person

    def schema_org(self):
        if self.schema_type != "Person":  # hasOccupation is a person's
            return super().schema_org()
        return person_schema_org(self.person, self.request.build_absolute_uri(self.person.get_absolute_url()))

    @property
    def schema_type(self):
        return "Organization" if self.person.name_form == Person.NameForm.ORGANISATION else "Person"

    def feed_url(self):
        return reverse("speeches:feed-person", args=[self.person.slug])

    def alert_query(self):
        return urlencode({"speaker": self.person.slug})


class RegionDocumentsView(DocumentListView):
    requires_documents = True
    sections = True

    def filter_documents(self, documents):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return documents.in_region(self.region)

    def heading(self):
        return f"Region: {self.region.name}"

    def subject(self):
        return self.region

    def feed_url(self):
        return reverse("speeches:feed-region", args=[self.region.slug])

    def profile(self):
        return place_profile(self.published)

    def alert_query(self):
        return urlencode({"region": self.region.slug})


class CountryDocumentsView(DocumentListView):
    """The documents that mention a country, newest first, with how many each year."""

    requires_documents = True
    template_name = "speeches/country_detail.html"
    schema_type = "Country"

    def filter_documents(self, documents):
        self.country = get_object_or_404(Country, slug=self.kwargs["slug"])
        return documents.mentioning(self.country)

    def heading(self):
        return f"Documents that mention {self.country.name}"

    def subject(self):
        return self.country

    def alert_query(self):
        return urlencode({"country": self.country.slug})

    def get_context_data(self, **kwargs):
        mentioning = Document.objects.published().mentioning(self.country)
        years = (mentioning.filter(date__isnull=False).order_by("-date__year").values_list("date__year")
                 .annotate(count=Count("pk")))
        return super().get_context_data(years=list(years), undated=mentioning.filter(date__isnull=True).count(),
                                        search_query=urlencode({"country": self.country.slug}), **kwargs)


@require_safe
def countries(request):
    """Every country published documents mention, with how many do."""
    published = Q(documents__status=Document.Status.PUBLISHED)
    return render(request, "speeches/country_list.html", {
        "countries": Country.objects.annotate(document_count=Count("documents", filter=published))
        .filter(document_count__gt=0).order_by("sort_name", "name"),
    })


class VenueDocumentsView(DocumentListView):
    requires_documents = True
    sections = True

    def filter_documents(self, documents):
        self.venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        return documents.at_venue(self.venue)

    def heading(self):
        return f"Venue: {self.venue.written_apart}"

    def subject(self):
        return self.venue

    def alert_query(self):
        return urlencode({"venue": self.venue.slug})

    def profile(self):
        return place_profile(self.published)


class KindDocumentsView(DocumentListView):
    def filter_documents(self, documents):
        kind = self.kwargs["kind"]
        if kind not in Document.Kind.values:
            raise Http404("No such kind of document.")
        self.kind_label = Document.Kind(kind).label
        return documents.of_kind(kind)

    def heading(self):
        return self.kind_label

    def feed_url(self):
        return reverse("speeches:feed-kind", args=[self.kwargs["kind"]])

    def alert_query(self):
        return urlencode({"kind": self.kwargs["kind"]})


class YearDocumentsView(DocumentListView):
    def filter_documents(self, documents):
        if not 1 <= self.kwargs["year"] <= 9999:  # a date's year; beyond it the database raises
            raise Http404("No such year.")
        return documents.in_year(self.kwargs["year"])

    def heading(self):
        return f"Year {self.kwargs['year']}"


class EventDocumentsView(DocumentListView):
    requires_documents = True

    def filter_documents(self, documents):
        self.event = self.request.GET.get("name", "").strip()
        if not self.event:
            raise Http404("No event named.")
        return documents.filter(event=self.event)

    def heading(self):
        return f"Event: {self.event}"


@require_safe
def browse(request):
    published = Q(documents__status=Document.Status.PUBLISHED)
    return render(request, "speeches/browse.html", {
        "people": Person.objects.annotate(
            document_count=Count("speaking_roles__document", filter=Q(
                speaking_roles__document__status=Document.Status.PUBLISHED), distinct=True)
        ).filter(document_count__gt=0),
        "regions": Region.objects.annotate(document_count=Count("documents", filter=published))
        .filter(document_count__gt=0),
        "venues": Venue.objects.annotate(document_count=Count("documents", filter=published))
        .filter(document_count__gt=0),
        "kinds": kinds_with_counts(),
        "years": Document.objects.published().filter(date__isnull=False)
        .values_list("date__year", flat=True).order_by("-date__year").distinct(),
        "events": Document.objects.published().exclude(event="").values_list("event").annotate(count=Count("pk"))
        .order_by("event"),
    })


def office_groups(documents, person, offices):
    """Return [(office, documents)]: ``documents`` (a page of the person's, newest first) in runs of the
    same office held on their date (None: none found; ``offices``, the person's by id). Each document
    gets the ``speaker_role`` the person spoke in unless it is that office's title, and its ``co_speakers``,
    the others credited (read from its prefetched speakers)."""
    groups = []
    for document in documents:
        credits = list(document.speakers.all())
        credit = next(credit for credit in credits if credit.person_id == person.pk)
        document.co_speakers = [other for other in credits if other.person_id != person.pk]
        office = offices.get(credit.office_id)
        document.speaker_role = "" if office and office.is_titled(credit.role) else credit.role
        if groups and groups[-1][0] == office:
            groups[-1][1].append(document)
        else:
            groups.append((office, [document]))
    return groups


def kinds_with_counts():
    counts = dict(Document.objects.published().order_by().values_list("kind").annotate(n=Count("pk")))
    return [(kind, label, counts[kind]) for kind, label in Document.Kind.choices if kind in counts]
