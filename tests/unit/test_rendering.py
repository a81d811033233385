"""A body's page shows every word of the body (speeches/rendering.py), or the body is refused with the
words it would lose named, in any script."""
import re
import time

import pytest

from speeches.rendering import WordsNotShown, check_words_shown, render_markdown

# An outside tester's file: Python-Markdown dropped the cells past the header's columns, the # of "C#"
# closing a heading, and two lines it read as the addresses of links ("Ibid." even became one).
PITFALLS = (
    "Opening paragraph with a footnote marker.[^1] And a reference [link][un].\n"
    "\n"
    "| Year | Agreement |\n"
    "|------|-----------|\n"
    "| 1992 | Diplomatic relations established | Beijing |\n"
    "| 2013 | Belt and Road announced | Astana | Nazarbayev University |\n"
    "\n"
    "## Programming in C#\n"
    "\n"
    "[^1]: Ibid.\n"
    "\n"
    "[un]: https://www.un.org/ \"United Nations\"\n"
    "\n"
    "[2]: A/RES/76/1\n"
    "\n"
    "Closing words of the speech."
)


def check(body):
    check_words_shown(body, render_markdown(body))


def test_words_a_page_would_not_show_are_named_with_how_to_keep_them():
    with pytest.raises(WordsNotShown) as refused:
        check(PITFALLS)
    message = str(refused.value)
    assert ("“Beijing” (line 5), “Astana Nazarbayev University” (line 6), “C#” (line 8), “[^1]: Ibid.” (line 10), "
            "“[2]: A/RES/76/1” (line 14).") in message
    assert "give the header row as many columns" in message
    assert "write them with a backslash (C\\#)" in message and "write its [ as \\[" in message


@pytest.mark.parametrize("body", [
    "*Emphasis*, _too_, **strong**, __strong__, ***both***, intra**word**, snake_case_name and 5 * 3 = 15.",
    "1. One\n2. Two\n    1. Nested\n3. Three\n\n- A dash\n    - in a dash\n\n* A star\n+ A plus",
    "> A quote\n>\n> - with a list\n> 1. and a number\n>> and a deeper quote",
    "# Title\n\n## Heading ##\n\nUnderlined\n==========\n\nAlso\n----\n\n### Step 3 ###",
    "| Year | Agreement |\n|:-----|----------:|\n| 1992 | Relations \\| established |\n| 2013 | Belt and Road |",
    "[The charter](https://un.org/charter), [a page](https://en.wikipedia.org/wiki/Foo_(bar)), "
    "<https://un.org> and <press@example.org>, <mailto:desk@example.org>.",
    "A [reference link][un] and a [Shortcut].\n\n[un]: https://un.org \"UN\"\n[shortcut]: <https://example.org>",
    "A line broken  \nhere, `code with *stars*`, `&amp;` and\n\n    indented code # kept *as is*",
    "---\n\n* * *\n\n1991. A year a line.\n1992. And another.\n\n2) A point.",
    "&mdash; &copy; AT&amp;T R&D \\*not emphasis\\* \\# \\[not a link\\] C\\# #5 F# Text[^1] {brace}",
    "The ratio 2\\*3\\*4, 24\\*7 support, x\\*\\*2\\*\\*y and x\\_1: escaped as the cleaner escapes them.",
    "中国同中亚国家的交往可以**追溯**到两千多年前。\n\n　　面向未来，中方愿同各方一道。",
    "日本と中央アジアの**協力**は、エネルギー分野に及んでいます。",
    "مرحبا بكم في **المؤتمر** الدولي، شكراً.",
    "सभी **मित्रों** को नमस्कार। Привет, **мир**! ไทย**ตัวหนา**ภาษา 한국어 **굵게**",
])
def test_the_markdown_the_archive_uses_shows_every_word(body):
    check(body)


@pytest.mark.parametrize("body, lost", [
    ("| 年份 | 协议 |\n|---|---|\n| 1992 | 建交 | 北京 |", "北京"),
    ("| السنة | الاتفاق |\n|---|---|\n| 1992 | العلاقات | بكين |", "بكين"),
    ("## Язык C#", "C#"),
    ("#hashtag", "#hashtag"),
    ("See [the text](www.un.org).", "text](www.un.org)."),  # the words around which the address was lost
    ("A note.[^1]\n\n[^1]: 同上", "[^1]: 同上"),
    ("Click [here](ftp://x.org/a) now", "[here](ftp://x.org/a)"),  # the page drops an address of that scheme
    ("The ratio 2*3*4 equals 24.", "2*3*4"),  # emphasis inside a word joins it: "234" on the page
    ("We say x**2**y here.", "x**2**y"),
    ('See [the charter](https://www.un.org/en/charter "Hidden words") today.', '"Hidden words")'),  # a tooltip
])
def test_a_word_lost_in_any_script_is_named(body, lost):
    with pytest.raises(WordsNotShown, match=re.escape(f"“{lost}” (line")):
        check(body)


@pytest.mark.parametrize("body, shown", [
    ("Exports grew*, imports fell*.", "Exports grew*, imports fell*."),
    ("Note*: figures with a star* here", "Note*: figures with a star* here"),
    ("The figures* are final.\n\n*Source: IMF.", "The figures* are final.\n*Source: IMF."),
    ("Les chiffres*, puis les taux**.", "Les chiffres*, puis les taux**."),
])
def test_a_footnotes_asterisks_are_shown_as_written(body, shown):
    rendered = render_markdown(body)
    assert "<em>" not in rendered.html and "<strong>" not in rendered.html
    assert "\n".join(paragraph.text for paragraph in rendered.paragraphs) == shown


@pytest.mark.parametrize("body, html", [
    ("a *real* b", "a <em>real</em> b"),
    ("intra**word** and ***both***", "intra<strong>word</strong> and <strong><em>both</em></strong>"),
    ('*"quoted"*, **(a)**', '<em>"quoted"</em>, <strong>(a)</strong>'),
    ("ไทย**ตัวหนา**ภาษา", "ไทย<strong>ตัวหนา</strong>ภาษา"),
    ("सभी **मित्रों** को", "सभी <strong>मित्रों</strong> को"),
])
def test_asterisks_around_words_are_still_emphasis(body, html):
    assert html in render_markdown(body).html


def test_asterisks_inside_two_words_read_as_emphasis_between_them_are_named():
    with pytest.raises(WordsNotShown, match=re.escape("“s**t and f**k” (line 2)")) as refused:
        check("A transcript.\nHe said s**t and f**k on air.")
    assert "s\\*\\*t" in str(refused.value)
    check("He said s\\*\\*t and f\\*\\*k on air.")  # as the cleaner escapes them
    check("ไทย**ตัวหนา ภาษา**ไทย")  # Thai writes no spaces between words: emphasis inside a run is the writer's


@pytest.mark.parametrize("body, html", [
    ("中国**“一带一路”**倡议", "中国<strong>“一带一路”</strong>倡议"),
    ("他说：**重要。**然后", "他说：<strong>重要。</strong>然后"),
    ("Le **« projet »**est", "Le <strong>« projet »</strong>est"),
])
def test_bold_around_quotes_and_chinese_punctuation_stays_bold(body, html):
    assert html in render_markdown(body).html


def test_emphasis_inside_words_is_named_however_its_words_are_punctuated():
    with pytest.raises(WordsNotShown, match=re.escape("“s**t and f**k” (line 1)")):
        check('("s**t and f**k")')
    check("a *b*c and d*e* f")  # each emphasis inside one word: shown as written, less its marks


@pytest.mark.parametrize("inside", ["**d**", "[x](https://x.org)"])
def test_emphasis_holding_another_tag_is_checked_in_a_time_growing_with_its_length(inside):
    # The check tried such an emphasis again at each of its spaces: 10 seconds at 80 KB, a minute at 200 KB.
    started = time.monotonic()
    check("a*" + "b " * 40_000 + inside + " e*f")
    assert time.monotonic() - started < 3


def test_a_list_numbered_alike_is_counted_by_the_browser_and_an_empty_item_has_no_number():
    rendered = render_markdown("1. First\n1. Second\n1. Third\n\nThen.\n\n1. \n2. Filled")
    assert [paragraph.text for paragraph in rendered.paragraphs] == ["First", "Second", "Third", "Then.", "2. Filled"]
    assert 'value="1"' not in rendered.html and '<li id="p-5" value="2">' in rendered.html
