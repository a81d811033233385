"""What the database needs beyond Django's migrations."""
from django.db import connections


def refresh_planner_statistics(using="default"):
    """Let SQLite's query planner see how the rows are spread (PostgreSQL's autovacuum does this itself).

    Without statistics SQLite takes every index on ``status`` for a selective one: at 10,000
    documents it listed the speakers with published documents by reading the documents once per
    speaker (25 ms a search page instead of 1). Run after data arrives in bulk.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
