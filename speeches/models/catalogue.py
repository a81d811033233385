"""The catalogue documents refer to: people and organisations (and the offices people held), venues,
regions and countries."""
import re
import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from speeches.countries import code_of, country as country_data
from speeches.dates import PartialDate, Period
from speeches.names import CitedName, guess_name_parts, names_look_alike, sorting_name, written_name
from speeches.wikidata import MOST_CHARACTERS, NotAnItem, page_url, parse_item

from .documents import Document
from .slugs import SlugInAnyScriptField, unique_slug
from .validation import WithoutControlCharacters, validate_not_a_list


class NamedQuerySet(models.QuerySet):
    def with_published_documents(self):
        """Rows that at least one published document refers to: the ones with public pages."""
        # EXISTS stops at each row's first published document; a join with DISTINCT read them all.
        published = self.model.objects.filter(
            pk=models.OuterRef("pk"), **{self.model.published_document_lookup: Document.Status.PUBLISHED}
        )
        return self.filter(models.Exists(published))


class WikidataItemField(models.CharField):
    """A Wikidata item, stored as its Q number in whichever form the editor gave it (q42, the item's address)."""

    description = "A Wikidata item (Q number)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MOST_CHARACTERS)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return parse_item(value) if value else ""
        except NotAnItem as error:
            raise ValidationError(str(error), code="invalid") from error

    def formfield(self, **kwargs):
        # Room for a pasted address: the model field keeps only its Q number.
        return super().formfield(**{"max_length": 200, "widget": forms.TextInput(
            attrs={"placeholder": "Q15031", "size": 24, "spellcheck": "false"}), **kwargs})


class SluggedModel(WithoutControlCharacters, models.Model):
    """A named row with a unique slug derived from its name when none is given, and the Wikidata item
    it is, when known."""

    name = models.CharField(max_length=200, validators=[validate_not_a_list])
    sort_name = models.CharField(max_length=400, editable=False, default="",
                                 help_text="The name as lists order it (sorting_name).")
    slug = SlugInAnyScriptField(
        max_length=80, unique=True, blank=True,
        help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when "
                  "all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.",
    )
    wikidata = WikidataItemField(
        "Wikidata item",
        help_text="Its Q number (Q15031) or the address of its Wikidata page; linked-data users join on it.",
    )

    objects = NamedQuerySet.as_manager()
    published_document_lookup = "documents__status"
    # The field of ``Office`` naming entries of this kind, whose offices a speaker's page lists.
    office_field = None

    class Meta:
        abstract = True
        ordering = ["sort_name", "name"]
        constraints = [models.UniqueConstraint(
            fields=["wikidata"], condition=~models.Q(wikidata=""), name="%(app_label)s_%(class)s_one_per_wikidata_item",
            violation_error_message="Another entry already has this Wikidata item: is it the same one entered twice?",
        )]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = written_name(self.name)
        self.sort_name = sorting_name(self.name)[:400]
        self.derive_from_name()
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, self.pk)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.name = written_name(self.name)  # a name of invisible characters alone is an empty one
        super().clean_fields(exclude)

    def derive_from_name(self):
        """Fill what this kind of entry derives from its name, once the name is as it is stored."""

    @property
    def wikidata_url(self):
        return page_url(self.wikidata) if self.wikidata else None

    def shown_on_published_pages(self):
        """Whether published pages show what this entry says: a published document refers to it, or it
        is the organisation or country of an office whose holder a published document credits (their
        page lists the office)."""
        if type(self).objects.with_published_documents().filter(pk=self.pk).exists():
            return True
        return bool(self.office_field) and Office.objects.filter(
            **{self.office_field: self}, person__in=Person.objects.with_published_documents()).exists()


class Person(SluggedModel):
    """A person or an organisation credited with documents, with their name as citations need it."""

    class NameForm(models.TextChoices):
        GIVEN_FAMILY = "given-family", "A person, given name first (Jane Smith)"
        FAMILY_GIVEN = "family-given", "A person, family name first (Xi Jinping)"
        ORGANISATION = "organisation", "An organisation, cited by its whole name (CGTN)"

    description = models.CharField(
        max_length=300, blank=True, help_text="One line that tells this person apart from namesakes."
    )
    name_form = models.CharField(
        "kind of name", max_length=12, choices=NameForm.choices, blank=True,
        help_text="How citations write the name. Left empty, it and the parts below are guessed from "
                  "the name when you save: check the guess.",
    )
    family_name = models.CharField(
        max_length=200, blank=True, help_text="As citations file it: Xi, Tokayev, von der Leyen."
    )
    given_name = models.CharField(max_length=200, blank=True, help_text="Jinping, Kassym-Jomart, Ursula.")
    history = HistoricalRecords()
    published_document_lookup = "speaking_roles__document__status"
    office_field = "organisation"

    class Meta(SluggedModel.Meta):
        verbose_name = "person or organisation"
        verbose_name_plural = "people and organisations"

    def get_absolute_url(self):
        return reverse("speeches:person", args=[self.slug])

    def derive_from_name(self):
        if not self.name_form:
            self.guess_name_parts()
        self.family_name, self.given_name = written_name(self.family_name), written_name(self.given_name)

    def guess_name_parts(self):
        """Fill the kind of name and its parts from ``name`` (editors confirm them in the admin)."""
        guess = guess_name_parts(self.name)
        self.name_form = guess.form
        self.family_name, self.given_name = guess.family_name, guess.given_name

    @property
    def cited_name(self):
        """Return the ``CitedName`` every citation writes; without a family name, the whole name."""
        if self.name_form == self.NameForm.ORGANISATION or not self.family_name:
            return CitedName(literal=self.name, written=self.name)
        return CitedName(family=self.family_name, given=self.given_name, written=self.name)

    def similar_people(self):
        """Return the other people whose names look like this one's: likely the same person entered twice."""
        return [other for other in Person.objects.exclude(pk=self.pk) if names_look_alike(self.name, other.name)]

    def office_on(self, date, role=""):
        """Return the ``OfficeMatch`` of the office this person held on ``date`` (a ``PartialDate`` or
        None), among those a ``role`` typed for it may name."""
        return match_office(self.offices.all(), date, role)

    def follow_offices(self):
        """Find again, for each of the person's credits, the office held on its document's date (and the
        role left to it), after their offices changed; return how many credits changed."""
        person, changed = Person.objects.prefetch_related("offices").get(pk=self.pk), 0
        for credit in person.speaking_roles.select_related("document"):
            credit.person = person  # its offices read once for every credit
            if credit.take_office():
                credit.save()
                changed += 1
        return changed


class Venue(SluggedModel):
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120, blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return ", ".join(self.parts)

    def save(self, *args, **kwargs):
        self.city, self.country = written_name(self.city), written_name(self.country)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("speeches:venue", args=[self.slug])

    @property
    def parts(self):
        """Its name, city and country, each written once: "Akorda Palace", "Astana", "Kazakhstan"."""
        return [self.name] + [part for part in (self.city, self.country) if part and part != self.name]

    @property
    def written_apart(self):
        """Its name for text where no element can set its parts apart (a page's title, a facet's label):
        with a part written right to left, each part between the isolates U+2068 and U+2069, so that
        "الرياض, Riyadh, Saudi Arabia" is not read "Riyadh, Saudi Arabia ,الرياض"."""
        if not any(unicodedata.bidirectional(character) in {"R", "AL"} for character in str(self)):
            return str(self)
        return ", ".join(f"\u2068{part}\u2069" for part in self.parts)


class Region(SluggedModel):
    def get_absolute_url(self):
        return reverse("speeches:region", args=[self.slug])


class CountryQuerySet(NamedQuerySet):
    def named(self, value):
        """Return the countries ``value`` names: by slug, ISO code (alpha-2 or alpha-3, any case) or any of
        its names in any language CLDR names it in ("France", "FR", "FRA", "法国", "south africa")."""
        value = (value or "").strip()
        code = code_of(value)
        by_code = models.Q(pk__in=[])
        if code:  # a row loaded without its codes (a fixture's) is the country its name names
            by_code = models.Q(alpha_2=code) | models.Q(
                pk__in=[row.pk for row in self.filter(alpha_2="").only("pk", "name") if code_of(row.name) == code])
        return self.filter(by_code | models.Q(slug=value.lower()) | models.Q(name__iexact=value))

    def for_codes(self, codes):
        """Return the countries of these alpha-2 codes, adding a row (named as CLDR names it in English) for
        each the catalogue lacks."""
        existing = {country.alpha_2: country for country in self.filter(alpha_2__in=codes)}
        if set(codes) - set(existing):  # a row made without its code (a fixture's, say) is the country its name names
            for country in self.filter(alpha_2=""):
                country.fill_codes()
                if country.alpha_2 in set(codes) - set(existing):
                    country.save(update_fields=["alpha_2", "alpha_3"])
                    existing[country.alpha_2] = country
        for code in sorted(set(codes) - set(existing)):
            if (data := country_data(code)) is not None:
                existing[code] = self.create(name=data.name, alpha_2=code, alpha_3=data.alpha_3)
        return list(existing.values())


class Country(SluggedModel):
    """A country documents mention (``Document.countries``), with its ISO 3166-1 codes where it has them
    (a country of the past, the Soviet Union, has none)."""

    alpha_2 = models.CharField(
        "ISO code", max_length=2, blank=True,
        help_text="ISO 3166-1 alpha-2 (FR). Left empty, it is found from the name when you save.")
    alpha_3 = models.CharField("ISO alpha-3 code", max_length=3, blank=True, help_text="ISO 3166-1 alpha-3 (FRA).")

    objects = CountryQuerySet.as_manager()
    office_field = "country"

    class Meta(SluggedModel.Meta):
        verbose_name_plural = "countries"
        constraints = [*SluggedModel.Meta.constraints, models.UniqueConstraint(
            fields=["alpha_2"], condition=~models.Q(alpha_2=""), name="speeches_country_one_per_code",
            violation_error_message="Another country already has this ISO code: is it the same one entered twice?",
        )]

    def get_absolute_url(self):
        return reverse("speeches:country", args=[self.slug])

    def derive_from_name(self):
        if not self.alpha_2:
            self.fill_codes()

    def fill_codes(self):
        """Fill the ISO codes from the name, when it names a country no other row has."""
        code = code_of(self.name)
        if code and not Country.objects.filter(alpha_2=code).exclude(pk=self.pk).exists():
            self.alpha_2, self.alpha_3 = code, country_data(code).alpha_3


class Office(WithoutControlCharacters, models.Model):
    """An office a person held ("Minister of Foreign Affairs"), from and to as precisely as known.

    A document's speaker is credited with the office they held on its date when the editor gives no
    role (``Speaker.take_office``), and the person's page groups their documents by it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(
        max_length=300, validators=[validate_not_a_list],  # it becomes the role of credits left without one
        help_text="As documents give it: \"Minister of Foreign Affairs\", \"President of the People's "
                  "Republic of China\". Credits left without a role take it on the office's dates.")
    organisation = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="offices_within",
        help_text="The organisation the office is of, if the archive has it (a ministry, the United Nations).")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="offices",
        help_text="The country the office is of, if it is a country's.")
    start = models.DateField("from", null=True, blank=True, help_text="For a month or a year, give its first day.")
    start_precision = models.CharField(max_length=5, choices=Document.DatePrecision.choices,
                                       default=Document.DatePrecision.DAY)
    end = models.DateField("to", null=True, blank=True, help_text="Empty while the person holds the office.")
    end_precision = models.CharField(max_length=5, choices=Document.DatePrecision.choices,
                                     default=Document.DatePrecision.DAY)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("start").desc(nulls_last=True), "-pk"]

    def __str__(self):
        return f"{self.title} ({self.period})"

    def clean(self):
        super().clean()
        if self.period.ends_before_it_begins:
            raise ValidationError({"end": "The office ends before it begins: check both dates."})

    def is_titled(self, role):
        """Return whether ``role`` is the office's title, whatever its case and punctuation."""
        return title_words(self.title) == title_words(role)

    @property
    def period(self):
        """Return the ``Period`` the office was held, each end as precisely as known."""
        return Period(PartialDate.from_date(self.start, self.start_precision),
                      PartialDate.from_date(self.end, self.end_precision))


@dataclass(frozen=True)
class OfficeMatch:
    """Which office a person held on a document's date: ``office`` when one is certain (or the role
    typed names one of those they may have held); every office they may have held, ``candidates``, and
    those they surely held, ``surely_held``."""

    office: Office | None = None
    candidates: list = field(default_factory=list)
    surely_held: list = field(default_factory=list)

    @property
    def ambiguity(self):
        """Return why no office was taken although some may have been held, for the editor; else ""."""
        if self.office or not self.candidates:
            return ""
        if len(self.surely_held) > 1:
            offices = "; ".join(str(office) for office in self.surely_held)
            return f"Held at once on that date: {offices}. Type the one the document gives as the role."
        offices = "; ".join(str(office) for office in self.candidates)
        return f"The date may fall within {offices}, or not: type the role, or give the dates more precisely."


def title_words(title):
    """Return the words of a title or a role, to compare them whatever their case and punctuation
    ("People’s" and "People's")."""
    return re.findall(r"\w+", title.casefold())


def match_office(offices, date, role=""):
    """Return the ``OfficeMatch`` of ``offices`` on ``date``. One office surely held is the match (others
    may also have been: it was held all the same); two surely held at once, or only ones that may have
    been, are none, unless ``role`` is the title of exactly one of those that may have been held."""
    if date is None:
        return OfficeMatch()
    candidates = [office for office in offices if office.period.may_hold(date)]
    surely_held = [office for office in candidates if office.period.surely_holds(date)]
    named = [office for office in candidates if role and office.is_titled(role)]
    chosen = named if len(named) == 1 else surely_held
    return OfficeMatch(chosen[0] if len(chosen) == 1 else None, candidates, surely_held)
