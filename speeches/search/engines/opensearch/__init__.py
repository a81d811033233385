"""OpenSearch, the engine for a cluster. ``cluster/`` runs a local three-node cluster for development
and tests (``make opensearch``), from jars Maven fetches, as no OpenSearch is installed here."""
