"""Render the pages of a PDF or a scan to images, in a child process: ``python -m
speeches.sources.render_worker pdf|scan SOURCE OUTPUT_FOLDER MOST_PAGES``.

A hostile file (a PDF whose streams inflate to gigabytes, an image of a billion pixels) can only
exhaust this process, which the archive starts with limits on memory, time and what it may write
(``attaching.render_pages``). It imports nothing of Django. It writes ``<n>.png`` (PDF pages) or
``<n>.jpg`` (scans) and ``pages.json``: [{"number", "file", "width", "height", "text", "lines"}]; on a refusal
it prints the reason on its last line of standard error and exits with 2.
"""
import json
import sys
import warnings
from pathlib import Path

# Pages are rendered this wide: sharp on a laptop's reading column, a few hundred KB a page.
PAGE_WIDTH = 1400
# A scan of more pixels than this is refused (Pillow's decompression-bomb check, made an error).
MOST_SCAN_PIXELS = 80_000_000
# A page of more pieces of text than this is kept without its lines (no regions are proposed on it):
# a page of prose has under a hundred; thousands are a table of figures or a file built to bloat.
MOST_LINES = 2_000


class Refused(Exception):
    pass


def render_pdf(source, output, most_pages):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError as error:
        raise Refused(f"it does not open as a PDF ({error}); a password-protected PDF must be unlocked first") from error
    if len(pdf) == 0:
        raise Refused("it has no pages")
    if len(pdf) > most_pages:
        raise Refused(f"it has {len(pdf):,} pages; a source may have {most_pages:,} at most")
    pages = []
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        if width <= 0 or height <= 0 or max(width, height) > 20_000:
            raise Refused(f"page {index + 1} has an impossible size ({width:.0f} × {height:.0f} points)")
        image = page.render(scale=PAGE_WIDTH / width).to_pil()
        name = f"{index + 1}.png"
        image.save(output / name, optimize=True)
        text = page.get_textpage()
        pages.append({"number": index + 1, "file": name, "width": image.width, "height": image.height,
                      "text": text.get_text_bounded(), "lines": text_lines(text, width, height)})
    return pages


def text_lines(text, width, height):
    """Return the lines of text PDFium found on a page of ``width`` × ``height`` points, each as
    [left, top, width, height, text] with the box in fractions of the page, top down."""
    if text.count_rects() > MOST_LINES:
        return []
    lines = []
    for index in range(text.count_rects()):
        left, bottom, right, top = text.get_rect(index)
        words = text.get_text_bounded(left, bottom, right, top).strip()
        if words:
            box = [left / width, 1 - top / height, (right - left) / width, (top - bottom) / height]
            lines.append([round(min(max(value, 0.0), 1.0), 4) for value in box] + [words])
    return lines


def render_scan(source, output, most_pages):
    from PIL import Image, ImageSequence

    Image.MAX_IMAGE_PIXELS = MOST_SCAN_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)
    try:
        with Image.open(source) as scan:
            frames = [frame.copy() for _, frame in zip(range(most_pages + 1), ImageSequence.Iterator(scan))]
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise Refused(f"it does not open as an image within the archive's limits ({error})") from error
    if len(frames) > most_pages:
        raise Refused(f"it has more than {most_pages:,} pages")
    pages = []
    for number, frame in enumerate(frames, start=1):
        image = frame.convert("RGB")
        if image.width > PAGE_WIDTH:
            image = image.resize((PAGE_WIDTH, round(image.height * PAGE_WIDTH / image.width)))
        name = f"{number}.jpg"
        image.save(output / name, quality=85, optimize=True)  # re-encoded: nothing of the upload but its pixels
        pages.append({"number": number, "file": name, "width": image.width, "height": image.height, "text": "",
                      "lines": []})
    return pages


RENDERERS = {"pdf": render_pdf, "scan": render_scan}


def main(kind, source, output, most_pages):
    output = Path(output)
    try:
        pages = RENDERERS[kind](Path(source), output, int(most_pages))
    except Refused as refusal:
        print(str(refusal), file=sys.stderr)
        return 2
    (output / "pages.json").write_text(json.dumps(pages), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
