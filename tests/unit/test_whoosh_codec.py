"""What the Whoosh codec keeps of what it read: the most recently used, within a budget."""
from speeches.search.engines.whoosh.codec import RecentlyRead


def test_what_was_read_last_is_kept_within_the_budget():
    recent = RecentlyRead(10, size=len)
    recent.put("the", "0123")
    recent.put("of", "0123")
    assert recent.get("the") == "0123"  # now the most recently used
    recent.put("and", "0123")  # 12 > 10: the least recently used goes
    assert recent.get("of") is None
    assert recent.get("the") == recent.get("and") == "0123"
    assert recent.held == 8


def test_one_read_larger_than_the_budget_is_still_kept_until_the_next():
    recent = RecentlyRead(2, size=len)
    assert recent.put("the", "0123") == "0123"
    assert recent.get("the") == "0123"
    recent.put("of", "01")
    assert recent.get("the") is None and recent.get("of") == "01"


def test_a_key_read_again_is_counted_once():
    recent = RecentlyRead(100)
    recent.put("the", {})
    recent.put("the", {})
    assert recent.held == 1
