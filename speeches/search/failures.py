"""Every engine failure becomes one ``SearchUnavailable``, which every surface answers with a 503."""
import logging
from contextlib import contextmanager

from .engines import engine
from .index.health import index_is_lost

log = logging.getLogger(__name__)


class SearchUnavailable(RuntimeError):
    """The search engine failed (index missing or damaged, cluster down): say so, never a 500."""


@contextmanager
def engine_errors_reported(using="default"):
    """Turn any failure of the search engine into ``SearchUnavailable``, logged with its cause.

    Engines fail in their own ways (Whoosh: OSError, EmptyIndexError, struct errors on a damaged
    segment; Elasticsearch: transport errors), so this boundary catches them all.
    """
    try:
        refuse_empty_index(using)
        yield
    except SearchUnavailable:
        raise
    except Exception as error:
        log.exception("The search engine failed")
        recover(using)
        raise SearchUnavailable(str(error)) from error


def recover(using="default"):
    """Let the engine start afresh after a failure, so a repaired index serves again at once."""
    try:
        engine(using).recover()
    except Exception:  # recovering is best effort; the next search tries again
        log.exception("The search engine could not be reset")


def refuse_empty_index(using="default"):
    """Raise ``SearchUnavailable`` when the index is lost but the archive is not: searching it
    would answer "no documents match", or match a few documents of many, to every query."""
    if index_is_lost(using):
        log.error("The search index is missing, empty or half rebuilt but the archive has published documents: "
                  "rebuild it with `manage.py rebuild_index --noinput` (docs/deployment.md).")
        raise SearchUnavailable("The search index is missing or incomplete; it needs rebuilding.")
