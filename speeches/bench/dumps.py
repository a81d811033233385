"""The open-data dumps timed on a benchmark archive (`make bench-dumps`; the target: 100,000 documents
dumped within 15 minutes on two cores, streamed, never held in memory).

``manage.py benchmark_dumps`` runs ``write_dump`` with each format's writer wrapped by ``timed_formats``
(the time spent in it: its file's structure opened and closed, each document made into text; gzip runs
on a thread of its own, so only waits for it count), then reads the documents alone as the dump does;
the rest of the dump's time is its checksums, the changes since the previous dump and the manifest.
Peak memory is the process's.
"""
import datetime
import re
import time
from contextlib import contextmanager
from pathlib import Path

from .run import machine_info


def timed_formats(formats, seconds):
    """Return the dump's ``formats`` (file name, description, writer) with each writer timed into
    ``seconds[file name]``."""
    return [(name, description, timed_writer(writer, name, seconds)) for name, description, writer in formats]


def timed_writer(writer, name, seconds):
    @contextmanager
    def timed(stream):
        started = time.perf_counter()
        with writer(stream) as write:
            seconds[name] = time.perf_counter() - started

            def timed_write(document):
                started = time.perf_counter()
                write(document)
                seconds[name] += time.perf_counter() - started

            yield timed_write
            started = time.perf_counter()
        seconds[name] += time.perf_counter() - started

    return timed


def time_reading(documents):
    """Return (seconds, how many) to read ``documents`` (an iterator, as the dump reads them) and nothing else."""
    started = time.perf_counter()
    count = sum(1 for _ in documents)
    return time.perf_counter() - started, count


def dump_figures(manifest, total_s, format_s, reading_s, peak_rss_mb, compression_level):
    """Return the figures of one timed dump (``manifest``: the one it wrote)."""
    return {
        "date": datetime.date.today().isoformat(), "machine": machine_info(),
        "documents": manifest["documents"], "version": manifest["version"],
        "previous_version": manifest["previous_version"], "total_s": total_s, "reading_s": reading_s,
        "rest_s": total_s - reading_s - sum(format_s.values()), "peak_rss_mb": peak_rss_mb,
        "compression_level": compression_level,
        "files": [{"name": file["name"], "seconds": format_s[file["name"]], "bytes": file["bytes"]}
                  for file in manifest["files"]],
    }


def summary(figures):
    """One line for the console."""
    return (f"{figures['documents']:,} documents dumped in {minutes(figures['total_s'])}, peak RSS "
            f"{figures['peak_rss_mb']:.0f} MB: " + ", ".join(
                f"{file['name']} {file['seconds']:.0f} s, {file['bytes'] / 1024 / 1024:.0f} MB" for file in figures["files"])
            + f"; reading {figures['reading_s']:.0f} s, the rest {figures['rest_s']:.0f} s")


def minutes(seconds):
    return f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def markdown_section(figures):
    machine = figures["machine"]
    previous = (f"changes against the previous dump, {figures['previous_version']}"
                if figures["previous_version"] else "a first dump: no previous one to compare")
    lines = [
        f"## {section_title(figures)} (measured {figures['date']})",
        "",
        "`make bench-dumps` (`manage.py benchmark_dumps`, `speeches/bench/dumps.py`): `write_dump` on the "
        "archive the last `make bench` at that size left, in a process of its own. A format's time is the "
        "time spent in its writer (its structure opened and closed, each document made into its text and "
        f"handed on); gzip (level {figures['compression_level']}) runs alongside on a thread of its own, and "
        "a writer's time includes only its waits for that thread. Reading is a second pass over the same "
        "documents, read as the dump reads them (500 a chunk, their relations prefetched) and nothing else; "
        "the rest is the total less both (checksums, the changes since the previous dump, the manifest). "
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, Django {machine['django']}.",
        "",
        "| Step | Figure |",
        "| --- | --- |",
        f"| Whole dump, {figures['documents']:,} documents ({previous}) | {minutes(figures['total_s'])}, "
        f"{figures['documents'] / figures['total_s']:.0f} documents/s |",
        f"| Peak RSS of the process | {figures['peak_rss_mb']:.0f} MB |",
        f"| Reading the documents | {figures['reading_s']:.0f} s |",
        *(f"| `{file['name']}` | {file['seconds']:.0f} s; {file['bytes'] / 1024 / 1024:,.1f} MB "
          f"({file['bytes']:,} bytes) |" for file in figures["files"]),
        f"| The rest: checksums, changes, manifest | {figures['rest_s']:.0f} s |",
    ]
    return "\n".join(lines) + "\n"


def section_title(figures):
    return f"Open-data dumps, {figures['documents']:,} documents"


# Any second-level heading: the report's sections.
SECTION = re.compile(r"^(?=## )", re.MULTILINE)
# The sections `make bench` writes, kept last (speeches/bench/run.py).
SIZE_SECTION = re.compile(r"## [\d,]+ documents")


def write_report(figures, path):
    """Replace this size's dumps section of docs/benchmarks.md where it stands, or add it before the
    sections `make bench` writes."""
    path = Path(path)
    section = markdown_section(figures)
    parts = SECTION.split(path.read_text())
    titles = [part.split("\n", 1)[0].split(" (measured")[0] for part in parts]
    title = f"## {section_title(figures)}"
    if title in titles:
        parts[titles.index(title)] = section
    else:
        first_size = next((index for index, part in enumerate(parts) if SIZE_SECTION.match(part)), len(parts))
        parts.insert(first_size, section)
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in parts))
