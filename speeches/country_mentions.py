"""Which countries a document mentions: detection proposes them from its texts when it is saved or
imported, editors correct them, and a new detection never undoes a correction.

Each document's ``CountryMention`` rows say, per country, whether the last detection found it and what
an editor decided: kept (added by an editor or named by an import record: it stays) or removed (it
stays out, however often the texts name it). ``Document.countries``, what pages, search and the API
read, is set from them: the kept, and the detected that were not removed. A country in that list
with no row was given before detection ran (an editor, a record, the seed fixture): it counts as kept.
"""
from django.db import transaction

from speeches.country_detection import detect
from speeches.models import Country, CountryMention

Decision = CountryMention.Decision


def detected_codes(document):
    """Return the alpha-2 codes of the countries the document's title, main text and other texts mention."""
    main = "\n".join([document.title, document.subtitle, *(paragraph["text"] for paragraph in document.paragraphs)])
    codes = detect(main, document.language)
    for text in document.texts.all():
        codes |= detect("\n".join([text.title, *(paragraph["text"] for paragraph in text.paragraphs)]), text.language)
    return codes


@transaction.atomic
def detect_countries(document):
    """Detect the countries ``document`` mentions and set its ``countries`` from detection and the
    editors' decisions. Return the countries detection found."""
    keep_given_countries(document)
    found = Country.objects.for_codes(detected_codes(document))
    found_ids = {country.pk for country in found}
    mentions = {mention.country_id: mention for mention in document.country_mentions.all()}
    for country_id in found_ids - set(mentions):
        CountryMention.objects.create(document=document, country_id=country_id, detected=True)
    for country_id, mention in mentions.items():
        if mention.detected != (country_id in found_ids):
            mention.detected = country_id in found_ids
            mention.save(update_fields=["detected"])
    document.country_mentions.filter(detected=False, decision=Decision.NONE).delete()
    show_mentions(document)
    return found


def keep_given_countries(document):
    """Record as kept each country of ``document.countries`` that no mention row explains."""
    explained = document.country_mentions.values_list("country_id", flat=True)
    for country_id in document.countries.exclude(pk__in=explained).values_list("pk", flat=True):
        CountryMention.objects.create(document=document, country_id=country_id, decision=Decision.KEPT)


def show_mentions(document):
    """Set ``document.countries`` to the countries its mentions put there (only what changed, so the
    index hears of a change only when there is one)."""
    document.countries.set(document.country_mentions.shown().values_list("country_id", flat=True))


@transaction.atomic
def record_editor_countries(document, before, after):
    """Record an editor's correction of ``document.countries`` from the ids ``before`` to ``after``: a
    country added is kept, a country taken out is removed, and detection keeps to both."""
    for country_ids, decision in ((set(after) - set(before), Decision.KEPT), (set(before) - set(after), Decision.REMOVED)):
        for country_id in country_ids:
            CountryMention.objects.update_or_create(document=document, country_id=country_id,
                                                    defaults={"decision": decision})


def record_given_countries(document, countries):
    """Record ``countries``, those an import record names, as the ones kept for ``document``: a record
    gives the whole list, as an editor's form does (removals stay removed)."""
    keep_given_countries(document)
    document.country_mentions.filter(decision=Decision.KEPT).exclude(country__in=countries).update(
        decision=Decision.NONE)
    for country in countries:
        CountryMention.objects.update_or_create(document=document, country=country, defaults={"decision": Decision.KEPT})


def copy_mentions(source, target):
    """Give ``target`` the mentions of ``source`` (a correction's copy and its published document)."""
    target.country_mentions.all().delete()
    CountryMention.objects.bulk_create(
        CountryMention(document=target, country_id=mention.country_id, detected=mention.detected,
                       decision=mention.decision) for mention in source.country_mentions.all())
