"""A local OpenSearch cluster: ``__main__`` starts, stops and reports on it; ``pom.xml`` pins its jars."""
