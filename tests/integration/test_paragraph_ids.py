"""Paragraph anchors survive every kind of edit, so a link to #p-n keeps its paragraph."""
import difflib
import random
import time

import pytest

from speeches import paragraph_ids
from speeches.models import Document
from speeches.paragraph_ids import (WORD, assign_anchors, begins_with_a_share, matched_length, spaced,
                                    split_in_two)

from tests.factories import make_document

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "Dear colleagues, friends,",
    "The six pomegranate trees that we planted together are already blooming profusely.",
    "Trade turnover has increased by 35 per cent over the past two years.",
    "Container trains are connecting more and more Chinese cities with Central Asia.",
    "Thank you for your attention.",
]


def anchors_by_text(document):
    return {paragraph["text"]: paragraph["anchor"] for paragraph in document.paragraphs}


def edit(document, paragraphs):
    document.body = "\n\n".join(paragraphs)
    document.save()
    document.refresh_from_db()
    return anchors_by_text(document)


@pytest.fixture
def document():
    return make_document(body="\n\n".join(PARAGRAPHS))


def test_first_save_numbers_paragraphs_in_order(document):
    assert [p["anchor"] for p in document.paragraphs] == ["p-1", "p-2", "p-3", "p-4", "p-5"]


def test_inserting_a_paragraph_keeps_the_others_and_gives_it_a_new_number(document):
    anchors = edit(document, PARAGRAPHS[:2] + ["A paragraph the editor forgot to paste."] + PARAGRAPHS[2:])
    assert [anchors[text] for text in PARAGRAPHS] == ["p-1", "p-2", "p-3", "p-4", "p-5"]
    assert anchors["A paragraph the editor forgot to paste."] == "p-6"
    assert '<p id="p-6">A paragraph the editor forgot to paste.</p>\n<p id="p-3">' in document.body_html


def test_deleting_a_paragraph_keeps_the_others_and_never_reuses_its_number(document):
    anchors = edit(document, PARAGRAPHS[:4])
    assert [anchors[text] for text in PARAGRAPHS[:4]] == ["p-1", "p-2", "p-3", "p-4"]
    anchors = edit(document, PARAGRAPHS[:4] + ["A new closing line."])
    assert anchors["A new closing line."] == "p-6"


def test_reordering_paragraphs_moves_their_anchors_with_them(document):
    anchors = edit(document, [PARAGRAPHS[0], PARAGRAPHS[3], PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[4]])
    assert [anchors[text] for text in PARAGRAPHS] == ["p-1", "p-2", "p-3", "p-4", "p-5"]


def test_correcting_other_paragraphs_changes_no_anchor(document):
    corrected = list(PARAGRAPHS)
    corrected[1] = "The six pomegranate trees that we planted together are already blooming."
    anchors = edit(document, corrected)
    assert [anchors[text] for text in corrected] == ["p-1", "p-2", "p-3", "p-4", "p-5"]


def test_fixing_a_typo_keeps_the_paragraphs_own_anchor(document):
    document.body = "\n\n".join(PARAGRAPHS).replace("pomegranate", "pomegrenate")
    document.save()
    fixed = edit(document, PARAGRAPHS)
    assert fixed[PARAGRAPHS[1]] == "p-2"


def test_rewriting_a_paragraph_entirely_gives_it_a_new_anchor(document):
    rewritten = list(PARAGRAPHS)
    rewritten[2] = "Something altogether different was said here instead."
    anchors = edit(document, rewritten)
    assert anchors[rewritten[2]] == "p-6"
    assert "p-3" not in anchors.values()


def test_paragraphs_merged_into_one_give_it_the_first_one_s_anchor(document):
    merged = PARAGRAPHS[1] + " " + PARAGRAPHS[2]
    anchors = edit(document, [PARAGRAPHS[0], merged, *PARAGRAPHS[3:]])
    assert [anchors[text] for text in (PARAGRAPHS[0], merged, *PARAGRAPHS[3:])] == ["p-1", "p-2", "p-4", "p-5"]


def test_a_paragraph_split_in_two_gives_its_anchor_to_the_piece_it_began_with(document):
    first, second = "Container trains are connecting", "more and more Chinese cities with Central Asia."
    anchors = edit(document, [*PARAGRAPHS[:3], first, second, PARAGRAPHS[4]])
    assert (anchors[first], anchors[second], anchors[PARAGRAPHS[4]]) == ("p-4", "p-6", "p-5")


def test_a_link_to_a_paragraph_merged_into_another_leads_to_it(document, client):
    merged = PARAGRAPHS[1] + " " + PARAGRAPHS[2]
    edit(document, [PARAGRAPHS[0], merged, *PARAGRAPHS[3:]])
    assert document.retired_paragraphs == [{"anchor": "p-3", "text": PARAGRAPHS[2], "into": "p-2"}]
    assert (document.current_anchor("p-3"), document.current_anchor("p-2"), document.current_anchor("p-9")) == (
        "p-2", "p-2", None)
    page = client.get(document.get_absolute_url()).text  # its script takes #p-3 to #p-2
    assert '<script id="merged-anchors" type="application/json">{"p-3": "p-2"}</script>' in page
    cited = client.get(f"/d/{document.public_id}/cite/ris/", {"p": "p-3"})
    assert cited.status_code == 302 and cited["Location"] == f"/d/{document.public_id}/cite/ris/?p=p-2"
    assert "Cite paragraph 2" in client.get(document.get_absolute_url(), {"cite": "p-3"}).text
    assert client.get(f"/d/{document.public_id}/cite/ris/", {"p": "p-9"}).status_code == 404


def test_paragraphs_back_as_they_were_take_their_anchors_again(document):
    edit(document, [PARAGRAPHS[0], PARAGRAPHS[1] + " " + PARAGRAPHS[2], *PARAGRAPHS[3:]])  # merged
    edit(document, [PARAGRAPHS[0], PARAGRAPHS[1] + " " + PARAGRAPHS[2]])  # the last two deleted
    anchors = edit(document, PARAGRAPHS)  # a revision restored
    assert [anchors[text] for text in PARAGRAPHS] == ["p-1", "p-2", "p-3", "p-4", "p-5"]
    assert document.retired_paragraphs == []
    assert edit(document, [*PARAGRAPHS, "A new closing line."])["A new closing line."] == "p-6"


def test_a_corrected_paragraph_keeps_its_anchor_though_a_retired_one_had_its_new_text(db):
    document = make_document(body="Opening.\n\n(Applause)\n\nClosing.")
    anchors = edit(document, ["Opening.", "Closing."])  # p-2 "(Applause)" retired
    anchors = edit(document, ["Opening.", "(applause)", "Closing."])  # a new one, p-4
    assert anchors["(applause)"] == "p-4"
    anchors = edit(document, ["Opening.", "(Applause)", "Closing."])  # corrected: it stays p-4
    assert anchors["(Applause)"] == "p-4"


def test_a_new_paragraph_like_one_merged_away_takes_a_new_anchor_while_the_merge_holds(db):
    document = make_document(body="Opening.\n\nThe body of the speech.\n\nThank you.\n\nClosing.")
    edit(document, ["Opening.", "The body of the speech. Thank you.", "Closing."])  # p-3 merged into p-2
    anchors = edit(document, ["Opening.", "The body of the speech. Thank you.", "Closing.", "Thank you."])
    assert anchors["Thank you."] == "p-5" and document.current_anchor("p-3") == "p-2"
    undone = make_document(body="Opening.\n\nThe body of the speech.\n\nThank you.\n\nClosing.")
    edit(undone, ["Opening.", "The body of the speech. Thank you.", "Closing."])
    anchors = edit(undone, ["Opening.", "The body of the speech.", "Thank you.", "Closing."])  # the merge undone
    assert [anchors[text] for text in ("The body of the speech.", "Thank you.", "Closing.")] == ["p-2", "p-3", "p-4"]


def test_a_deleted_paragraph_leads_nowhere_even_when_another_holds_its_words(db):
    document = make_document(body="Body of the speech. Thank you.\n\nThank you.\n\n(Applause)\n\n(Applause)")
    edit(document, ["Body of the speech. Thank you.", "(Applause)"])
    assert [(entry["anchor"], entry["into"]) for entry in document.retired_paragraphs] == [("p-2", ""), ("p-4", "")]
    edit(document, ["Body of the speech. Thank you.", "(Applause)", "Thank you. Thank you again."])
    assert all(not entry["into"] for entry in document.retired_paragraphs)  # never guessed later


def test_a_new_paragraph_takes_no_anchor_of_a_deleted_one_it_only_begins_with(db):
    document = make_document(body="Mr. President,\n\nThe body.\n\n(Applause)")
    anchors = edit(document, ["The body.", "Mr. President, one more thing on the ocean treaty before I close.",
                              "(Applause) We thank every delegation for its patience during this long session."])
    assert anchors["The body."] == "p-2"
    assert {anchors[text] for text in anchors if text != "The body."} == {"p-4", "p-5"}


def test_a_short_new_paragraph_takes_no_anchor_of_a_deleted_one_it_only_ends_like(document):
    anchors = edit(document, [*PARAGRAPHS[:3], "Thank you."])  # the fourth and fifth deleted
    assert anchors["Thank you."] == "p-6"
    anchors = edit(document, [*PARAGRAPHS[:2], "Trade turnover"])  # what a deleted paragraph only began with
    assert anchors["Trade turnover"] == "p-7"
    anchors = edit(document, [*PARAGRAPHS[:2], "We report that trade turnover has increased by 35 per cent over "
                              "the past two years."])  # it ends with a deleted paragraph, and is new
    assert set(anchors.values()) == {"p-1", "p-2", "p-8"}


def test_duplicate_paragraphs_keep_distinct_anchors(db):
    document = make_document(body="Friends,\n\nFirst point.\n\nFriends,\n\nSecond point.")
    anchors = [p["anchor"] for p in document.paragraphs]
    assert anchors == ["p-1", "p-2", "p-3", "p-4"]
    document.body = "Intro.\n\n" + document.body
    document.save()
    assert [p["anchor"] for p in document.paragraphs] == ["p-5", "p-1", "p-2", "p-3", "p-4"]


def test_a_repeated_paragraph_inserted_before_its_twins_leaves_them_their_anchors(db):
    document = make_document(body="Friends,\n\n(Applause)\n\nFirst point.\n\n(Applause)\n\nSecond point.")
    document.body = "(Applause)\n\n" + document.body
    document.save()
    # each (Applause) is still the one after the words it followed; the new one is new
    assert [p["anchor"] for p in document.paragraphs] == ["p-6", "p-1", "p-2", "p-3", "p-4", "p-5"]
    document.body = "Second point.\n\n(Applause)\n\nFriends,"  # moved paragraphs keep their anchors too
    document.save()
    second, applause, friends = [p["anchor"] for p in document.paragraphs]
    assert (second, friends) == ("p-5", "p-1") and applause in {"p-6", "p-2", "p-4"}


FUNCTION_WORDS = "the of and to in a that is for our we with on as by this are it".split()
_letters = random.Random(0)
MADE_UP_WORDS = ["".join(_letters.choice("aeioubcdfgklmnprstvz") for _ in range(_letters.randint(3, 10)))
                 for _ in range(5_000)]


def long_text(words, seed):
    """Return ``words`` words of text, the same for the same seed: function words, and made-up words
    from a vocabulary as large as a speech's."""
    chooser = random.Random(seed)
    return " ".join(chooser.choice(FUNCTION_WORDS if chooser.random() < 0.4 else MADE_UP_WORDS)
                    for _ in range(words))


def with_one_letter_corrected(text):
    middle = len(text) // 2
    return text[:middle] + ("x" if text[middle] != "x" else "y") + text[middle + 1:]


def test_correcting_a_letter_of_a_very_long_paragraph_keeps_its_anchor_at_once(db):
    """An 80 KB document stored as one paragraph: difflib took minutes to compare its two versions."""
    text = long_text(14_000, seed=1)
    assert len(text) > 80_000
    document = make_document(body=text, status=Document.Status.DRAFT)
    started = time.monotonic()
    corrected = with_one_letter_corrected(text)
    assert edit(document, [corrected]) == {corrected: "p-1"}
    assert time.monotonic() - started < 5  # minutes before


def test_correcting_every_paragraph_of_a_long_document_keeps_their_anchors_at_once():
    texts = [long_text(40, seed=number) for number in range(2_000)]
    previous = [{"anchor": f"p-{number + 1}", "text": text} for number, text in enumerate(texts)]
    started = time.monotonic()
    anchors, last_number, _ = assign_anchors([with_one_letter_corrected(text) for text in texts], previous, 2_000)
    assert time.monotonic() - started < 10  # minutes before (difflib on every pair)
    assert anchors == [entry["anchor"] for entry in previous] and last_number == 2_000


def test_replacing_every_paragraph_of_a_long_document_gives_them_new_anchors_at_once():
    previous = [{"anchor": f"p-{number + 1}", "text": long_text(40, seed=number)} for number in range(2_000)]
    started = time.monotonic()
    anchors, last_number, _ = assign_anchors([long_text(40, seed=10_000 + number) for number in range(2_000)], previous,
                                             2_000)
    assert time.monotonic() - started < 10  # minutes before (difflib on every pair)
    assert anchors == [f"p-{number}" for number in range(2_001, 4_001)] and last_number == 4_000


def test_a_paragraph_split_with_its_punctuation_mended_still_gives_its_anchor_to_the_first_piece():
    said = "We welcomed the adoption of the Charter, and she then announced a new fund for the whole region."
    first, second = "We welcomed the adoption of the Charter.", "She then announced a new fund for the whole region."
    previous = [{"anchor": "p-1", "text": "Opening."}, {"anchor": "p-2", "text": said}, {"anchor": "p-3", "text": "Closing."}]
    anchors, last_number, retired = assign_anchors(["Opening.", first, second, "Closing."], previous, 3)
    assert anchors == ["p-1", "p-2", "p-4", "p-3"] and last_number == 4 and retired == []


def merged_and_split_each_with_each(texts, anchors, unused, previous_positions):
    """``merged_and_split`` as it was: each previous paragraph compared with every unanchored text (a
    rewritten document of 10,000 paragraphs took a minute), kept to show the index finds the same."""
    unanchored = [position for position, anchor in enumerate(anchors) if anchor is None]
    new = {position: spaced(texts[position]) for position in unanchored}
    new_words = {position: WORD.findall(text.casefold()) for position, text in new.items()}
    for anchor in sorted(unused, key=previous_positions.get):
        old = spaced(unused[anchor])
        old_words = WORD.findall(old.casefold())
        position = next((position for position in unanchored if old and new[position] and (
            begins_with_a_share(new[position], old) or begins_with_a_share(old, new[position])
            or split_in_two(old_words, new_words[position], new_words.get(position + 1)))), None)
        if position is None:
            continue
        unanchored.remove(position)
        del unused[anchor]
        yield position, anchor


def edited(paragraphs, chooser, new_text):
    """Return ``paragraphs`` as an editor leaves them: most kept, some corrected, merged with the next,
    split in two (the punctuation mended, a word dropped), cut short, run on, deleted, replaced or
    repeated, and a few moved."""
    texts, position = [], 0
    while position < len(paragraphs):
        text, choice = paragraphs[position], chooser.random()
        words = text.split()
        if choice < 0.6:
            texts.append(text)
        elif choice < 0.65:
            texts.append(with_one_letter_corrected(text))
        elif choice < 0.72 and position + 1 < len(paragraphs):
            texts.append(text + chooser.choice([" ", "\n"]) + paragraphs[position + 1])
            position += 1
        elif choice < 0.8 and len(words) > 3:
            cut, dropped = chooser.randint(1, len(words) - 2), chooser.choice([0, 0, 1, 2, 3])
            texts.extend([" ".join(words[:cut]) + chooser.choice(["", ".", ","]),
                          " ".join(words[cut + dropped:]).capitalize()])
        elif choice < 0.84:
            texts.append(text[:chooser.randint(0, len(text))])
        elif choice < 0.88:
            texts.append(text + " " + new_text())
        elif choice < 0.92:
            texts.append(new_text())
        elif choice < 0.95:
            texts.append(chooser.choice(paragraphs))
        position += 1
    for _ in range(len(texts) // 100):
        texts.insert(chooser.randrange(len(texts)), texts.pop(chooser.randrange(len(texts))))
    return texts


@pytest.mark.parametrize("seed", range(4))
def test_paragraphs_merged_and_split_in_a_long_edit_keep_the_anchors_compared_each_with_each_gave(seed, monkeypatch):
    chooser = random.Random(seed)
    openings = ["Mr. President,", "Thank you.", "(Applause)", "We", "The Charter"]  # beginnings many paragraphs share

    def new_text():
        return f"{chooser.choice(openings)} {long_text(chooser.choice([1, 2, 5, 12, 30]), chooser.random())}"

    paragraphs = [new_text() for _ in range(2_000)]
    previous = [{"anchor": f"p-{number + 1}", "text": text} for number, text in enumerate(paragraphs)]
    retired = [{"anchor": f"p-{2_001 + number}", "text": new_text(), "into": ""} for number in range(20)]
    texts = edited(paragraphs, chooser, new_text)
    indexed = assign_anchors(texts, previous, 2_020, retired)
    paired = []

    def each_with_each(*arguments):
        for pair in merged_and_split_each_with_each(*arguments):
            paired.append(pair)
            yield pair

    monkeypatch.setattr(paragraph_ids, "merged_and_split", each_with_each)
    assert indexed == assign_anchors(texts, previous, 2_020, retired)
    assert len(paired) > 100  # many paragraphs were merged or split, not only kept


def test_short_paragraphs_that_begin_one_another_keep_the_anchors_compared_each_with_each_gave(monkeypatch):
    chooser = random.Random(0)
    cases = []
    for _ in range(500):
        def text():
            return "".join(chooser.choice("ab. ") for _ in range(chooser.randint(0, 12)))
        previous = [{"anchor": f"p-{number + 1}", "text": text()} for number in range(chooser.randint(1, 20))]
        cases.append(([text() for _ in range(chooser.randint(1, 20))], previous, len(previous)))
    indexed = [assign_anchors(*case) for case in cases]
    monkeypatch.setattr(paragraph_ids, "merged_and_split", merged_and_split_each_with_each)
    assert indexed == [assign_anchors(*case) for case in cases]


@pytest.mark.parametrize("previous_text", [
    lambda number: f"Mr. President, {long_text(12, seed=number)}",  # none like another, though all open alike
    lambda number: "Mr. President, thank you.",  # as a forged import's anchors may give it, every text opening so
])
def test_rewriting_every_paragraph_of_a_long_document_compares_each_with_a_few_others(previous_text, monkeypatch):
    """3,000 previous paragraphs, 3,000 new: compared each with each, 27 million comparisons."""
    counted = {"compared": 0}

    def counting(compare):
        def counted_compare(*arguments):
            counted["compared"] += 1
            return compare(*arguments)
        return counted_compare

    for name in ("begins_with_a_share", "split_in_two", "common_prefix_length"):
        monkeypatch.setattr(paragraph_ids, name, counting(getattr(paragraph_ids, name)))
    previous = [{"anchor": f"p-{number + 1}", "text": previous_text(number)} for number in range(3_000)]
    texts = [f"Mr. President, {long_text(12, seed=10_000 + number)}" for number in range(3_000)]
    anchors, last_number, _ = assign_anchors(texts, previous, 3_000)
    assert anchors == [f"p-{number}" for number in range(3_001, 6_001)] and last_number == 6_000
    # the similar pairs' budget makes 36,000 of these (two each), finding the merged and split ones a few each
    assert counted["compared"] < 30 * 3_000  # each with each: 9,000,000 at the least


def test_telling_unlike_paragraphs_apart_stops_early_and_alike_ones_match_as_difflib_finds():
    chooser = random.Random(0)
    for _ in range(2_000):
        first = "".join(chooser.choice("abc ") for _ in range(chooser.randint(0, 60)))
        second = list(first)
        for _ in range(chooser.randint(0, 20)):
            second.insert(chooser.randint(0, len(second)), chooser.choice("abc "))
            del second[chooser.randrange(len(second))]
        matcher = difflib.SequenceMatcher(a=first, b="".join(second), autojunk=False)
        blocks = sum(block.size for block in matcher.get_matching_blocks())
        least = chooser.randint(0, 60)
        found = matched_length(matcher, lambda most, least=least: most < least)
        assert found == blocks if blocks >= least else found < least
