"""A long command's progress: a bar on a terminal, a line every so often in a log."""
import sys

from tqdm import tqdm


def progress(stdout, doing, done_line):
    """Return a context manager giving ``on_progress(done, total)``: a bar labelled ``doing`` on a
    terminal, else ``done_line`` (formatted with ``done`` and ``total``) written now and then."""
    return TerminalProgress(doing) if sys.stdout.isatty() else LineProgress(stdout, done_line)


class TerminalProgress:
    def __init__(self, doing):
        self.doing = doing

    def __enter__(self):
        self.bar = None
        return self.update

    def update(self, done, total):
        if self.bar is None:
            self.bar = tqdm(total=total, unit="doc", desc=self.doing)
        self.bar.total = total
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


class LineProgress:
    EVERY = 100

    def __init__(self, stdout, done_line):
        self.stdout, self.done_line = stdout, done_line

    def __enter__(self):
        return self.update

    def update(self, done, total):
        if done % self.EVERY == 0 or done == total:
            self.stdout.write(self.done_line.format(done=done, total=total))

    def __exit__(self, *exc):
        return False
