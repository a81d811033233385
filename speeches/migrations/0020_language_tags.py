"""Languages become BCP 47 tags of any known language (no fixed choices), stored in canonical form:
"zh-hans" -> "zh-Hans", "en-gb" -> "en-GB" (``speeches.languages.canonical_tag``), history included."""
from django.db import migrations

import speeches.models.languages
from speeches.languages import UnknownLanguage, canonical_tag

MODELS = ["Document", "HistoricalDocument", "DocumentText", "HistoricalDocumentText"]


def canonical_or_same(language, body):
    try:
        return canonical_tag(language, text=body or "")
    except UnknownLanguage:
        return language  # no tag can name it: left for an editor to see, not guessed


def store_canonical_tags(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("speeches", model_name)
        for language in model.objects.values_list("language", flat=True).distinct():
            rows = model.objects.filter(language=language)
            if not language.lower().startswith("zh"):
                rows.update(language=canonical_or_same(language, ""))
                continue
            for pk, body in rows.values_list("pk", "body"):  # Chinese without a script takes its text's
                model.objects.filter(pk=pk).update(language=canonical_or_same(language, body))


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0019_review_requests_outlive_documents"),
    ]

    operations = [
        migrations.AlterField(
            model_name=model_name.lower(),
            name="language",
            field=speeches.models.languages.LanguageField(**({"default": "en"} if "Text" not in model_name else {})),
        )
        for model_name in MODELS
    ] + [migrations.RunPython(store_canonical_tags, migrations.RunPython.noop)]
