"""Metadata of many published documents at once, read without an IN list the database may refuse
(SQLite allows some thousands of parameters; a result set can be a hundred thousand documents)."""
from speeches.models import Document, Speaker

# Up to this many ids are looked up by IN; more, and every published row is read and kept or not.
MOST_IDS_LOOKED_UP = 500


def restricted(queryset, ids, key):
    """Return the rows of ``queryset`` whose ``key`` is one of ``ids``: rows of ``values()``, or of
    ``values_list()`` whose first column is ``key``."""
    if len(ids) <= MOST_IDS_LOOKED_UP:
        return list(queryset.filter(**{f"{key}__in": list(ids)}))
    ids = set(ids)
    return [row for row in queryset if (row[key] if isinstance(row, dict) else row[0]) in ids]


def document_rows(ids, *fields):
    """Return a dict per published document of ``ids``: "pk" and ``fields``."""
    return restricted(Document.objects.published().order_by().values("pk", *fields), ids, "pk")


def speaker_rows(ids):
    """Return (document id, person slug, person name) for each credit on the documents of ``ids``."""
    credits = Speaker.objects.filter(document__status=Document.Status.PUBLISHED).order_by()
    return [(row["document_id"], row["person__slug"], row["person__name"]) for row in
            restricted(credits.values("document_id", "person__slug", "person__name"), ids, "document_id")]

