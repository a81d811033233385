"""Open data: the archive's published documents as files for researchers and corpus tools."""
