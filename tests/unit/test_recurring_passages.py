"""Passages said again: the sentences and fingerprints a comparison reads, and how close two wordings may be."""
from speeches.research.passages import Words, compared_passage, sentences

FORMULA = ("No matter how the international landscape may evolve, China will always remain a good neighbor "
           "and a good partner of Central Asia.")
# The same sentence with one word changed and typography of another source.
REWORDED = ("No matter how the international landscape may change, China will always remain a good neighbour "
            "and a good partner of Central Asia.")


def test_sentences_split_after_full_stops_and_their_cjk_forms():
    assert [len(sentence) for sentence in sentences("One two three. Four five! Six; seven。八 nine")] == [3, 2, 1, 1, 2]
    assert len(sentences("The U.S. and China agreed on 3.5 percent.")) == 1


def test_fingerprints_ignore_typography_case_and_accents():
    plain = Words('The people\'s friendship - said "twice" - lasts for ever and ever, it is said.').print_starts
    typeset = Words("The People’s friendship — said “twice” — lasts for ever and ever, it is said.").print_starts
    assert plain and set(plain) == set(typeset)
    assert not Words("Too short to count, seven words.").print_starts


def test_a_shared_passage_allows_small_changes_in_wording():
    shared = compared_passage(Words(f"Opening words of our own. {FORMULA}"),
                              Words(f"{REWORDED} And then something else entirely."))
    assert shared is not None and 0.8 <= shared.similarity < 1
    ours = f"Opening words of our own. {FORMULA}"
    assert ours[shared.start:shared.end] == FORMULA.rstrip(".")
    different = "A completely different sentence about rivers, mountains and trade routes."
    assert compared_passage(Words(FORMULA), Words(different)) is None


def test_a_sentence_said_word_for_word_is_kept_when_similar_sentences_around_it_stretch_the_passage():
    # The first sentences match word for word but for names and numbers, a word or two apart: one run
    # of matching blocks across both sentences holds 23 words of 29, under the threshold.
    formula = "We remain committed to a common maritime destiny for all coastal peoples."
    ours = ("In 1984 the weary delegation of Tangier signed 41 agreements on salvage and cartography with "
            f"3 partners. {formula}")
    theirs = f"In 2011 the weary delegation of Gdansk signed 55 agreements on fisheries and tourism with 15 partners. {formula}"
    shared = compared_passage(Words(ours), Words(theirs))
    assert shared is not None and shared.similarity >= 0.8
    assert ours[shared.start:shared.end].endswith(formula.rstrip("."))
    assert theirs[shared.other_start:shared.other_end].endswith(formula.rstrip("."))
