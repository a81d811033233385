"""Validation every row of the archive shares."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from speeches.characters import LIST_SEPARATOR, LIST_SEPARATOR_PROBLEM, control_character_problem


def validate_not_a_list(value):
    """Refuse a name or role holding the separator of the CSV files' lists (``LIST_SEPARATOR``)."""
    if LIST_SEPARATOR in value:
        raise ValidationError(capfirst(LIST_SEPARATOR_PROBLEM), code="list_separator")


class WithoutControlCharacters:
    """Refuse control characters in every text field of the row when it is validated (the admin's
    forms, a revert from the history); imports refuse them in ``importers.records``, with the same words."""

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude)
            errors = {}
        except ValidationError as error:
            errors = error.update_error_dict({})
        for field in self._meta.concrete_fields:
            if field.name in errors or field.name in (exclude or ()) or not isinstance(
                    field, (models.CharField, models.TextField)):
                continue
            value = field.value_from_object(self)
            if problem := control_character_problem(value or "", multi_line=isinstance(field, models.TextField)):
                errors[field.name] = [ValidationError(capfirst(problem), code="control_character")]
        if errors:
            raise ValidationError(errors)
