"""The admin's filter by language: each stored tag by its name ("Chinese (Simplified)", not "zh-Hans").

Registered for every ``LanguageField``, so a list filtering by "language" names its languages
without its admin saying so; Django's own filter would list the tags as they are stored.
"""
from django.contrib.admin import AllValuesFieldListFilter, FieldListFilter

from speeches.languages import language_name
from speeches.models.languages import LanguageField


class LanguageFieldListFilter(AllValuesFieldListFilter):
    def choices(self, changelist):
        names = {tag: language_name(tag) for tag in self.lookup_choices if tag}
        for choice in super().choices(changelist):
            yield {**choice, "display": names.get(choice["display"], choice["display"])}


FieldListFilter.register(lambda field: isinstance(field, LanguageField), LanguageFieldListFilter, take_priority=True)
