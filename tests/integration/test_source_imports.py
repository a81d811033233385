"""Sources named by an import record: files beside the import file (never outside its folder), web
addresses fetched over real HTTP and HTTPS by a bounded download (never from a private address unless
allowed, never from a server whose certificate fails), a record and its sources stored together or not
at all, and export → import giving them back."""
import datetime
import hashlib
import http.server
import io
import ipaddress
import json
import shutil
import ssl
import subprocess
import threading
import time

import pytest
from django.utils import timezone

from speeches.importers.document_files import export_record
from speeches.importers.importing import import_paths
from speeches.models import Document, SourceFile
from speeches.models.sources import sources_storage
from speeches.sources.downloading import is_public

from .test_sources import pdf_of, stored_files, wav_of

pytestmark = pytest.mark.django_db
PARAGRAPHS = ["The ministers met in Astana to open the new corridor.",
              "They agreed to meet again in the spring of the following year."]
RECORD = {"title": "Joint statement on the corridor", "body": "\n\n".join(PARAGRAPHS), "external_id": "corridor-1",
          "status": "published"}


@pytest.fixture(autouse=True)
def sources_folder(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "sources": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "sources"}}}
    settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE = True  # the test server is on loopback
    settings.SOURCE_DOWNLOAD_TIMEOUT_SECONDS = 5
    return tmp_path / "sources"


@pytest.fixture
def imports(tmp_path):
    folder = tmp_path / "imports"
    folder.mkdir()
    return folder


@pytest.fixture
def statement_pdf():
    return pdf_of([PARAGRAPHS])


def write_import(folder, *records, name="records.jsonl"):
    path = folder / name
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def with_sources(*sources, **changes):
    return {**RECORD, **changes, "sources": list(sources)}


class WebServer:
    """A real HTTP server on loopback in a thread, answering each path as ``routes`` says:
    (status, headers, body) or a function of the request handler. With ``tls`` (a certificate's
    and its key's files), an HTTPS server named ``host`` in its addresses."""

    def __init__(self, tls=None, host="127.0.0.1"):
        self.routes, self.requests = {}, []
        self.scheme, self.host = ("https" if tls else "http"), host
        web = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the connection closes

            def do_GET(self):
                web.requests.append(self.path)
                route = web.routes.get(self.path, (404, {}, b"not here"))
                if callable(route):
                    return route(self)
                status, headers, body = route
                self.send_response(status)
                for key, value in {"Content-Length": str(len(body)), **headers}.items():
                    if value is not None:
                        self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            # A handshake the client refuses fails in accept(), which the server shrugs off (socketserver).
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"{self.scheme}://{self.host}:{self.server.server_port}{path}"

    def serve(self, path, body, content_type="application/pdf", **headers):
        self.routes[path] = (200, {"Content-Type": content_type, **headers}, body)
        return self.url(path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def web():
    server = WebServer()
    yield server
    server.close()


def only_error(report):
    [outcome] = report.outcomes
    assert outcome.action == "error", outcome
    return outcome.detail


# Files beside the import file


def test_a_file_beside_the_import_is_attached_once_however_often_the_record_is_imported(
        imports, statement_pdf, sources_folder):
    (imports / "pdfs").mkdir()
    (imports / "pdfs" / "statement.pdf").write_bytes(statement_pdf)
    path = write_import(imports, with_sources(
        {"file": "pdfs/statement.pdf", "label": "Statement (PDF)", "retrieved_on": "2025-06-17"}))
    report = import_paths([path], local_files=True)
    assert report.counts["created"] == 1, report.outcomes
    source = SourceFile.objects.get()
    assert (source.label, source.original_name, source.retrieved_on, source.retrieved_from, source.page_count) == (
        "Statement (PDF)", "statement.pdf", datetime.date(2025, 6, 17), "", 1)
    assert source.sha256 == hashlib.sha256(statement_pdf).hexdigest() and source.ties.count() == 2

    again = import_paths([path], local_files=True)
    assert again.counts["unchanged"] == 1 and SourceFile.objects.count() == 1
    added = write_import(imports, with_sources({"file": "pdfs/statement.pdf"}, {"file": "interview.wav"}))
    (imports / "interview.wav").write_bytes(wav_of(1))
    [outcome] = import_paths([added], local_files=True).outcomes
    assert (outcome.action, outcome.detail) == ("updated", "changed: sources")
    assert [source.kind for source in SourceFile.objects.all()] == ["pdf", "audio"]


@pytest.mark.parametrize("given, message", [
    ("../outside.pdf", "may not leave the import file's folder"),
    ("pdfs/../../outside.pdf", "may not leave the import file's folder"),
    ("/tmp/outside.pdf", "must be relative to the import file's folder"),
    ("C:\\outside.pdf", "must be relative to the import file's folder"),
    ("link.pdf", "is a link to a file outside"),
    ("missing.pdf", "there is no file 'missing.pdf'"),
    ("pdfs", "is not a file"),
])
def test_a_file_outside_the_import_folder_or_missing_fails_the_record(imports, statement_pdf, sources_folder,
                                                                       given, message):
    (imports.parent / "outside.pdf").write_bytes(statement_pdf)
    (imports / "link.pdf").symlink_to(imports.parent / "outside.pdf")
    (imports / "pdfs").mkdir()
    report = import_paths([write_import(imports, with_sources({"file": given}))], local_files=True)
    assert message in only_error(report) and only_error(report).startswith("sources[1]")
    assert not Document.objects.filter(external_id="corridor-1").exists() and stored_files(sources_folder) == []


def test_an_uploaded_import_may_not_name_files(imports, statement_pdf):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    report = import_paths([write_import(imports, with_sources({"file": "statement.pdf"}))])  # as the admin calls it
    assert "read only by manage.py import_documents" in only_error(report)


def test_a_record_whose_second_source_is_refused_stores_neither_nor_the_document(imports, statement_pdf,
                                                                                 sources_folder):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    (imports / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"garbage " * 200)  # a PDF by its bytes, but no pages
    report = import_paths([write_import(imports, with_sources({"file": "statement.pdf"}, {"file": "broken.pdf"}))],
                          local_files=True)
    assert "sources[2] (broken.pdf)" in only_error(report) and "does not open as a PDF" in only_error(report)
    assert not Document.objects.filter(external_id="corridor-1").exists()
    assert not SourceFile.objects.exists() and stored_files(sources_folder) == []


def test_a_source_must_have_the_sha256_the_record_gives(imports, statement_pdf):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    report = import_paths([write_import(imports, with_sources({"file": "statement.pdf", "sha256": "0" * 64}))],
                          local_files=True)
    assert f"its SHA-256 is {hashlib.sha256(statement_pdf).hexdigest()}, not the {'0' * 64}" in only_error(report)


def test_a_source_is_a_file_or_a_url_with_known_keys(imports):
    for source, message in [({"label": "No file"}, "give either a file"),
                            ({"file": "a.pdf", "url": "https://example.org/a.pdf"}, "give either a file"),
                            ({"url": "ftp://example.org/a.pdf"}, "url 'ftp://example.org/a.pdf' is not an http(s) URL"),
                            ({"file": "a.pdf", "page_ties": []}, "unknown key(s): page_ties"),
                            ({"file": "a.pdf", "retrieved_on": "2025-06"}, "retrieved_on must be a full date"),
                            ({"file": "a.pdf", "sha256": "abc"}, "is not a SHA-256")]:
        report = import_paths([write_import(imports, with_sources(source))], local_files=True)
        assert message in only_error(report), source


# Web addresses, over real HTTP


def test_a_url_is_fetched_with_where_and_when_it_came_from(imports, web, statement_pdf, sources_folder):
    url = web.serve("/files/statement.pdf", statement_pdf)
    web.routes["/latest"] = (302, {"Location": "/files/statement.pdf"}, b"")
    report = import_paths([write_import(imports, with_sources({"url": web.url("/latest"), "label": "Statement"}))])
    assert report.counts["created"] == 1, report.outcomes
    source = SourceFile.objects.get()
    assert (source.retrieved_from, source.retrieved_on, source.label) == (web.url("/latest"), timezone.localdate(),
                                                                          "Statement")
    assert (sources_folder / source.file.name).read_bytes() == statement_pdf
    assert web.requests == ["/latest", "/files/statement.pdf"] and url.endswith("/files/statement.pdf")

    again = import_paths([write_import(imports, with_sources({"url": url, "sha256": source.sha256}))])
    assert again.counts["unchanged"] == 1 and len(web.requests) == 2  # the document has it: not fetched again


def test_a_download_larger_than_any_source_is_cut_off_while_it_streams(imports, web, settings, sources_folder):
    settings.SOURCE_MOST_MB = {kind: 1 for kind in settings.SOURCE_MOST_MB}
    sent, done = [], threading.Event()

    def endless_pdf(handler):  # no Content-Length: only counting what arrives can stop it
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.end_headers()
        try:
            for _ in range(200):  # 50 MB, if nobody stopped listening
                handler.wfile.write(b"%PDF-1.4\n" + b" " * (256 * 1024 - 9))
                sent.append(1)
        except OSError:
            sent.append("cut off")
        finally:
            done.set()

    web.routes["/huge.pdf"] = endless_pdf
    report = import_paths([write_import(imports, with_sources({"url": web.url("/huge.pdf")}))])
    assert "is larger than 1 MB, more than any source may be" in only_error(report)
    assert done.wait(10) and sent[-1] == "cut off" and len(sent) < 100
    assert stored_files(sources_folder) == [] and not Document.objects.filter(external_id="corridor-1").exists()


@pytest.mark.parametrize("dripped_from", ["the status line", "the body"])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(imports, web, settings, dripped_from):
    settings.SOURCE_DOWNLOAD_SECONDS = 1  # each byte comes well within the 5 s one receive may wait
    head = b"HTTP/1.0 200 OK\r\nContent-Type: application/pdf\r\n\r\n"
    answer = head + b"%PDF-1.4\n" + b" " * 100
    start = 0 if dripped_from == "the status line" else len(head)
    done = threading.Event()

    def drip(handler):
        try:
            handler.wfile.write(answer[:start])
            for byte in answer[start:start + 40]:  # 8 s, if nobody stopped listening
                handler.wfile.write(bytes([byte]))
                time.sleep(0.2)
        except OSError:
            pass
        finally:
            done.set()

    web.routes["/slow.pdf"] = drip
    began = time.monotonic()
    report = import_paths([write_import(imports, with_sources({"url": web.url("/slow.pdf")}))])
    assert "took longer than 1 s to download" in only_error(report)
    assert time.monotonic() - began < 2.5
    assert done.wait(5)


def test_a_download_declared_larger_than_any_source_is_refused_before_it_is_read(imports, web, settings):
    settings.SOURCE_MOST_MB = {kind: 1 for kind in settings.SOURCE_MOST_MB}
    web.routes["/declared.pdf"] = (200, {"Content-Type": "application/pdf", "Content-Length": "5000000"}, b"%PDF")
    report = import_paths([write_import(imports, with_sources({"url": web.url("/declared.pdf")}))])
    assert "is larger than 1 MB" in only_error(report)


@pytest.mark.parametrize("content_type, body, message", [
    ("text/html; charset=utf-8", b"<html><body>Please log in</body></html>", "is served as text/html"),
    ("application/octet-stream", b"<html><script>alert(1)</script></html>", "holds web markup"),
    ("application/octet-stream", b"PK\x03\x04" + b"\0" * 100, "is a ZIP file"),
])
def test_a_download_that_is_not_a_source_is_refused(imports, web, sources_folder, content_type, body, message):
    url = web.serve("/statement.pdf", body, content_type)
    assert message in only_error(import_paths([write_import(imports, with_sources({"url": url}))]))
    assert stored_files(sources_folder) == []


@pytest.mark.parametrize("location, message", [
    ("file:///etc/passwd", "is not an http or https address"),
    ("ftp://127.0.0.1/statement.pdf", "is not an http or https address"),
    ("http://user:secret@127.0.0.1/statement.pdf", "may not hold a user name or password"),
])
def test_a_redirect_is_checked_as_the_first_address_was(imports, web, location, message):
    web.routes["/moved"] = (302, {"Location": location}, b"")
    assert message in only_error(import_paths([write_import(imports, with_sources({"url": web.url("/moved")}))]))


def test_endless_redirects_are_refused(imports, web):
    web.routes["/a"] = (302, {"Location": "/b"}, b"")
    web.routes["/b"] = (301, {"Location": "/a"}, b"")
    assert "redirects more than 3 times" in only_error(import_paths([write_import(imports, with_sources(
        {"url": web.url("/a")}))]))
    assert len(web.requests) == 4


def test_a_private_address_is_refused_unless_the_setting_allows_it(imports, web, statement_pdf, settings):
    settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE = False
    url = web.serve("/statement.pdf", statement_pdf)
    for address in [url, url.replace("127.0.0.1", "localhost")]:
        detail = only_error(import_paths([write_import(imports, with_sources({"url": address}))]))
        assert "a private, loopback or local address the archive does not fetch from" in detail
    assert web.requests == []  # refused before connecting
    settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE = True
    assert import_paths([write_import(imports, with_sources({"url": url}))]).counts["created"] == 1


def test_a_dry_run_checks_sources_and_stores_nothing(imports, web, statement_pdf, sources_folder):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    url = web.serve("/interview.wav", wav_of(1), "audio/wav")
    path = write_import(imports, with_sources({"file": "statement.pdf"}, {"url": url, "label": "Interview"}))
    [outcome] = import_paths([path], dry_run=True, local_files=True).outcomes
    assert outcome.action == "created" and outcome.notes == ["sources[2]: " + url + " will be fetched when imported"]
    assert web.requests == [] and stored_files(sources_folder) == [] and not Document.objects.filter(
        external_id="corridor-1").exists()

    (imports / "statement.pdf").write_bytes(b"<html>not a pdf</html>")
    assert "holds web markup" in only_error(import_paths([path], dry_run=True, local_files=True))
    (imports / "statement.pdf").write_bytes(statement_pdf)
    import_paths([path], local_files=True)
    again = import_paths([write_import(imports, with_sources({"file": "statement.pdf"}))], dry_run=True,
                         local_files=True)
    assert again.counts["unchanged"] == 1


def test_export_then_import_into_an_empty_archive_gives_the_sources_back(imports, web, statement_pdf, settings,
                                                                         sources_folder, tmp_path):
    url = web.serve("/press/statement.pdf", statement_pdf)
    web.serve("/press/interview.wav", wav_of(2), "audio/wav")
    path = write_import(imports, with_sources(
        {"url": url, "label": "Statement (PDF)", "retrieved_on": "2025-06-17",
         "ties": [{"paragraph": 2, "page": 1, "region": [5, 12.5, 90, 20]}]},
        {"url": web.url("/press/interview.wav"), "label": "Interview", "retrieved_from": "https://example.org/i",
         "ties": [{"paragraph": 1, "start": 0.5, "end": 1}]}))
    assert import_paths([path]).counts["created"] == 1
    # The old archive still online, at its own address: the export names its files there.
    settings.ARCHIVE_BASE_URL = web.url("")
    document = Document.objects.get(external_id="corridor-1")
    exported = export_record(document)
    for source in document.sources.all():
        with sources_storage().open(source.file.name) as stream:
            web.serve(source.get_absolute_url(), stream.read(), source.content_type)
    assert exported["sources"] == [
        {"url": web.url(f"/sources/{hashlib.sha256(statement_pdf).hexdigest()}.pdf"), "label": "Statement (PDF)",
         "sha256": hashlib.sha256(statement_pdf).hexdigest(), "retrieved_from": url, "retrieved_on": "2025-06-17",
         "ties": [{"paragraph": 2, "page": 1, "region": [5, 12.5, 90, 20]}]},
        {"url": web.url(f"/sources/{hashlib.sha256(wav_of(2)).hexdigest()}.wav"), "label": "Interview",
         "sha256": hashlib.sha256(wav_of(2)).hexdigest(), "retrieved_from": "https://example.org/i",
         "retrieved_on": timezone.localdate().isoformat(), "ties": [{"paragraph": 1, "start": 0.5, "end": 1}]}]

    document.delete()
    shutil.rmtree(sources_folder)
    report = import_paths([write_import(tmp_path, exported, name="export.jsonl")])
    assert report.counts["created"] == 1, report.outcomes
    assert export_record(Document.objects.get(external_id="corridor-1")) == exported
    assert import_paths([write_import(tmp_path, exported, name="export.jsonl")]).counts["unchanged"] == 1


def test_the_import_command_reads_files_beside_the_import_file(imports, statement_pdf):
    from django.core.management import call_command

    (imports / "statement.pdf").write_bytes(statement_pdf)
    call_command("import_documents", str(write_import(imports, with_sources({"file": "statement.pdf"}))),
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert SourceFile.objects.get().original_name == "statement.pdf"


@pytest.mark.parametrize("address, public", [
    ("93.184.215.14", True), ("2606:4700::6810:84e5", True), ("127.0.0.1", False), ("10.1.2.3", False),
    ("192.168.0.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("::1", False), ("fe80::1", False),
    ("fd00::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("224.0.0.1", False),
    ("0.0.0.0", False),
])
def test_only_public_internet_addresses_are_fetched_from(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


# Ties: where the record's editor says each paragraph is


def test_a_records_ties_are_confirmed_as_given_and_replace_the_proposals(imports, statement_pdf):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    (imports / "interview.wav").write_bytes(wav_of(90))
    path = write_import(imports, with_sources(
        {"file": "statement.pdf", "ties": [{"paragraph": 2, "page": 1, "region": [5, 10, 90, 20]}]},
        {"file": "interview.wav", "ties": [{"paragraph": 1, "start": "0:12"}, {"paragraph": 2, "start": 41.5,
                                                                              "end": "1:02"}]}))
    assert import_paths([path], local_files=True).counts["created"] == 1
    document = Document.objects.get(external_id="corridor-1")
    pdf, recording = document.sources.all()
    ties = {(tie.source.kind, tie.anchor): tie for tie in document.paragraph_ties.all()}
    assert (ties["pdf", "p-2"].page, ties["pdf", "p-2"].region, ties["pdf", "p-2"].confirmed) == (
        1, [0.05, 0.1, 0.9, 0.2], True)
    assert not ties["pdf", "p-1"].confirmed  # proposed from its text, for an editor to confirm
    assert [(tie.start, tie.end, tie.confirmed) for key, tie in sorted(ties.items()) if key[0] == "audio"] == [
        (12, None, True), (41.5, 62, True)]
    assert document.source_tie("p-2").place == "p. 1"

    moved = write_import(imports, with_sources({"file": "statement.pdf"}, {
        "file": "interview.wav", "ties": [{"paragraph": 1, "start": "0:15"}, {"paragraph": 2, "start": 41.5,
                                                                             "end": "1:02"}]}), name="moved.jsonl")
    [outcome] = import_paths([moved], local_files=True).outcomes
    assert (outcome.action, outcome.detail) == ("updated", "changed: ties")
    assert document.paragraph_ties.get(anchor="p-1", source=recording).start == 15
    assert import_paths([moved], local_files=True).counts["unchanged"] == 1


@pytest.mark.parametrize("ties, message", [
    ([{"paragraph": 3, "page": 1}], "sources[1].ties[1]: the document has 2 paragraphs, not 3"),
    ([{"paragraph": 1, "page": 2}], "has 1 page(s), not 2"),
    ([{"paragraph": 1, "start": "0:05"}], "statement.pdf has pages, not times: give a page"),
    ([{"paragraph": 1, "page": 1, "region": [50, 10, 60, 20]}], "a region must lie on the page"),
    ([{"paragraph": 1, "page": 1, "region": "top half"}], "a region is four percentages"),
    ([{"paragraph": 0, "page": 1}], "paragraph must be the paragraph's number, from 1"),
    ([{"paragraph": 1}], "give either a page"),
    ([{"paragraph": 1, "page": 1}, {"paragraph": 1, "page": 1}], "a paragraph is tied twice"),
    ([{"paragraph": 1, "page": 1, "line": 4}], "unknown key(s): line"),
    ({"1": 1}, "ties must be a list"),
])
def test_a_tie_its_source_or_document_cannot_have_fails_the_record(imports, statement_pdf, sources_folder, ties,
                                                                    message):
    (imports / "statement.pdf").write_bytes(statement_pdf)
    report = import_paths([write_import(imports, with_sources({"file": "statement.pdf", "ties": ties}))],
                          local_files=True)
    assert message in only_error(report), only_error(report)
    assert not Document.objects.filter(external_id="corridor-1").exists() and stored_files(sources_folder) == []


@pytest.mark.parametrize("ties, message", [
    ([{"paragraph": 1, "start": "2:00"}], "is 1:30 long"),
    ([{"paragraph": 1, "start": "0:20", "end": "0:10"}], "end must come after start"),
    ([{"paragraph": 1, "start": "twelve"}], "is not a time"),
    ([{"paragraph": 1, "page": 1}], "interview.wav is a recording: give a start time, not a page"),
])
def test_a_recordings_tie_outside_it_fails_the_record(imports, ties, message):
    (imports / "interview.wav").write_bytes(wav_of(90))
    report = import_paths([write_import(imports, with_sources({"file": "interview.wav", "ties": ties}))],
                          local_files=True)
    assert message in only_error(report), only_error(report)


# Web addresses, over real HTTPS: certificates made for each test session by the openssl command


def openssl(*arguments, folder):
    subprocess.run(["openssl", *arguments], cwd=folder, check=True, capture_output=True)


def certificate(folder, name, names, signed_by=None):
    """Make ``name``.pem and ``name``.key in ``folder``: a server certificate for ``names`` (its
    subjectAltName), issued by the authority ``signed_by`` or, without one, signed by itself."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f"{name}.key"]
    if signed_by is None:
        openssl("req", "-x509", "-new", *key, "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN={name}",
                "-addext", f"subjectAltName={names}", folder=folder)
    else:
        (folder / f"{name}.ext").write_text(f"subjectAltName={names}\nbasicConstraints=CA:FALSE\n"
                                            "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
        openssl("req", "-new", *key, "-out", f"{name}.csr", "-subj", f"/CN={name}", folder=folder)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{signed_by}.pem", "-CAkey", f"{signed_by}.key",
                "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem", folder=folder)
    return folder / f"{name}.pem", folder / f"{name}.key"


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    """An authority the tests trust (its certificate: ``authority``) and server certificates: one it issued
    for this machine, one it issued for another host, and one signed by itself."""
    folder = tmp_path_factory.mktemp("certificates")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "authority.key"]
    openssl("req", "-x509", "-new", *key, "-out", "authority.pem", "-days", "2", "-subj", "/CN=Test sources authority",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            folder=folder)
    return {
        "authority": folder / "authority.pem",
        "this machine": certificate(folder, "localhost", "DNS:localhost,IP:127.0.0.1", signed_by="authority"),
        "another host": certificate(folder, "elsewhere", "DNS:elsewhere.example", signed_by="authority"),
        "self-signed": certificate(folder, "self", "DNS:localhost,IP:127.0.0.1"),
    }


@pytest.fixture
def secure_web(certificates, settings):
    """An HTTPS server at https://localhost with a certificate of the authority the archive is told to trust."""
    settings.SOURCE_DOWNLOAD_CA_BUNDLE = str(certificates["authority"])
    server = WebServer(tls=certificates["this machine"], host="localhost")
    yield server
    server.close()


def test_a_url_over_https_is_fetched_from_a_server_whose_certificate_is_trusted(imports, secure_web, statement_pdf,
                                                                                sources_folder):
    url = secure_web.serve("/press/statement.pdf", statement_pdf)
    assert url.startswith("https://localhost:")
    report = import_paths([write_import(imports, with_sources({"url": url, "label": "Statement"}))])
    assert report.counts["created"] == 1, report.outcomes
    source = SourceFile.objects.get()
    assert (source.sha256, source.size) == (hashlib.sha256(statement_pdf).hexdigest(), len(statement_pdf))
    assert (source.retrieved_from, source.retrieved_on) == (url, timezone.localdate())
    assert (sources_folder / source.file.name).read_bytes() == statement_pdf
    assert secure_web.requests == ["/press/statement.pdf"]


def test_without_the_bundle_only_the_systems_authorities_are_trusted(imports, secure_web, statement_pdf, settings):
    settings.SOURCE_DOWNLOAD_CA_BUNDLE = ""
    url = secure_web.serve("/statement.pdf", statement_pdf)
    detail = only_error(import_paths([write_import(imports, with_sources({"url": url}))]))
    assert "its server's certificate was refused (unable to get local issuer certificate)" in detail
    assert secure_web.requests == [] and not SourceFile.objects.exists()


@pytest.mark.parametrize("served_with, host, refusal", [
    ("another host", "localhost", "certificate was refused (Hostname mismatch, certificate is not valid for "
                                  "'localhost'"),
    ("another host", "127.0.0.1", "certificate was refused (IP address mismatch, certificate is not valid for "
                                  "'127.0.0.1'"),
    ("self-signed", "localhost", "certificate was refused (self-signed certificate)"),
])
def test_a_server_whose_certificate_fails_is_refused_and_nothing_is_kept(imports, certificates, settings,
                                                                         statement_pdf, sources_folder, served_with,
                                                                         host, refusal):
    settings.SOURCE_DOWNLOAD_CA_BUNDLE = str(certificates["authority"])
    server = WebServer(tls=certificates[served_with], host=host)
    try:
        url = server.serve("/statement.pdf", statement_pdf)
        detail = only_error(import_paths([write_import(imports, with_sources({"url": url}))]))
        assert detail.startswith(f"sources[1] ({url})") and refusal in detail
        assert "so the server may not be the one named" in detail
        assert server.requests == []  # refused in the handshake: no request was sent
    finally:
        server.close()
    assert stored_files(sources_folder) == [] and not Document.objects.filter(external_id="corridor-1").exists()


def test_a_redirect_from_https_to_http_is_refused_and_one_from_http_to_https_followed(imports, secure_web, web,
                                                                                       statement_pdf):
    plain = web.serve("/statement.pdf", statement_pdf)
    secure_web.routes["/downgrade"] = (302, {"Location": plain}, b"")
    detail = only_error(import_paths([write_import(imports, with_sources({"url": secure_web.url("/downgrade")}))]))
    assert f"redirects from https to http ({plain})" in detail and "give it as the url" in detail
    assert web.requests == []  # the plain address was never asked

    secure = secure_web.serve("/statement.pdf", statement_pdf)
    web.routes["/upgrade"] = (301, {"Location": secure}, b"")
    report = import_paths([write_import(imports, with_sources({"url": web.url("/upgrade")}))])
    assert report.counts["created"] == 1, report.outcomes
    assert SourceFile.objects.get().retrieved_from == web.url("/upgrade")


def test_an_https_server_on_loopback_is_refused_unless_private_addresses_are_allowed(imports, secure_web, settings,
                                                                                     statement_pdf):
    settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE = False
    url = secure_web.serve("/statement.pdf", statement_pdf)
    detail = only_error(import_paths([write_import(imports, with_sources({"url": url}))]))
    assert "the host 'localhost' is at" in detail and "a private, loopback or local address" in detail
    assert secure_web.requests == []


def test_a_bundle_that_cannot_be_read_refuses_the_download_with_a_clear_message(imports, secure_web, settings,
                                                                                  statement_pdf, tmp_path):
    settings.SOURCE_DOWNLOAD_CA_BUNDLE = str(tmp_path / "missing.pem")
    url = secure_web.serve("/statement.pdf", statement_pdf)
    detail = only_error(import_paths([write_import(imports, with_sources({"url": url}))]))
    assert f"the certificate authorities in SOURCE_DOWNLOAD_CA_BUNDLE ({tmp_path / 'missing.pem'})" in detail
    assert secure_web.requests == []
