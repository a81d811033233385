"""What the archive needs to know of writing systems: which characters are Chinese (Han)."""
import re

# CJK Unified Ideographs with extension A, compatibility ideographs, and the supplementary planes' ones.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A line break of the source between two Han characters (tags between them allowed, as <mark>).
HAN_LINE_BREAK = re.compile(f"(?<=[{HAN}])((?:<[^>]*>)*)\n((?:<[^>]*>)*)(?=[{HAN}])")


def without_han_line_breaks(html):
    """Return ``html`` without the source's line breaks between Chinese characters: Chinese puts no
    space between words, and browsers would show each such line break as one. For display only."""
    return HAN_LINE_BREAK.sub(r"\1\2", html) if "\n" in html else html
