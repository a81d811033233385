"""What a researcher asks for: the query language parsed into a tree (``parsing``), and the criteria
with their filters made into the ``EngineQuery`` engines receive (``criteria``)."""
