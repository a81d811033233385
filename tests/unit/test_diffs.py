"""Word diffs: difflib's opcodes, in bounded time on long texts."""
import random

from speeches.diffs import DIFFLIB_MOST_PRODUCT, opcodes


def applied(before, after, codes):
    """Return ``before`` turned by ``codes`` (checking each says truly what is equal)."""
    turned = []
    for tag, start, end, other_start, other_end in codes:
        if tag == "equal":
            assert before[start:end] == after[other_start:other_end]
        turned += after[other_start:other_end]
    return turned


def test_short_texts_are_compared_by_difflib_as_before():
    before = "the cat sat on the mat and the dog sat on the log".split()
    after = "the cat lay on the mat and the dog sat on a log".split()
    assert opcodes(before, after) == [("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 3), ("equal", 3, 11, 3, 11),
                                      ("replace", 11, 12, 11, 12), ("equal", 12, 13, 12, 13)]


def test_long_texts_of_few_distinct_words_with_a_block_moved_give_a_true_diff():
    rng = random.Random(7)
    words = [f"w{number}" for number in range(23)]  # difflib's worst kind of text: seconds to minutes
    before = [rng.choice(words) for _ in range(40_000)]
    after = before[:10_000] + before[30_000:35_000] + before[10_000:30_000] + before[35_000:]
    after[500] = "changed"
    assert len(before) * len(after) > DIFFLIB_MOST_PRODUCT
    codes = opcodes(before, after)
    assert applied(before, after, codes) == after
    assert any(tag != "equal" and start <= 500 < end for tag, start, end, _, _ in codes)  # the change shown


def test_a_long_speech_corrected_in_one_sentence_shows_that_sentence_only():
    rng = random.Random(3)
    before = [f"word{rng.randrange(5000)}" for _ in range(40_000)]
    after = before[:20_000] + ["a", "corrected", "sentence"] + before[20_010:]
    codes = opcodes(before, after)
    assert [code for code in codes if code[0] != "equal"] == [("replace", 20_000, 20_010, 20_000, 20_003)]


def test_more_distinct_words_than_characters_are_one_replacement(monkeypatch):
    from speeches import diffs

    monkeypatch.setattr(diffs, "MOST_DISTINCT_WORDS", 1_500)
    before, after = [str(number) for number in range(1_001)], [str(number) for number in range(1_001, 2_002)]
    assert opcodes(before, after) == [("replace", 0, 1_001, 0, 1_001)]


def test_a_long_pdf_text_cleaned_lists_every_change_not_one_replacement():
    """An outside test's 55 pages: 800 words broken across lines joined, 110 header lines dropped. Myers
    alone ran out of time and answered with the whole text replaced."""
    rng = random.Random(11)
    before = [f"word{rng.randrange(8000)}" for _ in range(33_000)]
    after, joins = [], 0
    for number, word in enumerate(before):
        if number % 41 == 0 and joins < 800:
            after.append(word + "ed")  # a word joined across a line break: another word
            joins += 1
            continue
        if number % 300 == 0:
            continue  # a running header dropped
        after.append(word)
    codes = opcodes(before, after)
    changes = [code for code in codes if code[0] != "equal"]
    assert applied(before, after, codes) == after
    assert len(changes) > 800 and max(end - start for _, start, end, _, _ in changes) <= 2


def test_many_short_stretches_share_the_time_limit(monkeypatch):
    from speeches import diffs

    monkeypatch.setattr(diffs, "LONG_DIFF_SECONDS", 0)  # run out at once: every stretch is a replacement
    rng = random.Random(5)
    before = [f"w{rng.randrange(23)}" if number % 1000 else f"u{number}" for number in range(20_000)]
    after = list(before)
    after[500] = "changed"
    codes = opcodes(before, after)
    assert applied(before, after, codes) == after
    assert ("equal", 0, 1, 0, 1) in codes and ("replace", 1, 1000, 1, 1000) in codes
