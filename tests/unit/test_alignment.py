"""The proposed alignment of a text's paragraphs with its translation's (speeches/alignment.py)."""
from speeches.alignment import LOW_CONFIDENCE, Bead, align_lengths, propose_alignment

# Six paragraphs of an English translation and the four of its Chinese original: the translator made
# two paragraphs of the original's second, and two of its fourth.
ENGLISH = [
    "Distinguished guests, ladies and gentlemen, friends: It gives me great pleasure to join you in Xi'an, the "
    "starting point of the ancient Silk Road, for the first China–Central Asia Summit. On behalf of the Chinese "
    "government and people, I extend a warm welcome to all of you.",
    "More than two thousand years ago, envoys and merchants travelled this road, carrying silk, tea and porcelain "
    "westward and bringing back grapes, horses and new ideas.",
    "Their journeys opened a chapter of friendly exchanges between the peoples of China and Central Asia that has "
    "lasted to this day.",
    "Today, our cooperation covers trade, investment, energy, transport and people-to-people exchanges. Trade between "
    "China and the five Central Asian countries reached a record high last year, and the China–Europe Railway "
    "Express now runs through the region every day.",
    "Looking ahead, China is ready to work with all parties to build a closer China–Central Asia community with a "
    "shared future.",
    "Let us join hands for peace, development and prosperity in our region. Thank you.",
]
CHINESE = [
    "尊敬的各位嘉宾，女士们，先生们，朋友们：很高兴同大家相聚在古丝绸之路的起点西安，出席首届中国－中亚峰会。"
    "我谨代表中国政府和中国人民，对各位的到来表示热烈欢迎。",
    "两千多年前，使节和商旅沿着这条道路往来，向西运去丝绸、茶叶和瓷器，带回葡萄、骏马和新的思想，"
    "开启了中国同中亚人民友好交往的篇章，延续至今。",
    "今天，我们的合作涵盖贸易、投资、能源、交通和人文交流等领域。去年中国同中亚五国贸易额创历史新高，"
    "中欧班列每天穿行于这一地区。",
    "展望未来，中方愿同各方一道，构建更加紧密的中国－中亚命运共同体，携手促进地区和平、发展与繁荣。谢谢大家。",
]


def paragraphs(texts):
    return [{"anchor": f"p-{number}", "text": text} for number, text in enumerate(texts, 1)]


def test_two_english_paragraphs_rendering_one_chinese_are_proposed_as_two_with_one():
    beads = align_lengths([len(text) for text in ENGLISH], [len(text) for text in CHINESE])
    assert [(bead.main, bead.other) for bead in beads] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4, 5), (3,))]
    assert all(bead.confidence > LOW_CONFIDENCE for bead in beads)


def test_the_proposal_names_paragraphs_by_their_anchors():
    pairs, beads = propose_alignment(paragraphs(ENGLISH), paragraphs(CHINESE))
    assert pairs == [["p-1", "p-1"], ["p-2", "p-2"], ["p-3", "p-2"], ["p-4", "p-3"], ["p-5", "p-4"], ["p-6", "p-4"]]
    assert [(bead["main"], bead["text"]) for bead in beads] == [
        (["p-1"], ["p-1"]), (["p-2", "p-3"], ["p-2"]), (["p-4"], ["p-3"]), (["p-5", "p-6"], ["p-4"])]
    assert all(0 < bead["confidence"] <= 1 for bead in beads)


def test_texts_of_as_many_paragraphs_are_paired_one_with_one_with_high_confidence():
    beads = align_lengths([300, 150, 200, 400, 120, 250], [100, 52, 61, 140, 38, 90])
    assert [(bead.main, bead.other) for bead in beads] == [((number,), (number,)) for number in range(6)]
    assert all(bead.confidence > 0.99 for bead in beads)


def test_a_paragraph_that_could_go_either_way_is_of_low_confidence():
    beads = align_lengths([300, 100, 300], [100, 100])  # the short one belongs to the first or the last
    assert len(beads) == 2 and all(bead.confidence < LOW_CONFIDENCE for bead in beads)


def test_an_empty_text_pairs_nothing_and_is_sure_of_it():
    assert align_lengths([120, 80], []) == [Bead((0,), (), 1.0), Bead((1,), (), 1.0)]
    assert align_lengths([], [40]) == [Bead((), (0,), 1.0)]
    assert align_lengths([], []) == []
    assert propose_alignment(paragraphs(ENGLISH[:1]), []) == ([], [{"main": ["p-1"], "text": [], "confidence": 1.0}])


def test_a_long_text_is_aligned_in_order_within_the_band():
    main = [100 + (number * 37) % 500 for number in range(400)]
    beads = align_lengths(main, [length // 3 for length in main])
    assert [(bead.main, bead.other) for bead in beads] == [((number,), (number,)) for number in range(400)]



def test_paragraphs_between_kept_pairs_are_compared_at_the_whole_texts_ratio(monkeypatch):
    from speeches import alignment

    main = [{"anchor": f"m{number}", "text": "x" * length} for number, length in enumerate([900, 500, 900])]
    other = [{"anchor": f"o{number}", "text": "y" * length} for number, length in enumerate([300, 200, 300])]
    earlier = [{"main": ["m0"], "text": ["o0"], "confidence": 0.99}, {"main": ["m2"], "text": ["o2"], "confidence": 0.98}]
    ratios = []
    aligned = alignment.align_lengths
    monkeypatch.setattr(alignment, "align_lengths", lambda *lengths: ratios.append(lengths[2]) or aligned(*lengths))
    propose_alignment(main, other, earlier)
    assert ratios and set(ratios) == {800 / 2300}  # a gap's own (200 / 500) fits whatever it groups
