"""The index kept equal to the published documents: what it stores (``document_index``), the writes
that keep it in step (``sync``, with the ``backlog`` a stopped process leaves and the ``signals`` that
send saves), whether it can serve (``health``), and values cached until it changes (``version``)."""
