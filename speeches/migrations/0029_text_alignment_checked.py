"""A text's alignment is checked (``speeches.alignment.validate_alignment``): one saved before in another
shape, through the admin's inline form which did not check it, stopped every page and dump that read it.
Such an alignment is emptied and left to be proposed again from the paragraphs' lengths on the next save."""
import re

from django.db import migrations, models

import speeches.alignment

ANCHOR = re.compile(r"p-[1-9][0-9]{0,8}")


def is_alignment(value):
    """As ``validate_alignment`` was written when this migration was."""
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(anchor, str) and ANCHOR.fullmatch(anchor)
                                                          for anchor in pair)
        for pair in value)


def empty_unreadable_alignments(apps, schema_editor):
    DocumentText = apps.get_model("speeches", "DocumentText")
    for text in DocumentText.objects.only("pk", "alignment").iterator(chunk_size=500):
        if not is_alignment(text.alignment):
            DocumentText.objects.filter(pk=text.pk).update(alignment=[], alignment_confirmed=False)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0028_subscribers_by_mailbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='documenttext',
            name='alignment',
            field=models.JSONField(blank=True, default=list, help_text="Pairs of paragraph anchors [main text's, this text's]. Until an editor confirms it, the archive proposes it from the paragraphs' lengths, anew whenever either text's paragraphs change.", validators=[speeches.alignment.validate_alignment]),
        ),
        migrations.AlterField(
            model_name='historicaldocumenttext',
            name='alignment',
            field=models.JSONField(blank=True, default=list, help_text="Pairs of paragraph anchors [main text's, this text's]. Until an editor confirms it, the archive proposes it from the paragraphs' lengths, anew whenever either text's paragraphs change.", validators=[speeches.alignment.validate_alignment]),
        ),
        migrations.RunPython(empty_unreadable_alignments, migrations.RunPython.noop),
    ]
