"""Wikidata items as editors give them: a Q number in any case, or the item's address; nothing else."""
import pytest

from speeches.wikidata import NotAnItem, entity_uri, page_url, parse_item


@pytest.mark.parametrize("given", ["Q15031", "q15031", "  Q15031 ", "https://www.wikidata.org/wiki/Q15031",
                                   "http://www.wikidata.org/entity/Q15031", "https://m.wikidata.org/wiki/Q15031/",
                                   "https://wikidata.org/entity/q15031"])
def test_an_item_is_kept_as_its_q_number(given):
    assert parse_item(given) == "Q15031"


@pytest.mark.parametrize("given", ["", "15031", "Q", "Q0", "Q015031", "P31", "L1", "Q15031x", "Q15031 Q232",
                                   "Q1234567890123", "https://example.org/wiki/Q15031",
                                   "https://www.wikidata.org/wiki/Property:P31", "Ｑ15031", "Q١٥"])
def test_anything_else_is_refused_with_what_to_give(given):
    with pytest.raises(NotAnItem, match="give its Q number"):
        parse_item(given)


def test_an_item_has_a_concept_uri_for_linked_data_and_a_page_for_readers():
    assert entity_uri("Q232") == "http://www.wikidata.org/entity/Q232"
    assert page_url("Q232") == "https://www.wikidata.org/wiki/Q232"
