"""Autocomplete widgets and choice fields that refuse crafted ids instead of crashing on them."""
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class OnlyIdsSelected:
    """Autocomplete widgets look the selected values up as ids when a form is shown again; a crafted
    non-numeric or out-of-range value would crash that lookup, so such values are left out (the
    form's own validation has already reported them)."""

    def optgroups(self, name, value, attr=None):
        ids = [item for item in value if str(item).isdigit() and int(item) < 2**63]
        return super().optgroups(name, ids, attr)


class SafeAutocompleteSelect(OnlyIdsSelected, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(OnlyIdsSelected, AutocompleteSelectMultiple):
    pass


class IdsInRange:
    """Reject ids beyond a 64-bit integer before the database sees them (SQLite raises OverflowError,
    which Django's choice fields do not turn into a validation error)."""

    def clean(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(str(item).strip().lstrip("-").isdigit() and abs(int(item)) >= 2**63 for item in values if item):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": "?"})
        return super().clean(value)


class SafeModelChoiceField(IdsInRange, forms.ModelChoiceField):
    pass


class SafeModelMultipleChoiceField(IdsInRange, forms.ModelMultipleChoiceField):
    pass


class SafeAutocompleteMixin:
    """Use the fields and widgets above for every autocomplete field of an admin or inline."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["form_class"] = SafeModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["form_class"] = SafeModelMultipleChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)
