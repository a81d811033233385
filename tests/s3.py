"""A real S3-compatible server on loopback (moto's server mode) for the tests of sources kept in a bucket,
noting every request it answers with the bytes of the body it sends."""
import threading
from dataclasses import dataclass, field
from typing import NamedTuple

from moto.server import ThreadedMotoServer


class Answered(NamedTuple):
    method: str
    path: str  # /<bucket>/<key>: the tests' clients address buckets by path (the server is an IP address)
    range: str  # the Range header asked, or ""
    body_bytes: int


@dataclass
class S3Server:
    """moto's S3 API at ``url``; ``answered`` lists each request since the start or the last ``forget``."""

    url: str
    moto: ThreadedMotoServer
    answered: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def forget(self):
        with self.lock:
            self.answered.clear()

    def gets_of(self, bucket, key):
        """Return the GETs of the object ``key`` answered since the last ``forget``."""
        with self.lock:
            return [request for request in self.answered
                    if request.method == "GET" and request.path == f"/{bucket}/{key}"]

    def noting(self, app):
        """Wrap the server's WSGI ``app``: note each request with the length of the body it answers (its
        Content-Length, which HTTP holds it to), before that body is sent."""
        def noted(environ, start_response):
            def noting_start_response(status, headers, *rest):
                length = next((int(value) for name, value in headers if name.lower() == "content-length"), 0)
                with self.lock:
                    self.answered.append(Answered(environ["REQUEST_METHOD"], environ["PATH_INFO"],
                                                  environ.get("HTTP_RANGE", ""), length))
                return start_response(status, headers, *rest)
            return app(environ, noting_start_response)
        return noted


def run_s3_server():
    """Start moto's server on a free loopback port; return the ``S3Server``. Stop it with ``server.moto.stop()``."""
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    server = S3Server(f"http://{host}:{port}", moto)
    # ThreadedMotoServer takes no middleware: its werkzeug server's app is wrapped once it is up (before any request).
    moto._server.app = server.noting(moto._server.app)
    return server
