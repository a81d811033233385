"""Cleaning pasted text (speeches/importers/plaintext.py) in scripts that space words and those that do not."""
import time
import tracemalloc

import pytest

from speeches.importers.plaintext import WordChange, clean_body, clean_pasted_text
from speeches.rendering import check_words_shown, render_markdown

# A Chinese speech as copied from a PDF: its lines break inside words (互联/互通, 新/的, 交通等/领域,
# 和平与/发展), the page's number stands between its two paragraphs, each indented full-width.
CHINESE_PDF = (
    "　　中国同中亚国家的交往可以追溯到两千多年前。我们坚持互联\n"
    "互通，推动共建“一带一路”高质量发展，让古丝绸之路焕发新\n"
    "的生机活力。\n"
    "\n"
    "12\n"
    "\n"
    "　　面向未来，中方愿同各方一道，深化贸易、投资、能源、交通等\n"
    "领域合作，构建更加紧密的中国－中亚命运共同体，为地区和平与\n"
    "发展作出新的贡献。\n"
)

# A Japanese one: no blank lines at all, a page number "- 3 -" inside, paragraphs indented full-width.
JAPANESE_PDF = (
    "　　日本と中央アジア諸国との協力は、エネルギー、インフラ、人材育\n"
    "成など幅広い分野に及んでいます。私たちは地域の持続可能な発展を\n"
    "支援してまいります。\n"
    "- 3 -\n"
    "　　今後とも、対話と協力を通じて、自由で開かれた国際秩序の維持・\n"
    "強化に取り組んでいく決意です。\n"
)


def test_chinese_lines_are_joined_without_a_space_and_each_join_is_listed():
    cleaned = clean_pasted_text(CHINESE_PDF)
    assert cleaned.markdown == (
        "中国同中亚国家的交往可以追溯到两千多年前。我们坚持互联互通，推动共建“一带一路”高质量发展，"
        "让古丝绸之路焕发新的生机活力。\n\n"
        "面向未来，中方愿同各方一道，深化贸易、投资、能源、交通等领域合作，构建更加紧密的中国－中亚命运共同体，"
        "为地区和平与发展作出新的贡献。")
    assert cleaned.changes == [
        WordChange("坚持互联 互通，推", "坚持互联互通，推", "两千多年前。我们坚持互联 互通，推动共建“一带一路"),
        WordChange("路焕发新 的生机活", "路焕发新的生机活", "发展，让古丝绸之路焕发新 的生机活力。 12 面向未来，"),
        WordChange("12", "", "机活力。 12 面向未来"),
        WordChange("、交通等 领域合作", "、交通等领域合作", "贸易、投资、能源、交通等 领域合作，构建更加紧密的"),
        WordChange("区和平与 发展作出", "区和平与发展作出", "命运共同体，为地区和平与 发展作出新的贡献。"),
    ]


def test_japanese_lines_are_joined_without_a_space_and_paragraphs_start_at_full_width_indents():
    cleaned = clean_pasted_text(JAPANESE_PDF)
    assert cleaned.markdown == (
        "日本と中央アジア諸国との協力は、エネルギー、インフラ、人材育成など幅広い分野に及んでいます。"
        "私たちは地域の持続可能な発展を支援してまいります。\n\n"
        "今後とも、対話と協力を通じて、自由で開かれた国際秩序の維持・強化に取り組んでいく決意です。")
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        ("、人材育 成など幅", "、人材育成など幅"), ("な発展を 支援して", "な発展を支援して"),
        ("- 3 -", ""), ("の維持・ 強化に取", "の維持・強化に取")]


def test_chinese_beside_latin_words_numbers_and_korean_keeps_a_space_at_line_breaks():
    cleaned = clean_pasted_text(
        "双方将于\n2025年举办中国－中亚峰会，并邀请\nASEAN国家参加会议的有关\n活动。\n\n"
        "한국과 중앙아시아는 협력을\n강화하고 있으며 앞으로도 계속\n발전시켜 나갈 것입니다\n그리고")
    assert cleaned.paragraphs == [
        "双方将于 2025年举办中国－中亚峰会，并邀请 ASEAN国家参加会议的有关活动。",
        "한국과 중앙아시아는 협력을 강화하고 있으며 앞으로도 계속 발전시켜 나갈 것입니다 그리고"]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [("议的有关 活动。", "议的有关活动。")]


def test_chinese_is_never_de_hyphenated_and_english_still_is():
    cleaned = clean_pasted_text("我们支持中国-\n中亚合作机制不断\n向前发展，共同\n推进各领域合作\n\n"
                                "The exchanges between the inter-\nnational partners keep\ngrowing every\nsingle year")
    assert cleaned.paragraphs == ["我们支持中国-中亚合作机制不断向前发展，共同推进各领域合作",
                                  "The exchanges between the international partners keep growing every single year"]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        ("持中国- 中亚合作", "持中国-中亚合作"), ("机制不断 向前发展", "机制不断向前发展"),
        ("展，共同 推进各领", "展，共同推进各领"), ("inter- national", "international")]


def test_english_cleaning_lists_only_changed_words():
    pasted = ("The exchanges between China and the inter-\nnational community keep\ngrowing across the\n"
              "region, every single year.\n\n7\n\nThe next page goes on\nand on with China-\nKazakhstan text.")
    assert clean_pasted_text(pasted).changes == [
        WordChange("inter- national", "international", "between China and the inter- national community keep growing across"),
        WordChange("7", "", "region, every single year. 7 The next page goes"),
        WordChange("China- Kazakhstan", "China-Kazakhstan", "on and on with China- Kazakhstan text.")]


def test_pasted_entities_and_markup_characters_are_shown_as_pasted():
    pasted = "AT&amp;T said &copy; 2024, &lt;b&gt; and &#x41;BC: 5 < 6 & 7 > 3, *stars*, _under_ and [brackets]."
    cleaned = clean_pasted_text(pasted)
    assert [paragraph.text for paragraph in render_markdown(cleaned.markdown).paragraphs] == [pasted]


def test_the_markdown_made_of_products_and_snake_case_passes_the_words_check():
    pasted = "Support 24*7, the ratio 2*3*4, x**2**y and snake_case_name 2_000."
    markdown = clean_pasted_text(pasted).markdown
    check_words_shown(markdown, render_markdown(markdown))  # the cleaner's escapes are no lost words
    assert [paragraph.text for paragraph in render_markdown(markdown).paragraphs] == [pasted]


RESOLUTION = ("The Council, recalling resolution 2231 (2015),\n1. Decides that AT&T and Procter & Gamble\n"
              "shall report by 30 June;\n2. Requests the Secretary-General to report.")


def shown_words(markdown):
    return " ".join(paragraph.text for paragraph in render_markdown(markdown).paragraphs).split()


def test_cleaning_the_markdown_it_made_again_changes_nothing():
    cleaned = clean_body(RESOLUTION)
    cleaned_again = clean_body(cleaned.markdown.replace("\n", "\r\n"))  # as a browser posts a text area
    assert (cleaned_again.markdown, cleaned_again.changes) == (cleaned.markdown, [])
    assert shown_words(cleaned.markdown) == RESOLUTION.split()


def test_cleaning_other_markdown_lists_every_word_its_preview_showed_otherwise():
    body = "Mind the \\_\\_init\\_\\_ method of AT&amp;T.\n\nSee [the resolution](https://un.org), *really*."
    changes = clean_body(body).changes
    assert [(change.removed, change.inserted) for change in changes] == [
        ("__init__", "\\_\\_init\\_\\_"), ("AT&T.", "AT&amp;T."),
        ("the resolution, really.", "[the resolution](https://un.org), *really*.")]
    assert shown_words(clean_body(body).markdown) == body.split()


def test_lines_opening_with_block_marks_are_shown_as_pasted():
    lines = ["= equals sign opens this line.", "# Not a heading.", "> Not a quote.", "- Not a list.", "+ Nor this.",
             "1991. The year began.", "2) A second point.", "---", "==="]
    cleaned = clean_pasted_text("\n\n".join(lines))
    assert [paragraph.text for paragraph in render_markdown(cleaned.markdown).paragraphs] == lines


# A PDF's text: a paragraph on each side of every page turn, where its number and running header stood.
ENGLISH_PDF_PAGES = (
    "We meet today in a spirit of friendship, and the work of this\n"
    "forum has shown how much our countries can achieve when they\n"
    "trade across borders for\n"
    "\n- 1 -\n\nMINISTRY OF FOREIGN AFFAIRS\n\n"
    "the good of all their peoples, in every season and in every\n"
    "region of our continent.\n"
    "\n"
    "Our second point is simple. We will keep building bridges\n"
    "between our peoples for the years to come, shoulder to\n"
    "\n- 2 -\n\nMINISTRY OF FOREIGN AFFAIRS\n\n"
    "shoulder, as our forebears did on the caravan roads of old.\n"
    "\n- 3 -\n\nMINISTRY OF FOREIGN AFFAIRS\n\n"
    "Thank you.\n"
)


def test_a_page_turn_inside_a_sentence_runs_on_and_its_page_furniture_is_listed():
    cleaned = clean_pasted_text(ENGLISH_PDF_PAGES)
    assert cleaned.paragraphs == [
        "We meet today in a spirit of friendship, and the work of this forum has shown how much our countries "
        "can achieve when they trade across borders for the good of all their peoples, in every season and in "
        "every region of our continent.",
        "Our second point is simple. We will keep building bridges between our peoples for the years to come, "
        "shoulder to shoulder, as our forebears did on the caravan roads of old.",
        "Thank you."]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        (f"- {page} - MINISTRY OF FOREIGN AFFAIRS", "") for page in (1, 2, 3)]


def test_a_page_turn_after_a_closed_sentence_ends_the_paragraph_where_no_blank_line_does():
    cleaned = clean_pasted_text(
        "We meet today in a spirit of friendship, and the work of this forum has shown how\n"
        "much our countries can achieve when they trade across borders for the good of all\n"
        "their peoples, in every season and in every region of our continent and its seas.\n"
        "12\n"
        "Our second point is simple. We will keep building bridges between our peoples for\n"
        "the years to come, shoulder to shoulder, as our forebears did on the caravan roads.\n")
    assert len(cleaned.paragraphs) == 2 and cleaned.paragraphs[1].startswith("Our second point")


def test_chinese_text_with_a_title_and_headings_is_not_read_as_wrapped_lines():
    paragraphs = ["关于深化合作的讲话", "2024年5月1日", "　　我们愿同各方一道，坚持共商共建共享。", "一、总体要求",
                  "　　推动高质量发展。", "　　构建人类命运共同体。", "二、重点任务", "　　深化互联互通。",
                  "　　加强人文交流。", "　　谢谢大家。"]
    assert clean_pasted_text("\n".join(paragraphs)).paragraphs == [paragraph.strip() for paragraph in paragraphs]


def test_a_chinese_page_number_inside_a_word_is_dropped_and_the_word_joined():
    cleaned = clean_pasted_text(
        "中国愿同各方一道，坚持共商共建共享，推动共建一带一路高质量发\n"
        "展，为构建人类命运共\n"
        "第 3 页\n"
        "同体作出新的更大贡献。中国愿同各方一道，坚持共商共建共享，推\n"
        "动共建一带一路高质量发展\n"
        "　　第二段開始，我們堅持互利共贏。\n")
    assert cleaned.paragraphs == [
        "中国愿同各方一道，坚持共商共建共享，推动共建一带一路高质量发展，为构建人类命运共同体作出新的更大贡献。"
        "中国愿同各方一道，坚持共商共建共享，推动共建一带一路高质量发展",
        "第二段開始，我們堅持互利共贏。"]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        ("高质量发 展，为构", "高质量发展，为构"), ("第 3 页", ""), ("类命运共 同体作出", "类命运共同体作出"),
        ("共享，推 动共建一", "共享，推动共建一")]


def test_a_line_without_full_width_indentation_goes_on_with_the_indented_paragraph_before_it():
    cleaned = clean_pasted_text("　　尊敬的各位同事：\n"
                                "　　很高兴同大家相聚在阿斯塔纳，共同出席第二届中国—中亚峰会。\n"
                                "　　我们要坚持互联\n"
                                "互通，推动高质量发展。\n"
                                "　　谢谢大家！\n")
    assert cleaned.paragraphs == ["尊敬的各位同事：", "很高兴同大家相聚在阿斯塔纳，共同出席第二届中国—中亚峰会。",
                                  "我们要坚持互联互通，推动高质量发展。", "谢谢大家！"]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [("坚持互联 互通，推", "坚持互联互通，推")]


def test_a_hyphen_before_a_capital_or_after_a_russian_compounds_first_part_is_kept_and_listed():
    cleaned = clean_pasted_text("Мы обсуждали российско-\nкитайские связи, наши отно-\nшения и между-\nнародное сотрудничество в\n"
                                "рамках ШОС, а также экономико-\nполитические связи и\n\n"
                                "The partners of the word-\nNext programme met in the\nsummer of that year\nagain")
    assert cleaned.paragraphs == [
        "Мы обсуждали российско-китайские связи, наши отношения и международное сотрудничество в рамках ШОС, а также "
        "экономико-политические связи и",
        "The partners of the word-Next programme met in the summer of that year again"]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        ("российско- китайские", "российско-китайские"), ("отно- шения", "отношения"),  # a syllable broken off
        ("между- народное", "международное"),
        ("экономико- политические", "экономико-политические"), ("word- Next", "word-Next")]


def test_cleaning_markdown_with_headings_and_a_table_lists_the_marks_the_page_would_now_show():
    body = ("## Introduction\n\nWe begin here.\n\n| Year | Trade |\n|---|---|\n| 2023 | 100 |\n\n"
            "## Trade\n\nTrade grew strongly.")
    cleaned = clean_body(body)
    inserted = " ".join(change.inserted for change in cleaned.changes)
    assert "##" in inserted and "|" in inserted, cleaned.changes  # the editor sees what the page would show


def test_a_few_lines_broken_inside_words_are_one_paragraph_and_lines_of_their_own_stay_apart():
    cleaned = clean_pasted_text("Уважаемые коллеги! Российско-\nкитайские отношения находятся на бес-\n"
                                "прецедентно высоком уровне.")
    assert cleaned.paragraphs == ["Уважаемые коллеги! Российско-китайские отношения находятся на беспрецедентно "
                                  "высоком уровне."]
    assert [(change.removed, change.inserted) for change in cleaned.changes] == [
        ("Российско- китайские", "Российско-китайские"), ("бес- прецедентно", "беспрецедентно")]  # each join listed
    assert clean_pasted_text("The inter-\nnational order.").paragraphs == ["The international order."]
    lines = "Thank you, Mr. President.\nExcellencies,\nLadies and gentlemen,"  # short lines, each whole
    assert clean_pasted_text(lines).paragraphs == lines.split("\n")
    assert clean_pasted_text("Co-\nOperation Council.\nRiyadh").paragraphs == ["Co-", "Operation Council.", "Riyadh"]
    # Only the broken word is joined: the text's other lines stay its paragraphs.
    assert clean_pasted_text("Joint Statement\nThe parties reaffirm inter-\nnational law.").paragraphs == [
        "Joint Statement", "The parties reaffirm international law."]


def test_a_capitalised_word_broken_across_lines_is_joined_as_a_lower_case_one_is():
    cleaned = clean_pasted_text("Die internationale Ge-\nmeinschaft erwartet, dass wir Verant-\nwortung für die "
                                "Friedens-\nverhandlungen übernehmen.\nInter-\nnational law is clear, and the "
                                "US-\nled coalition and Sino-\nAmerican talks go on.")
    assert cleaned.paragraphs == ["Die internationale Gemeinschaft erwartet, dass wir Verantwortung für die "
                                  "Friedensverhandlungen übernehmen.",
                                  "International law is clear, and the US-led coalition and Sino-American talks go on."]
    assert ("Ge- meinschaft", "Gemeinschaft") in [(change.removed, change.inserted) for change in cleaned.changes]
    # A compound the text spells elsewhere in lower case keeps its hyphen at a sentence's start too.
    kept = clean_pasted_text("We defend the right of self-determination, and we repeat it.\n"
                             "Self-\ndetermination is the right of every people.")
    assert "Self-determination is the right" in " ".join(kept.paragraphs)
    # A name the text writes on its own is no broken word: "China-led" keeps its hyphen.
    led = clean_pasted_text("China has joined the talks, and the China-\nled partnership grows, as the Saudi-\n"
                            "backed plan with Saudi Arabia does.")
    assert "the China-led partnership grows, as the Saudi-backed plan" in " ".join(led.paragraphs)


def test_soft_and_unicode_hyphens_ending_a_line_join_the_word_they_break():
    for hyphen in ("\u00ad", "\u2010", "\u2011"):
        cleaned = clean_pasted_text(f"We respect inter{hyphen}\nnational law.")
        assert cleaned.paragraphs == ["We respect international law."], hyphen
    wrapped = "The partners of the Russian\nFederation and the Sino\u2010\nRussian border, and our self\u00ad\nreliance, met.\n" * 2
    assert "Sino\u2010Russian border, and our selfreliance" in clean_pasted_text(wrapped).paragraphs[0]


def test_thai_lines_are_joined_without_a_space_as_chinese_ones_are_and_the_join_is_listed():
    cleaned = clean_pasted_text("ประเทศไทยและจีนมีความร่วม\nมือกันอย่าง\nต่อเนื่องในทุกด้าน และจะร่วม\nกันพัฒนาต่อไป")
    assert cleaned.paragraphs == ["ประเทศไทยและจีนมีความร่วมมือกันอย่างต่อเนื่องในทุกด้าน และจะร่วมกันพัฒนาต่อไป"]
    assert cleaned.changes and "ความร่วม มือ" in cleaned.changes[0].removed


def test_a_transcripts_speaker_labels_are_kept_each_a_paragraph_and_running_headers_still_dropped():
    cleaned = clean_pasted_text(
        "QUESTION\nWill the minister comment on the talks held yesterday with the\ndelegation on water sharing\n"
        "MR. PRICE\nWe have nothing to announce at this time but the talks were\nconstructive\n"
        "QUESTION\nAnd on the sanctions regime discussed on Monday by the\ncouncil members\n"
        "MR. PRICE\nI refer you to the statement of this morning\nQUESTION\nThank you\n")
    assert cleaned.paragraphs == [
        "QUESTION", "Will the minister comment on the talks held yesterday with the delegation on water sharing",
        "MR. PRICE", "We have nothing to announce at this time but the talks were constructive",
        "QUESTION", "And on the sanctions regime discussed on Monday by the council members",
        "MR. PRICE", "I refer you to the statement of this morning", "QUESTION", "Thank you"]
    assert not cleaned.changes
    assert "MINISTRY OF FOREIGN AFFAIRS" not in " ".join(clean_pasted_text(ENGLISH_PDF_PAGES).paragraphs)


@pytest.mark.parametrize("gap", ["\n", "\n\n\n"])
def test_a_label_beside_page_numbers_is_a_running_header_however_many_blank_lines_part_them(gap):
    pages = "".join(f"MR. PRICE{gap}{number}{gap}The text of page {number} goes on and{gap}is continued on page "
                    f"{number + 1} of{gap}" for number in range(1, 5))
    assert "MR. PRICE" not in " ".join(clean_pasted_text(pages).paragraphs)


def test_a_long_transcript_is_cleaned_in_a_time_growing_with_its_length():
    # Each label's nearby lines were found by copying all the lines before and after it: 20 seconds here.
    transcript = "".join(f"QUESTION:\nand we talk about the things number {number} here\n" for number in range(15_000))
    started = time.monotonic()
    cleaned = clean_pasted_text(transcript)
    assert time.monotonic() - started < 5
    assert cleaned.paragraphs[:3] == ["QUESTION:", "and we talk about the things number 0 here", "QUESTION:"]


def test_a_long_line_the_cleaning_keeps_word_for_word_is_cleaned_in_memory_a_small_multiple_of_its_size():
    # Each word of both texts was made a token to compare: 879 MB for a line of 11 MB.
    line = "The minister spoke about cooperation in the region number 123 and more. " * 14_000  # 1 MB
    tracemalloc.start()
    try:
        cleaned = clean_pasted_text(line)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert cleaned.paragraphs == [line.strip()]
    assert not cleaned.changes
    assert peak < 20 * len(line)  # the text cut at its spaces, once: no more


def test_a_running_header_in_lower_case_or_without_capitals_is_still_dropped_not_kept_as_a_speaker():
    pages = "".join(f"Министерство иностранных дел\nТекст страницы {number} продолжается и\nидёт дальше\n"
                    for number in range(4))
    cleaned = clean_pasted_text(pages)
    assert "Министерство иностранных дел" not in " ".join(cleaned.paragraphs)


def test_a_running_header_in_capitals_without_page_numbers_is_still_dropped():
    pages = "".join(f"UNITED NATIONS\nThe text of page {number} goes on and\nis continued on the next\n"
                    for number in range(4))
    assert "UNITED NATIONS" not in " ".join(clean_pasted_text(pages).paragraphs)
