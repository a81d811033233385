"""The source files of published documents and their page images, at permanent addresses under
/sources/ named by the file's SHA-256.

Served inert: the type is the one the archive found (``sources.checking``), never sniffed
(``nosniff``); a sandboxing Content Security Policy lets nothing in a file run, even opened on its
own; a PDF is an attachment. Recordings answer range requests, so a player can start at a paragraph's
time without loading what comes before; from an S3 bucket too, where only the bytes asked are fetched
(``open_stored``). A draft's sources are seen only by staff who may see documents in the admin.

The archive answers itself rather than redirecting to the bucket (docs/sources.md, *Serving and keeping*):
a bucket cannot send the sandboxing policy, the site's own policy lets its pages load media from the site
only, and a signed address outlives the check of who may read a draft's file.
"""
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from speeches.models import SourceFile, SourcePage
from speeches.models.sources import open_stored, sources_storage
from speeches.sources.checking import SERVED_TYPES

from .downloads import ranged_response

PAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}
INERT = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"


def readable_sources(request):
    """The sources ``request``'s user may read: published documents', and every one for those who see drafts."""
    return SourceFile.objects.all() if sees_drafts(request.user) else SourceFile.objects.published()


def sees_drafts(user):
    """Whether ``user`` sees draft documents in the admin, which asks the same (``ModelAdmin.has_view_permission``):
    being staff only lets one log in to it."""
    return user.is_staff and (user.has_perm("speeches.view_document") or user.has_perm("speeches.change_document"))


@require_safe
def source_file(request, sha256, extension):
    source = readable_sources(request).filter(sha256=sha256, extension=extension).first()
    if source is None or extension not in SERVED_TYPES:
        raise Http404("No such source file.")
    response = stored_response(request, source.file.name, source.size, SERVED_TYPES[extension])
    if source.kind == SourceFile.Kind.PDF:
        response["Content-Disposition"] = f'attachment; filename="{sha256[:12]}.{extension}"'
    return response


@require_safe
def source_page(request, sha256, number):
    page = get_object_or_404(SourcePage.objects.filter(source__in=readable_sources(request)).select_related("source"),
                             source__sha256=sha256, number=number)
    extension = page.image.name.rsplit(".", 1)[-1]
    size = sources_storage().size(page.image.name)
    return stored_response(request, page.image.name, size, PAGE_TYPES.get(extension, "image/jpeg"))


def stored_response(request, name, size, content_type):
    """Return the stored file ``name`` (of ``size`` bytes), whole or the byte range asked for, inert."""
    response = ranged_response(request, size, content_type, lambda start, end: open_stored(name, start, end))
    if response.status_code != 416:
        # Named by its content, so it never changes; what was served on the rights of one who sees drafts (a
        # draft's) is kept from shared caches, which would hand it to anyone.
        sharing = "private" if sees_drafts(request.user) else "public"
        response["Cache-Control"] = f"{sharing}, max-age=31536000, immutable"
    return inert(response)


def inert(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = INERT
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
