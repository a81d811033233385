"""Bodies are rendered again where the rendering now reads more of their words: level-1 headings
(dropped with their tag before) and the numbers of ordered lists ("1991. The year..."), which are now
words of their paragraphs (``speeches.rendering``). Anchors are kept as a save keeps them; the
documents are noted in the index backlog, which the next start (``prepare_index``) catches up."""
import re

from django.db import migrations

# A line that may open a heading or an ordered list item, or underline a heading.
MAY_CHANGE = re.compile(r"^ {0,3}(?:#|\d+[.)]\s)|^ {0,3}=+ *$", re.MULTILINE)


def render_again(apps, schema_editor):
    from speeches.rendering import MarkdownTooComplex, render_markdown

    touched = set()
    for name, document_field in (("Document", "pk"), ("DocumentText", "document_id")):
        model = apps.get_model("speeches", name)
        rows = model.objects.only("pk", "body", "body_html", "paragraphs", "last_paragraph_number", document_field)
        for row in rows.iterator(chunk_size=200):
            if not MAY_CHANGE.search(row.body):
                continue
            try:
                rendered = render_markdown(row.body, row.paragraphs, row.last_paragraph_number)
            except MarkdownTooComplex:  # kept as rendered before, as a save keeps it
                continue
            paragraphs = [{"anchor": paragraph.anchor, "text": paragraph.text} for paragraph in rendered.paragraphs]
            if (rendered.html, paragraphs) == (row.body_html, row.paragraphs):
                continue
            model.objects.filter(pk=row.pk).update(body_html=rendered.html, paragraphs=paragraphs,
                                                   last_paragraph_number=rendered.last_paragraph_number)
            touched.add(getattr(row, document_field))
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in touched], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0029_text_alignment_checked"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop),
    ]
