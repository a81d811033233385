"""Values derived from the published documents, kept until the index changes; and one reading of
the index's version for a whole request."""
import hashlib
from contextlib import contextmanager

from django.core.cache import cache

from ..engines import engine

# Values kept by cached_until_index_changes expire after this long even if the index never changes.
CACHED_SECONDS = 3600


@contextmanager
def one_index_version(using="default"):
    """Within the block, the index's version is read once (``Engine.one_version``): every search and
    cached value of a request stands for the same index."""
    with engine(using).one_version():
        yield


def cached_until_index_changes(name, compute, using="default", keep=None):
    """Return ``compute()``, computed again only after the index has changed (with ``keep``, only a
    value ``keep(value)`` accepts is kept).

    Every change to a published document (and to a speaker's or region's name) reaches the index,
    so what is derived from the published documents stays current. An engine that cannot say
    cheaply when it changed gets no caching, nor does a damaged index (searching it reports why).
    """
    try:
        version = engine(using).current_version()
    except Exception:  # any engine's own failure; the search that follows turns it into SearchUnavailable
        version = None
    if version is None:
        return compute()
    key = f"{name}:{hashlib.sha256(version.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if keep is None or keep(value):
            cache.set(key, value, CACHED_SECONDS)
    return value
