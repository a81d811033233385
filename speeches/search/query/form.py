"""The search form: how a query string (a request's, an API call's, an alert's) becomes search criteria."""
import re

from django import forms

from speeches.languages import MOST_TAG_CHARACTERS, TAG_SHAPE
from speeches.models import Document, TextRole, validate_slug_in_any_script

from ..languages import filter_code
from ..text import THOUSANDS_SEPARATORS
from .criteria import SearchCriteria, country_slug, names_a_country
from .parsing import CASE_OFF, CASE_ON, MAX_QUERY_LENGTH

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]
# Queries a timeline compares at most: five series stay apart on a chart by their markers and dashes.
MOST_COMPARED = 5


# A run of white space, but for the spaces that group a number's digits ("3 300" with a no-break space,
# as French writes it), which a search reads as part of the number (``speeches.search.text``).
WHITE_SPACE_RUN = re.compile(f"[^\\S{THOUSANDS_SEPARATORS}]+")


class QueryField(forms.CharField):
    """A search query: control characters (pasted from PDFs, or hostile) are dropped, not refused, and a
    run of white space is one space, as a search reads it; one longer than a search reads is then refused,
    on every surface alike (a file, a feed or an alert could not say that it was cut)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_QUERY_LENGTH, error_messages={"max_length": (
            "The query is %(show_value)s characters long; a search reads at most %(limit_value)s. Shorten it.")},
            **kwargs)

    def to_python(self, value):
        return super().to_python(WHITE_SPACE_RUN.sub(" ", CONTROL_CHARACTERS.sub(" ", value or "")).strip())


class QueryListField(forms.Field):
    """Queries given as a repeated parameter (``q=...&q=...``), each read as a ``QueryField`` reads one,
    the blank ones (the empty fields of a form) dropped; at most ``MOST_COMPARED`` of them."""

    widget = forms.MultipleHiddenInput  # reads every value of the parameter, not only the last

    def to_python(self, values):
        values = [values] if isinstance(values, str) else values or []
        return [query for query in map(QueryField(required=False).clean, values) if query]

    def validate(self, queries):
        super().validate(queries)
        if len(queries) > MOST_COMPARED:
            raise forms.ValidationError(
                "Compare at most %(most)s queries at once; %(count)s were given.", code="too_many",
                params={"most": MOST_COMPARED, "count": len(queries)})


class IsoDateField(forms.DateField):
    """A YYYY-MM-DD date whose error quotes what was typed: the date input cannot show it again."""

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError("“%(value)s” is not a date: use YYYY-MM-DD.", code="invalid",
                                        params={"value": str(value)[:40]}) from None


class StrictBooleanField(forms.BooleanField):
    """A checkbox that refuses what is neither yes nor no, where Django would read any text as yes."""

    YES, NO = CASE_ON, CASE_OFF | {""}  # as case: in a query reads them
    widget = forms.TextInput  # a checkbox widget would turn any text into True before it is checked

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() not in self.YES | self.NO:
            raise forms.ValidationError("“%(value)s” is neither true nor false.", code="invalid",
                                        params={"value": value[:40]})
        return isinstance(value, str) and value.strip().lower() in self.YES or value is True


LANGUAGE_FILTER_LABEL = "Has a text in"
UNKNOWN_LANGUAGE = "unknown_language"  # the error of a tag naming no language
UNKNOWN_COUNTRY = "unknown_country"  # the error of a name or code naming no country
LANGUAGE_FILTER_HELP = ("Documents with a text in this language, original or translation; they match in any of "
                        "their texts.")


class LanguageFilterField(forms.CharField):
    """A language to filter by, as a BCP 47 tag in any case, read as ``lang:`` in the query reads it: a
    script is kept ("zh-Hant" finds Traditional Chinese texts only; "zh-CN" is "zh-Hans"), a region only
    names its language ("en-GB" is "en"). A tag naming no language is an error, not ignored."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, max_length=MOST_TAG_CHARACTERS, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        if not re.fullmatch(TAG_SHAPE, value):
            raise forms.ValidationError("“%(value)s” is not a language tag; use one such as en, zh, zh-Hant, fr, ru "
                                        "or ar.", code="invalid", params={"value": value[:40]})
        if (code := filter_code(value)) is None:  # shaped as a tag: the API answers 404, no such language
            raise forms.ValidationError("There is no language “%(value)s”; use a language tag such as en, zh, fr, "
                                        "ru or ar.", code=UNKNOWN_LANGUAGE, params={"value": value[:40]})
        return code


def slug_field():
    """A filter by a speaker's, region's, venue's or event's slug, in any script."""
    return forms.CharField(required=False, max_length=80, validators=[validate_slug_in_any_script])


class DocumentSearchForm(forms.Form):
    q = QueryField(required=False, label="Search")
    speaker = slug_field()
    region = slug_field()
    country = forms.CharField(required=False, max_length=100, label="Mentions",
                              help_text="A country the documents mention: its name or ISO code (France, FR, FRA).")
    venue = slug_field()
    event = slug_field()
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Document.Kind.choices])
    lang = LanguageFilterField(required=False, label=LANGUAGE_FILTER_LABEL, help_text=LANGUAGE_FILTER_HELP)
    role = forms.ChoiceField(required=False, choices=[("", "Any text"), *TextRole.choices], label="Text",
                             help_text="Documents with a text of this kind: an original, an official translation...")
    date_from = IsoDateField(required=False, label="From")
    date_to = IsoDateField(required=False, label="To")
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)
    case = StrictBooleanField(required=False, label="Match case and accents exactly")

    # The parameters that take several values (the timeline's queries); any other given twice with two
    # values is an error naming it, not the last read and the first silently dropped (as the API answers).
    repeatable = frozenset()

    def __init__(self, data=None, *args, **kwargs):
        if hasattr(data, "getlist"):  # one value given among empty ones is that value (the timeline's links)
            data = data.copy()
            for name in self.base_fields.keys() - self.repeatable:
                if len(given := data.getlist(name)) > 1 and len(values := given_values(given)) == 1:
                    data.setlist(name, values)
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name in self.fields.keys() - self.repeatable:
            values = given_values(self.data.getlist(name)) if hasattr(self.data, "getlist") else []
            if len(values) > 1:
                self.add_error(name, forms.ValidationError(
                    "Give one %(name)s; %(count)s were given (%(values)s).", code="repeated",
                    params={"name": name, "count": len(values), "values": ", ".join(value[:40] for value in values[:5])}))
        return cleaned

    def clean_country(self):
        """A country named by its ISO code or a name ("FR", "France") is the slug the form offers ("france");
        one naming no country is an error (the API's 404)."""
        value = self.cleaned_data["country"]
        if value and not names_a_country(value):
            raise forms.ValidationError("There is no country “%(value)s”: name one by its name or ISO code, such as "
                                        "France, FR or FRA.", code=UNKNOWN_COUNTRY, params={"value": value[:40]})
        return country_slug(value) if value else ""

    def criteria(self):
        """Return the ``SearchCriteria`` of a valid form."""
        return self.criteria_for(self.cleaned_data["q"])

    def criteria_for(self, q):
        """Return the ``SearchCriteria`` of query ``q`` under this valid form's filters."""
        data = self.cleaned_data
        return SearchCriteria(
            q=q, speaker=data["speaker"], region=data["region"], country=data["country"],
            venue=data["venue"], event=data["event"],
            kind=data["kind"], lang=data["lang"], role=data["role"], date_from=data["date_from"],
            date_to=data["date_to"], year=data["year"], sort=data["sort"] or "relevance",
            case_sensitive=data["case"],
        )


def given_values(values):
    """Return the distinct values a parameter was given, in order; empty ones are none (the timeline's form
    sends its five query fields, typed or not)."""
    return [value for value in dict.fromkeys(values) if value.strip()]


class ComparisonForm(DocumentSearchForm):
    """The timeline's form: up to ``MOST_COMPARED`` queries (``q=...&q=...``) under the same filters."""

    q = QueryListField(required=False, label="Queries")
    repeatable = frozenset({"q"})

    def criteria(self):
        """Return the ``SearchCriteria`` of the first query (none when none is given): what the
        comparison as a whole is titled by, and whether it asks for anything."""
        return self.criteria_for(next(iter(self.cleaned_data["q"]), ""))

    def compared_criteria(self):
        """Return a ``SearchCriteria`` per query, in the order given (one without a query when none is)."""
        return [self.criteria_for(q) for q in self.cleaned_data["q"] or [""]]
