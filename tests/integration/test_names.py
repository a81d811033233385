"""A person's name parts, guessed when the person is saved and kept once an editor chose them."""
import pytest

from speeches.models import Person
from speeches.names import CitedName

pytestmark = pytest.mark.django_db


def test_a_new_person_gets_the_guess_and_an_editors_parts_are_kept():
    guessed = Person.objects.create(name="Wang Yi")
    assert guessed.cited_name == CitedName(family="Wang", given="Yi", written="Wang Yi")
    chosen = Person.objects.create(name="Shinzo Abe", name_form="given-family", family_name="Abe", given_name="Shinzo")
    chosen.name = "Abe Shinzo"
    chosen.save()
    assert chosen.cited_name.inverted() == "Abe, Shinzo"
