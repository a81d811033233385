"""The words a speaker uses more than the rest of the archive: log-likelihood (G²), log ratio, and how
words are counted (Chinese segmented, typography and case ignored)."""
import pytest

from speeches.models import KeywordProfile
from speeches.research.keywords import CRITICAL_VALUE, Counts, keywords_of, log_likelihood, log_ratio
from speeches.search import counted_words


def counts_of(*documents, language="en"):
    counts = Counts()
    for text in documents:
        counts.add_text([{"anchor": "p-1", "text": text}], language)
    return counts


# The speaker: two documents of 10 words, "harmony" 2 times in each.
SPEAKER = ["Harmony brings peace, and harmony brings trade to all nations.",
           "Harmony is our way and harmony is our shared road."]
# The rest of the archive: one document of 20 words, "harmony" once.
OTHERS = ["The summit discussed trade and investment while harmony was mentioned once by the host in a short "
          "closing remark today."]


def test_g2_of_one_word_is_the_one_computed_by_hand():
    speaker, others = counts_of(*SPEAKER), counts_of(*OTHERS)
    assert (speaker.words, others.words) == (20, 20)
    assert (speaker.uses["harmony"], others.uses["harmony"]) == (4, 1)
    # By hand: 5 uses in 40 words, so each corpus of 20 words would use it 2.5 times if both used it alike.
    # G² = 2 × (4 × ln(4 / 2.5) + 1 × ln(1 / 2.5)) = 2 × (1.880015 − 0.916291) = 1.927448
    assert log_likelihood(4, 1, 20, 20) == pytest.approx(1.927448, abs=1e-6)
    # Four times as often: (4 / 20) / (1 / 20) = 4 = 2².
    assert log_ratio(4, 1, 20, 20) == 2.0


def test_g2_is_zero_when_both_use_a_word_alike_and_grows_with_the_difference():
    assert log_likelihood(3, 30, 100, 1000) == pytest.approx(0)
    # 30 uses in 1,000 words elsewhere: 3 in 100 is alike; 14 in 100 is significant at p < 0.0001, 12 is not.
    assert log_likelihood(14, 30, 100, 1000) > CRITICAL_VALUE > log_likelihood(12, 30, 100, 1000) > \
        log_likelihood(6, 30, 100, 1000) > log_likelihood(4, 30, 100, 1000) > 0


def test_a_word_the_others_never_use_counts_half_a_use_there():
    assert log_ratio(5, 0, 1000, 1000) == pytest.approx(3.321928)  # log2(5 / 0.5)


def test_keywords_are_words_and_phrases_used_enough_in_enough_documents_and_more_than_elsewhere():
    formula = "We build a community with a shared future and we walk a shared road together."
    lanterns = "A harbour of lanterns, lanterns everywhere: lanterns, lanterns, lanterns."
    elsewhere = "The road to the harbour is long and the future is open to everyone."
    speaker, others = counts_of(*[formula] * 5, lanterns), counts_of(*[elsewhere] * 40)
    archive = counts_of(*[formula] * 5, lanterns, *[elsewhere] * 40)
    speaker.keep_candidates()
    profile = KeywordProfile(language="en", words=speaker.words, other_words=others.words, documents=6)
    found = {(keyword.text, keyword.is_phrase): keyword for keyword in keywords_of(profile, speaker, archive)}
    assert ("shared", False) in found and ("shared future", True) in found
    # Used 5 times, but in one document: a subject, not a habit.
    assert ("lanterns", False) not in found
    # Used less often than the others use it ("the" is not in the formula, "road" is rarer there).
    assert ("road", False) not in found and ("the", False) not in found
    shared = found["shared", False]
    assert (shared.uses, shared.documents, shared.other_uses) == (10, 5, 0)
    assert shared.log_likelihood == pytest.approx(log_likelihood(10, 0, speaker.words, others.words))
    assert [keyword.rank for keyword in keywords_of(profile, speaker, archive) if not keyword.is_phrase] == \
        list(range(1, 1 + sum(not phrase for _, phrase in found)))


def test_words_are_counted_as_search_reads_them_and_phrases_stop_at_punctuation():
    assert counted_words("The U.S. and “China’s” 3,300 people—together.", "en") == [
        (["the", "us"], ["The", "U.S."]), (["and"], ["and"]), (["chinas"], ["China’s"]),
        (["3300", "people"], ["3,300", "people"]), (["together"], ["together"])]


def test_chinese_is_counted_in_words_whatever_its_script():
    simplified = counted_words("我们要构建人类命运共同体，推动和平。", "zh-Hans")
    traditional = counted_words("我們要構建人類命運共同體，推動和平。", "zh-Hant")
    assert [words for words, _ in simplified] == [words for words, _ in traditional] == [
        ["我们", "要", "构建", "人类", "命运", "共同体"], ["推动", "和平"]]
    assert traditional[0][1] == ["我們", "要", "構建", "人類", "命運", "共同體"]  # shown as written
    counts = counts_of("命运共同体。命运共同体。", language="zh")
    assert counts.uses["命运 共同体"] == 2 and counts.words == 4
