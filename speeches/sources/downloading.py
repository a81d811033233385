"""Downloading a source file named by a web address, for an import: bounded, and refused early.

Only http and https, with no user name or password in the address; a host is refused when any of
its addresses is private, loopback, link-local or otherwise not on the public internet (unless
``settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE``), and the connection is made to the address that was
checked, so a name that resolves differently a moment later cannot redirect it inward. Connecting
and each read time out, and the whole download (connecting, headers, body) has a deadline no read
waits past, so a server sending a byte at a time cannot hold it longer; the body is cut off as soon as
it is larger than any source may be (``settings.SOURCE_MOST_MB``), and a few redirects are followed,
each address checked again. An https download is made only from a server whose certificate is valid for
its host name and issued by an authority the system trusts (or ``settings.SOURCE_DOWNLOAD_CA_BUNDLE``'s),
and never continues over plain http: a redirect from https to http is refused, as it would let anyone
on the way swap the file the record names by an encrypted address. Markup (an HTML error page, a
login page) is refused from its Content-Type; the bytes themselves are checked by
``checking.check_file`` like any upload's.

The standard library's ``http.client``: the archive's requirements name no HTTP client.
"""
import functools
import http.client
import io
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from .checking import BadSource

MOST_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
COPY_BLOCK = 1 << 16
MOST_URL_LENGTH = 2000
# Served types that are never a source: the bytes would be refused anyway, after the whole download.
REFUSED_TYPES = ("text/", "application/xhtml", "application/xml", "image/svg", "application/json",
                 "application/javascript")


def most_bytes():
    """The largest a source may be, of any kind: a download is cut off past it."""
    return max(settings.SOURCE_MOST_MB.values()) * 1_000_000


def check_url(url):
    """Return ``url`` split (``urlsplit``) if the archive may fetch it, or raise ``BadSource``. The
    host's addresses are checked when it connects (``checked_addresses``)."""
    if not isinstance(url, str) or len(url) > MOST_URL_LENGTH:
        raise BadSource(f"a source's url must be a web address of at most {MOST_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise BadSource(f"{url[:100]!r} is not a web address ({error})") from None
    if parts.scheme not in {"http", "https"}:
        raise BadSource(f"{url[:100]!r} is not an http or https address")
    if parts.username is not None or parts.password is not None:
        raise BadSource(f"the address of a source may not hold a user name or password ({parts.hostname})")
    if not parts.hostname or any(character.isspace() or ord(character) < 32 for character in url):
        raise BadSource(f"{url[:100]!r} is not a web address")
    if port == 0:
        raise BadSource(f"{url[:100]!r} names an impossible port")
    return parts


def checked_addresses(host, port):
    """Return the (family, address) pairs ``host`` resolves to, or raise ``BadSource`` if it resolves
    to none, or to any the archive may not fetch from."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise BadSource(f"the host {host!r} was not found ({error})") from None
    addresses = []
    for family, _, _, _, address in found:
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if not settings.SOURCE_DOWNLOADS_ALLOW_PRIVATE and not is_public(ip):
            raise BadSource(f"the host {host!r} is at {ip}, a private, loopback or local address the archive "
                            "does not fetch from")
        addresses.append((family, address))
    if not addresses:
        raise BadSource(f"the host {host!r} was not found")
    return addresses


def is_public(ip):
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class DeadlinePassed(Exception):
    """The download's deadline passed before it was done."""


def time_left(deadline):
    """Return the seconds left until ``deadline`` (``time.monotonic``), or raise ``DeadlinePassed``."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlinePassed
    return left


class ReceivedByDeadline(io.RawIOBase):
    """A socket's reader (``socket.makefile``'s) whose every receive waits at most until ``deadline``. The
    socket's timeout bounds one receive only: a server sending a byte at a time, each within it, held a
    download whose deadline was 5 s for 24 s, its reads waiting for a whole block or header line."""

    def __init__(self, received, sock, deadline):
        super().__init__()
        self.received, self.sock, self.deadline = received, sock, deadline
        self.timeout = sock.gettimeout()

    def readable(self):
        return True

    def readinto(self, buffer):
        self.sock.settimeout(min(self.timeout, time_left(self.deadline)))
        try:
            return self.received.readinto(buffer)
        except TimeoutError:
            time_left(self.deadline)  # DeadlinePassed if the deadline, not the timeout, ended the wait
            raise

    def close(self):
        self.received.close()
        super().close()


class ResponseByDeadline(http.client.HTTPResponse):
    """A response whose status line, headers and body are all read by ``deadline``."""

    def __init__(self, sock, *args, deadline, **kwargs):
        super().__init__(sock, *args, **kwargs)
        self.fp = io.BufferedReader(ReceivedByDeadline(self.fp.detach(), sock, deadline))


class CheckedConnection:
    """Connects to an address of the host that ``checked_addresses`` let through, not to the name again,
    by ``deadline`` (``time.monotonic``), and reads the response by then too."""

    def __init__(self, *args, deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = self.checked_connection  # http.client sets socket.create_connection here
        self.response_class = functools.partial(ResponseByDeadline, deadline=deadline)
        self.deadline = deadline

    def checked_connection(self, address, timeout, source_address=None):
        host, port = address
        last_error = None
        for family, resolved in checked_addresses(host, port):
            try:
                wait = min(timeout, time_left(self.deadline))
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.settimeout(wait)  # the TLS handshake's bound too
                sock.connect(resolved)
                return sock
            except OSError as error:
                last_error = error
                sock.close()
        raise last_error


class CheckedHTTPConnection(CheckedConnection, http.client.HTTPConnection):
    pass


class CheckedHTTPSConnection(CheckedConnection, http.client.HTTPSConnection):
    pass  # HTTPSConnection.connect wraps the socket made above, checking the certificate for the host's name


def download(url, target, name="the source"):
    """Download ``url`` into the file ``target``; return the address it came from at last (after
    redirects), or raise ``BadSource`` having written at most the cap's worth of bytes."""
    deadline = time.monotonic() + settings.SOURCE_DOWNLOAD_SECONDS
    encrypted = False
    for _ in range(MOST_REDIRECTS + 1):
        parts = check_url(url)
        if encrypted and parts.scheme == "http":
            raise BadSource(f"{name} redirects from https to http ({url[:100]}): the archive does not go on "
                            "unencrypted with a download begun encrypted; if the http address is to be trusted, "
                            "give it as the url")
        encrypted = parts.scheme == "https"
        connection = open_connection(parts, deadline)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={
                "User-Agent": "DiplomaticSpeechArchive/1 (source import)", "Accept": "*/*",
                "Accept-Encoding": "identity"})
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise BadSource(f"{url[:100]} answered a redirect without saying where to")
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                raise BadSource(f"{url[:100]} answered {response.status} {response.reason}")
            check_response(response, url, name)
            copy_response(response, target, name)
            return url
        except DeadlinePassed:
            raise BadSource(f"{name} took longer than {settings.SOURCE_DOWNLOAD_SECONDS} s to download") from None
        except ssl.SSLCertVerificationError as error:
            raise BadSource(f"{url[:100]} could not be downloaded: its server's certificate was refused "
                            f"({error.verify_message}), so the server may not be the one named") from None
        except (OSError, http.client.HTTPException) as error:
            raise BadSource(f"{url[:100]} could not be downloaded ({type(error).__name__}: {error})") from None
        finally:
            connection.close()
    raise BadSource(f"{name} redirects more than {MOST_REDIRECTS} times")


def open_connection(parts, deadline):
    timeout = settings.SOURCE_DOWNLOAD_TIMEOUT_SECONDS
    if parts.scheme == "https":
        return CheckedHTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=tls_context(),
                                      deadline=deadline)
    return CheckedHTTPConnection(parts.hostname, parts.port, timeout=timeout, deadline=deadline)


def tls_context():
    """Return the TLS settings of an https download: certificates checked against the system's
    authorities, or only those of ``settings.SOURCE_DOWNLOAD_CA_BUNDLE`` when it names a file."""
    bundle = settings.SOURCE_DOWNLOAD_CA_BUNDLE or None
    try:
        return ssl.create_default_context(cafile=bundle)
    except OSError as error:  # ssl.SSLError is one too: a file that holds no certificate
        raise BadSource(f"the certificate authorities in SOURCE_DOWNLOAD_CA_BUNDLE ({bundle}) could not be read "
                        f"({error}); ask the archive's administrator") from None


def check_response(response, url, name):
    content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if content_type.startswith(REFUSED_TYPES):
        raise BadSource(f"{url[:100]} is served as {content_type}, not as a PDF, image or recording")
    if (response.getheader("Content-Encoding") or "identity").lower() != "identity":
        raise BadSource(f"{url[:100]} is served compressed ({response.getheader('Content-Encoding')}), "
                        "which the archive does not unpack")
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > most_bytes():
        raise BadSource(too_large(name))


def copy_response(response, target, name):
    most = most_bytes()
    copied = 0
    with open(target, "wb") as stream:
        while block := response.read(COPY_BLOCK):
            copied += len(block)
            if copied > most:
                raise BadSource(too_large(name))
            stream.write(block)


def too_large(name):
    return f"{name} is larger than {most_bytes() // 1_000_000:,} MB, more than any source may be"
