"""The search form's options, written out by the ``options`` tag: escaped, the chosen one selected."""
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from speeches.templatetags.search_urls import options


def test_values_and_labels_are_escaped_and_the_chosen_value_selected():
    html = options([("o-brien", "Séamus O'Brien <Jr.> & co"), (1999, '"1999"')], 1999)
    assert isinstance(html, SafeString)
    assert html == ('<option value="o-brien">Séamus O&#x27;Brien &lt;Jr.&gt; &amp; co</option>'
                    '<option value="1999" selected>&quot;1999&quot;</option>')


def test_a_label_marked_safe_is_not_escaped_twice_and_a_lazy_one_is_read():
    html = options([("a", mark_safe("A&amp;B")), ("b", gettext_lazy("Anyone"))], None)
    assert html == '<option value="a">A&amp;B</option><option value="b">Anyone</option>'
