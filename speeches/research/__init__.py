"""Research tools over a whole result set: a query's timeline, its concordance, exports of the set,
and passages that recur across documents. They reach the index only through ``speeches.search``."""
