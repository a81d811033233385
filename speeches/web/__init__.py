"""The web layer: the site's pages, a module a surface (``search_page``, ``documents``, ``listings``,
``error_pages``, ``robots``), and what every page and API view shares on the way from a request to
the rooms and back: the one corridor a search takes, with the one reading of a page number
(``searching``), and the answers that are files (``downloads``). A page module never imports another."""
