"""Open data: the whole published archive as versioned, dated, compressed files (dumps, ``dumps``) that
the site serves as static files at ``/data/``, with a manifest of checksums and what changed since the
last dump; and the formats corpus tools read: TEI (``tei``) and the CWB vertical file (``vertical``)."""
