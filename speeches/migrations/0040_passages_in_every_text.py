"""Recurring passages are found in every text of a document, not its main text alone: an English
translation that repeats another document's English passage is linked to it. Each fingerprint and
passage says which text its paragraph is in (``language``, empty for the main text).

Every published document with other texts is noted for comparing again (``compare_passages``, which
the next start runs); the passages of its main text are recorded again with it."""
from django.db import migrations, models


def note_documents_with_other_texts(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    Document.objects.filter(status="published", texts__isnull=False).update(passages_compared=None)


def forget_passages_of_other_texts(apps, schema_editor):
    """Going back: the rows of other texts go (the older constraint cannot hold them), and their
    documents are compared again by the older release."""
    Document = apps.get_model("speeches", "Document")
    PassageFingerprint = apps.get_model("speeches", "PassageFingerprint")
    RecurringPassage = apps.get_model("speeches", "RecurringPassage")
    RecurringPassage.objects.exclude(language="", other_language="").delete()
    PassageFingerprint.objects.exclude(language="").delete()
    Document.objects.filter(texts__isnull=False).update(passages_compared=None)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0039_paragraphs_read_as_shown'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='recurringpassage',
            name='one_record_per_pair_of_paragraphs',
        ),
        migrations.RemoveIndex(
            model_name='recurringpassage',
            name='speeches_re_documen_062c28_idx',
        ),
        migrations.AddField(
            model_name='passagefingerprint',
            name='language',
            field=models.CharField(blank=True, default='', help_text="The language of the document's other text the paragraph is in; empty for its main text.", max_length=35),
        ),
        migrations.AddField(
            model_name='recurringpassage',
            name='language',
            field=models.CharField(blank=True, default='', help_text="The language of the document's other text the paragraph is in; empty for its main text.", max_length=35),
        ),
        migrations.AddField(
            model_name='recurringpassage',
            name='other_language',
            field=models.CharField(blank=True, default='', help_text="The language of the other document's text holding the passage; empty for its main text.", max_length=35),
        ),
        migrations.AddIndex(
            model_name='recurringpassage',
            index=models.Index(fields=['document', 'language', 'paragraph'], name='speeches_re_documen_79c734_idx'),
        ),
        migrations.AddConstraint(
            model_name='recurringpassage',
            constraint=models.UniqueConstraint(fields=('document', 'language', 'paragraph', 'other_document', 'other_language', 'other_paragraph'), name='one_record_per_pair_of_paragraphs'),
        ),
        migrations.RunPython(note_documents_with_other_texts, forget_passages_of_other_texts),
    ]
