"""Source files beside a transcript: checked from their bytes, rendered in a child process held to
limits, stored once under their SHA-256 or not at all, served inert at permanent addresses, with the
pages proposed for each paragraph from the text found on them."""
import io
import wave
import zipfile
import zlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from fpdf import FPDF

from speeches.models import Document, ParagraphTie, SourceFile, SourcePage, clock
from speeches.sources.attaching import attach_source
from speeches.sources.checking import BadSource

SUMMIT = "wm7v8ets"




def stored_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def pdf_of(paragraph_groups):
    """Return a PDF whose page n holds the paragraphs of ``paragraph_groups[n - 1]``, as a printer set them."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for paragraphs in paragraph_groups:
        pdf.add_page()
        for text in paragraphs:
            pdf.multi_cell(0, 6, text.encode("latin-1", "replace").decode("latin-1"))
            pdf.ln(3)
    return bytes(pdf.output())


def wav_of(seconds):
    data = io.BytesIO()
    with wave.open(data, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\0\0" * 8000 * seconds)
    return data.getvalue()


def mp4_of(seconds, rate=10):
    """Return an H.264 video in MP4 of ``seconds``, 160 × 90, its frames growing lighter."""
    import av
    import numpy

    data = io.BytesIO()
    with av.open(data, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 160, 90, "yuv420p"
        for index in range(seconds * rate):
            frame = numpy.full((90, 160, 3), index * 255 // (seconds * rate), dtype=numpy.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
        container.mux(stream.encode())
    return data.getvalue()


@pytest.fixture
def summit(seed_documents):
    return Document.objects.get(public_id=SUMMIT)


@pytest.fixture
def summit_pdf(summit):
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    return pdf_of([texts[:3], texts[3:6], texts[6:9]])


def test_a_pdf_is_stored_once_with_its_pages_rendered_and_each_paragraph_proposed_its_page(summit, summit_pdf,
                                                                                              sources_folder):
    source = attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf", label="Statement (PDF)")
    assert (source.kind, source.content_type, source.page_count, source.size) == ("pdf", "application/pdf", 3,
                                                                                  len(summit_pdf))
    assert source.file.name == f"files/{source.sha256[:2]}/{source.sha256}.pdf"
    pages = list(source.pages.all())
    assert [page.number for page in pages] == [1, 2, 3] and all(abs(page.width - 1400) <= 1 for page in pages)
    assert stored_files(sources_folder) == sorted(
        [source.file.name] + [f"pages/{source.sha256}/{number}.png" for number in (1, 2, 3)])
    proposed = {tie.anchor: tie.page for tie in ParagraphTie.objects.filter(source=source)}
    printed = summit.paragraphs[:9]
    long_enough = {p["anchor"]: number // 3 + 1 for number, p in enumerate(printed) if len(p["text"].split()) > 4}
    assert {anchor: proposed.get(anchor) for anchor in long_enough} == long_enough
    too_short = [p["anchor"] for p in printed if len(p["text"].split()) <= 4]  # "Friends," could be on any page
    assert too_short and not any(anchor in proposed for anchor in too_short)
    assert not ParagraphTie.objects.filter(source=source, confirmed=True).exists()  # proposals, for an editor

    with pytest.raises(BadSource, match="already one of this document's sources"):
        attach_source(summit, io.BytesIO(summit_pdf), "again.pdf")
    other = Document.objects.exclude(pk=summit.pk).first()
    attach_source(other, io.BytesIO(summit_pdf), "the same file.pdf")
    assert len(stored_files(sources_folder)) == 4  # the same bytes are stored once


def test_a_recording_keeps_its_length_and_has_no_pages(summit):
    source = attach_source(summit, io.BytesIO(wav_of(3)), "interview.wav")
    assert (source.kind, source.content_type, source.duration, source.page_count) == ("audio", "audio/wav", 3.0, 0)
    video = attach_source(summit, io.BytesIO(mp4_of(4)), "press conference.mp4")
    assert (video.kind, video.content_type, video.extension, video.duration, video.page_count) == (
        "video", "video/mp4", "mp4", 4.0, 0)


def test_a_scan_is_re_encoded_as_pixels_only(summit, sources_folder):
    from PIL import Image

    scan = io.BytesIO()
    Image.new("RGB", (2000, 2800), "white").save(scan, "PNG", pnginfo=comment("Scanned at the ministry; secret note"))
    source = attach_source(summit, io.BytesIO(scan.getvalue()), "page.png")
    [page] = source.pages.all()
    assert page.image.name.endswith("/1.jpg") and (page.width, page.height) == (1400, 1960)
    assert b"secret note" not in (sources_folder / page.image.name).read_bytes()


def comment(text):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return info


# Hostile files: refused with a message, nothing stored


def zip_bomb():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * 50_000_000)
    return data.getvalue()


def pdf_bomb(inflated_bytes):
    """A one-page PDF whose content stream inflates to ``inflated_bytes`` of spaces."""
    stream = zlib.compress(b" " * inflated_bytes, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


HOSTILE = {
    "comment.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\0" * 20 + b"tEXt<script>alert(1)</script>", "holds web markup"),
    "polyglot.pdf": (b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n" + b"%%EOF\n",
                     "holds web markup"),
    "html-first.pdf": (b"<html><script>alert(1)</script>%PDF-1.4\n%%EOF\n", "holds web markup"),
    "drawing.svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "holds web markup"),
    "scan.zip": (zip_bomb(), "is a ZIP file"),
    "page.exe": (b"MZ\x90\x00" + b"\0" * 200, "is a EXE file"),
    "empty.pdf": (b"", "is empty"),
    "broken.pdf": (b"%PDF-1.7\n" + b"garbage " * 200, "cannot be shown: it does not open as a PDF"),
    "interview.mp3": (b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff" * 500, "does not open as a recording"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_or_broken_file_is_refused_with_a_message_and_nothing_stored(summit, sources_folder, name):
    content, message = HOSTILE[name]
    with pytest.raises(BadSource, match=message):
        attach_source(summit, io.BytesIO(content), name)
    assert stored_files(sources_folder) == [] and not SourceFile.objects.exists()


def test_a_pdf_that_inflates_past_the_render_limits_is_refused(summit, sources_folder, settings):
    settings.SOURCE_RENDER_MEMORY_MB = 400
    with pytest.raises(BadSource, match="within the archive's limits of memory and time"):
        attach_source(summit, io.BytesIO(pdf_bomb(600_000_000)), "bomb.pdf")
    assert stored_files(sources_folder) == [] and not SourcePage.objects.exists()


def test_an_image_of_too_many_pixels_is_refused(summit, sources_folder):
    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 million pixels in a few kilobytes
    with pytest.raises(BadSource, match="does not open as an image within the archive's limits"):
        attach_source(summit, io.BytesIO(bomb.getvalue()), "scan.png")
    assert stored_files(sources_folder) == []


def test_sizes_and_an_editors_day_are_bounded(summit, settings):
    settings.SOURCE_MOST_MB = {**settings.SOURCE_MOST_MB, "audio": 0}
    with pytest.raises(BadSource, match="is 0.0 MB; an audio recording may be 0 MB at most"):
        attach_source(summit, io.BytesIO(wav_of(1)), "long.wav")
    settings.SOURCE_MOST_MB = {**settings.SOURCE_MOST_MB, "audio": 500}
    editor = User.objects.create_user("editor")
    settings.SOURCE_FILES_PER_EDITOR_PER_DAY = 1
    attach_source(summit, io.BytesIO(wav_of(1)), "one.wav", added_by=editor)
    with pytest.raises(BadSource, match="as many as an editor may in a day"):
        attach_source(summit, io.BytesIO(wav_of(2)), "two.wav", added_by=editor)


def test_an_editor_sees_what_they_have_added_today_of_their_allowance(summit, client, settings):
    from .test_admin import staff_member

    publisher = staff_member("publisher", "Publishers")
    attach_source(summit, io.BytesIO(wav_of(60)), "one.wav", added_by=publisher)  # 960 KB
    attach_source(summit, io.BytesIO(wav_of(1)), "someone else's.wav")
    settings.SOURCE_FILES_PER_EDITOR_PER_DAY, settings.SOURCE_MB_PER_EDITOR_PER_DAY = 5, 50
    client.force_login(publisher)
    page = client.get(f"/admin/speeches/document/{summit.pk}/sources/").content.decode()
    assert "you have added 1 of the 5 source files\n     and 1.0 of the 50 MB an editor may add in a day" in page


# Serving


def test_a_published_documents_source_is_served_inert_and_in_ranges(summit, summit_pdf, client):
    recording = attach_source(summit, io.BytesIO(wav_of(2)), "interview.wav")
    pdf = attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf")

    whole = client.get(recording.get_absolute_url())
    body = b"".join(whole.streaming_content)
    assert (whole.status_code, whole["Content-Type"], body) == (200, "audio/wav", wav_of(2))
    assert whole["X-Content-Type-Options"] == "nosniff" and whole["Content-Security-Policy"].startswith("sandbox")
    assert whole["Accept-Ranges"] == "bytes" and whole["Cache-Control"].startswith("public")

    part = client.get(recording.get_absolute_url(), HTTP_RANGE="bytes=100-199")
    assert (part.status_code, part["Content-Range"], b"".join(part.streaming_content)) == (
        206, f"bytes 100-199/{recording.size}", body[100:200])
    tail = client.get(recording.get_absolute_url(), HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == body[-10:]
    assert client.get(recording.get_absolute_url(), HTTP_RANGE=f"bytes={recording.size}-").status_code == 416
    # Served with no validator, so an If-Range can name none: the whole file (RFC 9110 13.1.5)
    assert client.get(recording.get_absolute_url(), HTTP_RANGE="bytes=100-199", HTTP_IF_RANGE='"x"').status_code == 200

    download = client.get(pdf.get_absolute_url())
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")
    page = client.get(f"/sources/{pdf.sha256}/pages/2")
    assert page["Content-Type"] == "image/png" and b"".join(page.streaming_content).startswith(b"\x89PNG")
    assert client.get(f"/sources/{pdf.sha256}/pages/4").status_code == 404
    assert client.get(f"/sources/{pdf.sha256}.wav").status_code == 404
    assert client.post(recording.get_absolute_url()).status_code == 405


def test_a_drafts_sources_are_seen_only_by_staff_who_may_see_documents(summit, summit_pdf, client):
    draft = Document.objects.create(title="A draft", body="Not yet.")
    source = attach_source(draft, io.BytesIO(wav_of(1)), "draft.wav")
    pdf = attach_source(draft, io.BytesIO(summit_pdf), "statement.pdf")
    addresses = [source.get_absolute_url(), pdf.get_absolute_url(), f"/sources/{pdf.sha256}/pages/1"]
    assert [client.get(address).status_code for address in addresses] == [404, 404, 404]
    client.force_login(User.objects.create_user("staff", is_staff=True))  # may log in to the admin, see nothing
    assert [client.get(address).status_code for address in addresses] == [404, 404, 404]
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(viewer)
    assert [client.get(address).status_code for address in addresses] == [200, 200, 200]
    staff = User.objects.create_user("editor", is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")


def test_a_deleted_documents_files_go_with_it_unless_another_holds_them(summit, summit_pdf, sources_folder,
                                                                         django_capture_on_commit_callbacks):
    draft = Document.objects.create(title="A draft", body="Not yet.")
    with django_capture_on_commit_callbacks(execute=True):
        attach_source(draft, io.BytesIO(wav_of(1)), "draft.wav")
        attach_source(draft, io.BytesIO(summit_pdf), "statement.pdf")
        attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf")
        draft.delete()
    kept = SourceFile.objects.get()
    assert stored_files(sources_folder) == sorted(
        [kept.file.name] + [f"pages/{kept.sha256}/{number}.png" for number in (1, 2, 3)])


def test_a_tie_is_cited_by_page_or_time():
    assert ParagraphTie(page=3).place == "p. 3"
    assert ParagraphTie(start=761.4).place == "at 12:41"
    assert clock(3725) == "1:02:05"


# Regions: the part of a page a paragraph fills


def test_each_paragraph_is_proposed_the_region_of_its_page_its_lines_fill(summit, summit_pdf):
    source = attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf")
    [first, second, third] = [ParagraphTie.objects.get(source=source, anchor=anchor).region for anchor in ("p-4", "p-5", "p-6")]
    for region in (first, second, third):  # the printed column: from the left margin, most of the width
        left, top, width, height = region
        assert 0 < left < 0.1 and 0.7 < width < 0.95 and 0 < height < 0.5 and top + height <= 1
    assert first[1] + first[3] <= second[1] + 0.02 and second[1] + second[3] <= third[1] + 0.02  # top down, apart
    lines = source.pages.get(number=2).lines
    assert lines and all(0 <= value <= 1 for line in lines for value in line[:4]) and all(line[4] for line in lines)


def test_a_paragraph_hyphenated_across_lines_is_found_and_one_filling_its_page_has_no_region(summit):
    articles = [f"Article {number} binds the parties to clause {number + 1} of the treaty." for number in range(32)]
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Opening words of the page, nothing of the paragraphs that follow here.", new_x="LMARGIN")
    pdf.ln(20)
    pdf.multi_cell(0, 6, "We speak of a lasting commit-\nment to the corridor and to the ports of the Caspian.")
    pdf.add_page()
    for article in articles:
        pdf.multi_cell(0, 8, article, new_x="LMARGIN")
    document = Document.objects.create(title="Hyphens", body="We speak of a lasting commitment to the corridor and "
                                       "to the ports of the Caspian.\n\n" + " ".join(articles))
    source = attach_source(document, io.BytesIO(bytes(pdf.output())), "hyphens.pdf")
    hyphenated, filling = (ParagraphTie.objects.get(source=source, anchor=anchor) for anchor in ("p-1", "p-2"))
    assert hyphenated.page == 1 and hyphenated.region[1] > 0.1 and hyphenated.region[3] < 0.1  # its two lines only
    assert filling.page == 2 and filling.region is None


def sources_page(client, document):
    return f"/admin/speeches/document/{document.pk}/sources/"


def ties_form(response):
    form = response.context["ties"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


def test_an_editor_sees_and_corrects_a_proposed_region_and_readers_see_it(summit, summit_pdf, client):
    from .test_admin import staff_member

    source = attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf", label="Statement (PDF)")
    client.force_login(staff_member("publisher", "Publishers"))
    page = client.get(sources_page(client, summit))
    fields = ties_form(page)
    proposed = ParagraphTie.objects.get(source=source, anchor="p-4").region
    assert fields[f"region-tie-{source.pk}-p-4"] == ", ".join(f"{round(part * 100, 1):g}" for part in proposed)
    assert 'aria-label="Region of the page of Statement (PDF) (left, top, width, height in %)"' in page.content.decode()

    fields.update({f"region-tie-{source.pk}-p-4": "5%, 20%, 90%, 30%", f"region-tie-{source.pk}-p-5": "",
                   "save_ties": "Save the ties"})
    assert client.post(sources_page(client, summit), fields).status_code == 302
    assert ParagraphTie.objects.get(source=source, anchor="p-4").region == [0.05, 0.2, 0.9, 0.3]
    assert ParagraphTie.objects.get(source=source, anchor="p-5").region is None  # emptied: the whole page

    places = client.get(summit.get_absolute_url()).context["source_viewer"]["places"]
    assert places["p-4"]["page"]["region"] == [0.05, 0.2, 0.9, 0.3] and places["p-5"]["page"]["region"] is None


@pytest.mark.parametrize("region, page, message", [
    ("5, 20, 90", "2", "A region is four percentages of the page"),
    ("5, 20, 90, 30, 1", "2", "A region is four percentages of the page"),
    ("-5, 20, 90, 30", "2", "A region is four percentages of the page"),
    ("left, 20, 90, 30", "2", "A region is four percentages of the page"),
    ("50, 20, 60, 30", "2", "A region must lie on the page"),
    ("5, 20, 0, 30", "2", "A region must lie on the page"),
    ("5, 20, 90, 30", "", "Choose the page the region is on."),
])
def test_a_region_that_is_not_on_the_page_is_refused_and_nothing_saved(summit, summit_pdf, client, region, page,
                                                                       message):
    from .test_admin import staff_member

    source = attach_source(summit, io.BytesIO(summit_pdf), "statement.pdf")
    client.force_login(staff_member("publisher", "Publishers"))
    fields = ties_form(client.get(sources_page(client, summit)))
    fields.update({f"tie-{source.pk}-p-4": page, f"region-tie-{source.pk}-p-4": region, "save_ties": "Save"})
    response = client.post(sources_page(client, summit), fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ParagraphTie.objects.filter(confirmed=True).exists()
