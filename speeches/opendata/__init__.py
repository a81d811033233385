"""Open data: the whole published archive as versioned, dated, compressed files (dumps) that the site
serves as static files at ``/data/``, with a manifest of checksums and what changed since the last dump."""
