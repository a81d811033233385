"""The Django admin of the archive, one module a room: ``documents``, ``catalogue`` (people, venues,
regions, countries), ``widgets``, ``uploads`` (import files), ``permissions`` (editors and
publishers), ``history`` (a revision's changes), ``review`` (the publishers' queue), ``forms`` and
``languages`` (the filter by language), ``alerts`` (readers' alerts: suspend, resume). Importing the package registers the admins, as Django's admin
autodiscovery expects of ``speeches.admin``."""
from . import alerts, catalogue, documents, languages, review

__all__ = ["alerts", "catalogue", "documents", "languages", "review"]
