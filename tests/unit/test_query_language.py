"""The query language, table-driven: what a researcher types -> the tree, filters and notices. No database."""
import pytest

from speeches.search.query.parsing import FUZZY_OR_BOOST_NOTICE, MAX_NESTING, And, Not, Or, Phrase, Word, parse_query

W, P = Word, Phrase

CASES = [
    # (typed, tree, filters, case-sensitive, notices)
    ("treaty", W("treaty"), {}, False, []),
    ("peace treaty", And((W("peace"), W("treaty"))), {}, False, []),
    ("peace AND treaty", And((W("peace"), W("treaty"))), {}, False, []),
    ("peace OR treaty", Or((W("peace"), W("treaty"))), {}, False, []),
    ("peace OR treaty war", Or((W("peace"), And((W("treaty"), W("war"))))), {}, False, []),
    ("(peace OR treaty) war", And((Or((W("peace"), W("treaty"))), W("war"))), {}, False, []),
    ('"a world of peace"', P("a world of peace"), {}, False, []),
    ("“a world of peace”", P("a world of peace"), {}, False, []),
    ("«shoulder to shoulder»", P("shoulder to shoulder"), {}, False, []),
    ("shoulder-to-shoulder", P("shoulder-to-shoulder"), {}, False, []),
    ("peace -war", And((W("peace"), Not(W("war")))), {}, False, []),
    ('peace -"cold war"', And((W("peace"), Not(P("cold war")))), {}, False, []),
    ("peace NOT war", And((W("peace"), Not(W("war")))), {}, False, []),
    ("NOT NOT war", W("war"), {}, False, []),
    ("speaker:xi-jinping amity", W("amity"), {"speaker": "xi-jinping"}, False, []),
    ('region:"central-asia" year:2022 amity', W("amity"), {"region": "central-asia", "year": "2022"}, False, []),
    ("case:on Amity", W("Amity"), {}, True, []),
    ("case:maybe Amity", W("Amity"), {}, False, ["case:maybe was read as case:off: case: is on or off."]),
    ("event:g20-summit amity", W("amity"), {"event": "g20-summit"}, False, []),
    ('event:"G20 Summit" speaker:"Xi Jinping"', None, {"event": "G20 Summit", "speaker": "Xi Jinping"}, False, []),
    ("author:someone", P("author:someone"), {}, False, [  # not a filter: its words, in order, and a notice
        "author: is not a filter, so author:someone was searched as the phrase “author someone”: to filter, type "
        "speaker:. The filters a query can "
        "hold: case:, event:, kind:, lang:, mentions:, region:, role:, speaker:, venue:, year:."]),
    ("Subject:peace", P("Subject:peace"), {}, False, [
        "Subject: is not a filter, so Subject:peace was searched as the phrase “Subject peace”. The filters a query "
        "can hold: case:, event:, kind:, "
        "lang:, mentions:, region:, role:, speaker:, venue:, year:."]),
    ('title:"shared future"', P('title:"shared future"'), {}, False, [  # quoted, it says so too
        'title: is not a filter, so title:"shared future" was searched as the phrase “title shared future”. The '
        "filters a query can hold: case:, event:, kind:, "
        "lang:, mentions:, region:, role:, speaker:, venue:, year:."]),
    ("coop* peace*", And((W("coop*"), W("peace*"))), {}, False, [  # once, however many
        "* is no wildcard here, and was left out: a word outside quotes finds its other forms (cooperate finds "
        "cooperation and cooperating), so type the whole word."]),
    ("wom?n co*op peace?", And((P("wom?n"), P("co*op"), W("peace?"))), {}, False, [  # inside a word: split
        "? is no wildcard here: wom?n was searched as the phrase “wom n”. Type the whole word: a word outside "
        "quotes finds its other forms (cooperate finds cooperation).",
        "* is no wildcard here: co*op was searched as the phrase “co op”. Type the whole word: a word outside "
        "quotes finds its other forms (cooperate finds cooperation)."]),  # and a question's ? is the question's
    ('"coop* partners"', P("coop* partners"), {}, False, [
        "* is no wildcard inside quotes, and was left out: a phrase finds its words as typed; to find a word's "
        "other forms, type it outside quotes."]),
    ('"why not?"', P("why not?"), {}, False, []),  # a question mark in a quote is the speaker's
    ('"U.S. policy" U.K.', And((P("U.S. policy"), W("U.K."))), {}, False, [  # only where the letters are a word
        "U.S. is searched without its full stops, in any case, so it finds the word “us” too: add case:on to find "
        "it only in capitals."]),
    ("case:on U.S.", W("U.S."), {}, True, []),
    ('"never «real»"', P("never «real»"), {}, False, []),  # a quote inside a quote is its text
    ('«the "rules-based" order»', P('the "rules-based" order'), {}, False, []),
    ("„Wir schaffen das“ peace", And((P("Wir schaffen das"), W("peace"))), {}, False, []),
    ("「一带一路」", P("一带一路"), {}, False, []),
    ("＂respect mutual＂", P("respect mutual"), {}, False, []),  # full-width, as input methods type it
    ("»fred» krig", And((P("fred"), W("krig"))), {}, False, []),  # Swedish and Finnish quotes
    ('"the “rules-based” order"', P("the “rules-based” order"), {}, False, []),  # curly quotes in straight ones
    ('“the "rules-based" order”', P('the "rules-based" order'), {}, False, []),
    ("„Frieden” jetzt", And((P("Frieden"), W("jetzt"))), {}, False, []),  # Polish „…”
    ("»Frieden« jetzt", And((P("Frieden"), W("jetzt"))), {}, False, []),  # German and Danish ones
    ("〞peace〞", P("peace"), {}, False, []),  # a closing mark typed first still opens
    # single quotation marks quote from before a word to after one; inside a word they are apostrophes
    ("called it ‘a new chapter’.", And((W("called"), W("it"), P("a new chapter"))), {}, False, []),
    ("People’s ‘new chapter’", And((W("People’s"), P("new chapter"))), {}, False, []),
    ("‚neue Kapitel‘ ‹paix durable›", And((P("neue Kapitel"), P("paix durable"))), {}, False, []),
    ("‘unclosed chapter", And((W("‘unclosed"), W("chapter"))), {}, False, []),
    ("‘the People’s Republic’", P("the People’s Republic"), {}, False, []),
    ("cooperation -‘new chapter’", And((W("cooperation"), Not(P("new chapter")))), {}, False, []),
    ('דובר צה"ל', And((W("דובר"), P("צה״ל"))), {}, False, []),  # a Hebrew acronym's gershayim, typed as "
    ("peace~2", W("peace"), {}, False, [FUZZY_OR_BOOST_NOTICE.format(mark="~2")]),
    ('"peace talks"~3 treaty^2', And((P("peace talks"), W("treaty"))), {}, False,
     [FUZZY_OR_BOOST_NOTICE.format(mark="~3"), FUZZY_OR_BOOST_NOTICE.format(mark="^2")]),
    ("〝respect mutual〞 peace", And((P("respect mutual"), W("peace"))), {}, False, []),
    ("https://www.un.org/en", P("https://www.un.org/en"), {}, False, []),  # an address is words, and no filter
    ("Note: peace", And((W("Note:"), W("peace"))), {}, False, []),
    ('"unclosed phrase', P("unclosed phrase"), {}, False,
     ["A quotation mark was not closed: the rest of the query was read as one phrase."]),
    ("(peace", W("peace"), {}, False, ["A parenthesis was not closed; it was closed at the end."]),
    ("peace)", W("peace"), {}, False, ["A closing parenthesis had no opening one and was ignored."]),
    ("AND", None, {}, False, ["AND, OR and NOT need words to join; nothing else was given."]),
    ("", None, {}, False, []),
    ("(" * 320 + "a", W("a"), {}, False, [f"Parentheses nested more than {MAX_NESTING} deep were ignored.",
                                          "A parenthesis was not closed; it was closed at the end."]),
    ("peace\x07war", And((W("peace"), W("war"))), {}, False, []),
]


@pytest.mark.parametrize("typed, tree, filters, case_sensitive, notices", CASES, ids=[case[0][:30] for case in CASES])
def test_the_query_language_reads_what_was_typed(typed, tree, filters, case_sensitive, notices):
    parsed = parse_query(typed)
    assert (parsed.tree, parsed.filters, parsed.case_sensitive, parsed.notices) == (
        tree, filters, case_sensitive, notices)


def test_a_query_longer_than_the_limit_is_cut_with_a_notice():
    parsed = parse_query("peace " * 300)
    assert "The query was longer than 1000 characters and was cut there." in parsed.notices
    assert isinstance(parsed.tree, And) and len(parsed.tree.operands) <= 167
