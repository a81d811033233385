"""What a revision in a row's history changed, word by word."""
from django.utils.html import format_html, format_html_join

from speeches.diffs import opcodes


# Not passages.differences: a revision shows every change as typed (case, punctuation) and elides long same runs.
def word_diff_html(old, new):
    """Return HTML showing words removed (<del>) and added (<ins>) between two values."""
    old_words, new_words = str(old or "").split(), str(new or "").split()
    parts = []
    for tag, a0, a1, b0, b1 in opcodes(old_words, new_words):
        if tag == "equal":
            same = old_words[a0:a1]
            shown = same if len(same) <= 12 else same[:5] + ["…"] + same[-5:]
            parts.append(format_html("{} ", " ".join(shown)))
            continue
        if a1 > a0:
            parts.append(format_html("<del>{}</del> ", " ".join(old_words[a0:a1])))
        if b1 > b0:
            parts.append(format_html("<ins>{}</ins> ", " ".join(new_words[b0:b1])))
    return format_html_join("", "{}", ((part,) for part in parts))
