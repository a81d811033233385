"""Citations of a document or one of its paragraphs, for readers and for reference managers.

- ``kinds``: the item type each kind of document becomes for Zotero, CSL, RIS, BibTeX and schema.org.
- ``csl``: the CSL-JSON item every format is made from, and the Chicago, APA and MLA citations.
- ``bibliographic_formats``: BibTeX, RIS and CSL-JSON files.
- ``embedded``: the page's meta tags for reference managers and its JSON-LD for search engines.
"""
