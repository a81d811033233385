"""Which paragraphs a search result quotes, and what it marks in them."""
import random
import re
from pathlib import Path

import pytest

from speeches.search.engines.elasticsearch.analysis import WORD_ANALYSIS as ELASTICSEARCH
from speeches.search.engines.whoosh.analysis import WORD_ANALYSIS as WHOOSH
from speeches.search.highlight.snippets import find_snippets, highlight_spans
from speeches.search.highlight.tokens import ParagraphMatch, best_matches, match_paragraphs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def paragraphs(*texts):
    return [{"anchor": f"p{number}", "text": text} for number, text in enumerate(texts, start=1)]


def marked(snippet):
    return [part.split("</mark>")[0] for part in str(snippet.html).split("<mark>")[1:]]


def test_paragraphs_holding_every_word_come_before_earlier_partial_ones():
    document = paragraphs(
        "Trade grew.", "Energy prices fell.", "The energy corridor opened.", "Trade and energy.",
        "A new energy corridor.", "The corridor of energy trade.",
    )
    snippets = find_snippets(document, [], ["energy", "corridor"], WHOOSH, limit=2)
    assert [snippet.anchor for snippet in snippets] == ["p3", "p5"]


def test_snippets_are_in_document_order_and_limited():
    document = paragraphs("Peace first.", "Peace and security.", "Security and peace.", "Peace, again.")
    snippets = find_snippets(document, [], ["peace", "security"], WHOOSH, limit=2)
    assert [snippet.anchor for snippet in snippets] == ["p2", "p3"]
    assert len(find_snippets(document, [], ["peace"], WHOOSH, limit=None)) == 4


def test_a_phrase_outranks_its_words_apart_and_is_marked_as_one():
    document = paragraphs("Peace is a world away from friendship.", "A world of friendship, they said.")
    [snippet] = find_snippets(document, ["world of friendship"], [], WHOOSH, limit=1)
    assert snippet.anchor == "p2"
    assert marked(snippet) == ["world of friendship"]


def test_a_phrase_matches_across_punctuation_and_line_breaks():
    document = paragraphs("We stand for the U.S.\nand its partners.")
    [snippet] = find_snippets(document, ["US and its"], [], WHOOSH)
    assert marked(snippet) == ["U.S.\nand its"]


def test_words_match_by_stem_and_phrases_do_not():
    document = paragraphs("Talks resumed.", "They talk.", "They talked for rounds.")
    assert len(find_snippets(document, [], ["talking"], WHOOSH, limit=None)) == 3
    assert find_snippets(document, ["talk for round"], [], WHOOSH) == []


def test_case_and_accents_are_folded_unless_asked_to_match_them():
    document = paragraphs("The Café Europa talks.", "the cafe europa talks")
    assert len(find_snippets(document, ["cafe europa"], [], WHOOSH)) == 2
    [exact] = find_snippets(document, ["Café Europa"], [], WHOOSH, case_sensitive=True)
    assert exact.anchor == "p1"


def test_stop_words_alone_mark_nothing():
    document = paragraphs("The and of.")
    assert find_snippets(document, [], ["the"], WHOOSH) == []


def test_a_document_page_marks_every_matching_paragraph():
    document = paragraphs("Peace first.", "Nothing here.", "Peace again, and peace.")
    assert highlight_spans(document, [], ["peace"], WHOOSH) == {"p1": [[0, 5]], "p3": [[0, 5], [17, 22]]}


def test_the_best_paragraphs_are_those_a_full_ranking_would_pick():
    rng = random.Random(7)
    vocabulary = ("peace trade energy corridor energies talks talking the of and Café cafe happy happily "
                  "possibly possible relational relate agreed agreement").split()
    for _ in range(300):
        document = paragraphs(*(" ".join(rng.choices(vocabulary, k=rng.randint(1, 12)))
                                for _ in range(rng.randint(1, 15))))
        words = rng.sample(["peace", "energy", "corridor", "talk", "cafe", "happiness", "possibility",
                            "relations", "agree"], rng.randint(0, 3))
        phrases = rng.sample(["energy corridor", "the peace", "trade talks"], rng.randint(0, 2))
        limit = rng.choice([1, 3, None])
        ranked = sorted(match_paragraphs(document, phrases, words, WHOOSH), key=ParagraphMatch.rank, reverse=True)
        assert best_matches(document, phrases, words, WHOOSH, limit=limit) == ranked[:limit]


@pytest.mark.parametrize("analysis", [WHOOSH, ELASTICSEARCH], ids=["whoosh", "elasticsearch"])
def test_every_word_begins_with_the_opening_of_its_stem(analysis):
    words = {word for fixture in FIXTURES.glob("*.json") for word in re.findall(r"[a-z]+", fixture.read_text().lower())}
    words |= {"happy", "possibly", "relational", "generalization", "hopping", "filing", "agreed", "skies",
              "dying", "lying", "tying", "early", "gently", "news", "innings"}
    assert len(words) > 2000
    stems = {word: analysis.term(word) for word in words}
    assert [word for word, stem in stems.items() if stem and not word.startswith(analysis.opening(stem))] == []


def test_snippets_mark_what_the_engines_match_the_same_on_each():
    """Both engines index Whoosh's Porter terms (a cluster is sent them): the same words are marked."""
    document = paragraphs("General principles.", "We generate growth.", "Treated fairly and fair.")
    for analysis in (WHOOSH, ELASTICSEARCH):
        marks = [marked(snippet) for snippet in find_snippets(document, [], ["general", "fair"], analysis, limit=None)]
        assert marks == [["General"], ["generate"], ["fair"]]


def test_indexing_normalises_as_queries_do():
    from speeches.search.text import normalise, normalise_both

    rng = random.Random(9)
    pieces = ["Café", "CAFÉ", "People’s", "U.S.", "3,300", "94.8", "shoulder-to-shoulder", "中国", "Ångström",
              "l’Europe", "naïve", "e\u0301", "—", "\u00a0", "\n", "ﬁne", "Ⅻ", "x", "qu'il", "N'Djamena", "spl\u00adit",
              "coop\u200beration"]
    for _ in range(300):
        text = " ".join(rng.choices(pieces, k=rng.randint(0, 12)))
        assert normalise_both(text) == (normalise(text), normalise(text, exact_case=True)), text


@pytest.mark.parametrize(("written", "read"), [
    ("3,300", "3300"), ("3.300", "3300"), ("3\u202f300", "3300"), ("3’300", "3300"), ("1,234,567", "1234567"),
    ("1.2", "1.2"), ("1,2", "1.2"), ("94.8", "94.8"), ("0.125", "0.125"), ("1234.567", "1234.567"),
    ("1,234.5", "1234.5"), ("1.234,5", "1234.5"), ("٣٫٥", "3.5"), ("٣٬٣٠٠", "3300"), ("１．５", "1.5"),
    ("2.4.1", "2.4.1"), ("12.05.2024", "12.05.2024"),
])
def test_a_number_keeps_its_decimals_and_loses_its_groups(written, read):
    from speeches.search.text import normalise, normalise_both

    assert normalise(written) == read and normalise_both(f"x {written} é") == (f"x {read} e", f"x {read} é")
    assert normalise(read) == read  # read again, the same number


def test_a_joiner_is_read_as_the_index_reads_it_and_an_apostrophe_between_thai_words_is_no_word():
    from speeches.search.text import normalise, tokenise

    document = paragraphs("An inter\u200dnational order.", "A peace\u200dful world.")
    snippets = find_snippets(document, [], ["international", "peaceful"], WHOOSH, limit=None)
    assert [marked(snippet) for snippet in snippets] == [["inter\u200dnational"], ["peace\u200dful"]]
    for text in ("ไทย′ไทย", "ประเทศไทย´s"):
        assert [token.norm for token in tokenise(text)] == normalise(text).split() and "" not in normalise(text).split(" ")


def test_an_elided_word_and_invisible_characters_are_read_as_words_are():
    from speeches.search.text import normalise

    assert normalise("de l'Allemagne, qu’il dit; dell’Unione; d'Estaing") == "de l allemagne qu il dit dell unione d estaing"
    assert normalise("O'Neill, People's, N'Djamena, don't, c'mon") == "oneill peoples ndjamena dont cmon"
    assert normalise("İstanbul'da NATO’ya Putin'in Sana'a Shi'a Hawai'i Qur'an Xi'an") == (
        "istanbul da nato ya putin in sanaa shia hawaii quran xian")
    assert normalise("spl\u00adit coop\u200beration word\u2060joined \ufeffstart end\u200b") == (
        "split cooperation wordjoined start end")
    assert normalise("O'Con\u00adnell, people\u00ad's") == "oconnell peoples"  # around an inner apostrophe too
    document = paragraphs("La visite de l'Allemagne.", "Une coop\u00adération.", "N'Djamena")
    snippets = find_snippets(document, [], ["allemagne", "cooperation", "djamena"], WHOOSH, limit=None)
    assert [marked(snippet) for snippet in snippets] == [["Allemagne"], ["coop\u00adération"]]


def test_a_run_of_many_tokens_joined_by_inner_punctuation_is_tokenised_once(monkeypatch):
    """A paragraph of one long run ("ab'ab'ab...", 90,000 characters) was tokenised again from every
    place a word could begin: minutes of one worker's time for one request."""
    from speeches.search.highlight import tokens
    from speeches.search.text import tokenise

    calls = []
    monkeypatch.setattr(tokens, "tokenise", lambda text, exact_case=False: calls.append(len(text)) or tokenise(
        text, exact_case))
    for joiner in ("'", ".", "\u00ad"):
        calls.clear()
        text = "ab " + ("ab" + joiner) * 30_000
        found = find_snippets(paragraphs(text), [], ["ab"], WHOOSH, limit=None)
        assert [marked(snippet) for snippet in found] == [["ab"]]
        assert sum(calls) <= 2 * len(text), (joiner, calls[:5])  # its text read once to find, once to mark


def test_a_phrase_is_found_whatever_punctuation_stands_between_its_words():
    document = paragraphs("We have to, be frank.", "Ready to.be", "Into become", "to — be", "To be")
    assert [snippet.anchor for snippet in find_snippets(document, ["to be"], [], WHOOSH, limit=None)] \
        == ["p1", "p2", "p4", "p5"]


def test_ascii_text_is_tokenised_as_each_token_alone_would_be():
    """``tokenise`` folds ASCII text once; its tokens must be what ``normalise_token`` makes of each."""
    from speeches.search.text import TOKEN, Token, normalise_token, tokenise, without_footnote_calls

    rng = random.Random(17)
    pieces = list("aB.,'’ 3U.S.X_-—\n") + ["Xi’s", "don't", "3,300", "94.8", "L.N.", "É", "ﬁ", "Ünited", "l'", "Qu’",
                                           "D'", "il", "Estaing", "hôtel", "\u00ad", "\u200b", "NATO", "Putin", "ya",
                                           "in", "e", "Sana", "a", "[3]", "["]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        for exact_case in (False, True):
            one_by_one = [Token(normalise_token(match.group(), exact_case), match.start(), match.end())
                          for match in TOKEN.finditer(without_footnote_calls(text))]
            assert tokenise(text, exact_case) == one_by_one, text



def test_tokens_as_written_are_the_spans_tokenise_gives():
    """``written_tokens`` finds ASCII text's tokens with a simpler pattern; they must be the same."""
    from speeches.search.text import tokenise, written_tokens

    rng = random.Random(23)
    ascii_pieces = list("aZ09_.,' -\n\t\"()") + ["U.S.", "L.N.", "3,300", "94.8", "1.", ".5", "a.b.", "don't", "'s",
                                                  "l'", "qu'", "D'", "N'", "il", "Allemagne", "h", "NATO", "Putin",
                                                  "'ya", "'e", "'in", "Sana", "'a", "[3]", "[12]", "["]
    pieces = [*ascii_pieces, "Xi’s", "É", "İstanbul", "’da", "Ankara’", "nın", "السَّلَامُ", "ســلام", "親誠", "x̀", "d’", "é", "\u00ad", "\u200b", "\ufeff",
              "สันติ", "ความร่วมมือ", "ສະໜັບ", "កម្ពុជា"]
    for number in range(6000):
        text = "".join(rng.choice(ascii_pieces if number % 2 else pieces) for _ in range(rng.randint(0, 40)))
        assert written_tokens(text) == [text[token.start:token.end] for token in tokenise(text, exact_case=True)], text

@pytest.mark.parametrize("analysis", [WHOOSH, ELASTICSEARCH], ids=["whoosh", "elasticsearch"])
def test_no_paragraph_holding_a_word_is_passed_over_unread(analysis):
    """``best_possible_rank`` reads only tokens beginning as a word's forms do; whatever the
    punctuation, digits and quotes around them, it never says a paragraph lacks a word it holds."""
    from speeches.search.highlight.tokens import QueryTokens

    rng = random.Random(5)
    words = ["port", "support", "ports", "us", "U.S.", "2nd", "nd", "end", "Start", "people’s", "peoples", "3,300",
             "3300", "ananle", "ananor", "happy", "happiness", "Dar", "dar", "co-operation", "cooperation", "it's",
             "l", "Allemagne", "qu", "il", "N", "Djamena", "ndjamena", "spl\u00adit", "split", "people\u00ad's",
             "O'Con\u00adnell", "oconnell", "Djamena\u0301", "cafe\u0301", "cafe", "1.2", "12", "1,2", "NATO'ya",
             "NATO", "Putin’e", "putin"]
    glue = [" ", ", ", ".", " “", "” ", " — ", "-", "'", "’", "(", ") ", "", "2", "\u00ad", "\u200b", "[3] "]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 12)))
        asked = rng.sample(words, 2)
        for case_sensitive in (False, True):
            query = QueryTokens.of([], asked, case_sensitive, analysis)
            found = query.match(0, {"anchor": "p-1", "text": text})
            bound = query.best_possible_rank(0, text)
            if found:
                assert bound is not None and bound[1] >= found.words_found, (text, asked, case_sensitive)


@pytest.mark.parametrize("analysis", [WHOOSH, ELASTICSEARCH], ids=["whoosh", "elasticsearch"])
def test_words_found_in_runs_are_those_found_by_tokenising_everything(analysis):
    """A query of words alone tokenises only the runs of text where a word's opening occurs; it must
    find exactly what tokenising the whole paragraph finds."""
    from speeches.search.highlight.tokens import QueryTokens, word_matches
    from speeches.search.text import tokenise

    rng = random.Random(11)
    words = ["port", "support", "ports", "us", "U.S.", "2nd", "end", "Start", "people’s", "3,300", "300", "ananle",
             "ananor", "happy", "happiness", "Dar", "co_op", "it's", "s", "a1b", "É", "l", "Allemagne", "qu", "il",
             "spl\u00adit", "split", "Djamena", "1.2", "12", "NATO'ya", "NATO", "Putin’e", "putin"]
    glue = [" ", ", ", ".", " “", "” ", " — ", "-", "'", "’", "(", ") ", "", "2", "\u00a0", "\n", "\u00ad", "\u200b",
            "[3] ", "[4]"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 12)))
        for case_sensitive in (False, True):
            query = QueryTokens.of([], rng.sample(words, 2), case_sensitive, analysis)
            everything = word_matches(tokenise(text, case_sensitive), query.opening_by_stem, query.term)
            found = query.match(0, {"anchor": "p-1", "text": text})
            assert (sorted(found.word_spans) if found else []) == sorted(everything[0]), (text, case_sensitive)
