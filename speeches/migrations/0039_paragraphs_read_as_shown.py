"""A paragraph's text is read as its page shows it (``speeches.rendering.ParagraphAnchors.shown_text``): an
email address written as a link ("<press@example.org>") was stored as Python-Markdown's placeholders
(``\\x02amp\\x03#112;...``), which no search found and the TEI writer refused, and a code span's & < > as
entities (``&lt;``). Every document and text whose stored paragraphs hold either is rendered again, its
anchors kept (only the texts change, never the blocks), and its document noted in the index backlog, so
the next start (``prepare_index``) indexes it; its recurring passages are compared again, and its
speakers' keywords counted again, as both read its words."""
from django.db import migrations

from speeches.models import count_words
from speeches.rendering import MarkdownTooComplex, render_markdown

# What a placeholder or a code span's entities hold; a paragraph holding none of them reads as it did.
MAY_READ_OTHERWISE = ("\x02", "&lt;", "&gt;", "&amp;")


def may_read_otherwise(paragraphs):
    return any(mark in paragraph["text"] for paragraph in paragraphs for mark in MAY_READ_OTHERWISE)


def rendered_again(row):
    """Return the row's body rendered as it now is, each paragraph under its stored anchor, or None when
    its paragraphs read as they did (or it is too costly to render now: it is kept until edited)."""
    try:
        fresh = render_markdown(row.body)
    except MarkdownTooComplex:
        return None
    texts = [paragraph.text for paragraph in fresh.paragraphs]
    if texts == [paragraph["text"] for paragraph in row.paragraphs]:
        return None
    # The same blocks as before, in the same order: each new text is the stored paragraph's at its place.
    previous = [{"anchor": stored["anchor"], "text": text} for stored, text in zip(row.paragraphs, texts)]
    if len(texts) != len(row.paragraphs):
        previous = row.paragraphs
    return render_markdown(row.body, previous, row.last_paragraph_number)


def render_again(apps, schema_editor):
    render_again_where(apps, may_read_otherwise)


def render_again_where(apps, may_change):
    """Render again every document and text whose stored paragraphs ``may_change`` and now read otherwise."""
    Document = apps.get_model("speeches", "Document")
    DocumentText = apps.get_model("speeches", "DocumentText")
    changed = set()
    for model, document_of in ((Document, lambda row: row.pk), (DocumentText, lambda row: row.document_id)):
        rows = model.objects.only("pk", "body", "paragraphs", "last_paragraph_number",
                                  *(["document_id"] if model is DocumentText else []))
        for row in rows.order_by("pk").iterator(chunk_size=200):
            if may_change(row.paragraphs) and (rendered := rendered_again(row)) is not None:
                store(model, row, rendered)
                changed.add(document_of(row))
    note_for_the_index(apps, sorted(changed))


def store(model, row, rendered):
    """Store the row's new rendering (an update: no revision, the text itself did not change)."""
    paragraphs = [{"anchor": paragraph.anchor, "text": paragraph.text} for paragraph in rendered.paragraphs]
    fields = {"body_html": rendered.html, "paragraphs": paragraphs,
              "last_paragraph_number": rendered.last_paragraph_number}
    if model.__name__ == "Document":
        fields["word_count"] = count_words(paragraphs)
    model.objects.filter(pk=row.pk).update(**fields)


def note_for_the_index(apps, document_ids):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0038_quotes_stay_inside_a_part'),
    ]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
