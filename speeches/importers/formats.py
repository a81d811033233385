"""Read import files into raw records: JSONL (one document a line), Markdown with front matter, plain text.

Each reader yields ``(location, data)`` where data is a dict of import keys or a ``RecordError``
saying why that record cannot be read; one bad record never stops the rest of its file.
"""
import datetime
import hashlib
import json
import math
import re
from pathlib import Path

import dateparser
import frontmatter
import yaml
from frontmatter.default_handlers import JSONHandler, YAMLHandler
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser as YAMLEvents
except ImportError:  # a PyYAML built without libyaml: the same events, read in Python
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class YAMLEvents(Reader, Scanner, Parser):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

from speeches.languages import language_name
from speeches.names import looks_like_a_name, without_titles

from .language_guess import recognised_language
from .plaintext import clean_pasted_text
from .records import RecordError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_BYTES = 5 * 1024 * 1024
SUFFIXES = {".jsonl", ".md", ".txt"}

# A header line that is a date: a day, its month and year, in any language dateparser reads ("17 June
# 2025", "17 juin 2025", "17 июня 2025 года", "2025年6月17日", "17 يونيو 2025"), or ISO (2025-06-17).
# Only a line that is that date alone: "Astana, 17 June 2025" opens the text, as it says more.
# Absolute dates only: dateparser's relative ones ("75 years ago") would date a text by the day it is imported.
STRICT_DAY = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
              "PARSERS": ["custom-formats", "absolute-time"]}
MOST_DATE_LINE_CHARACTERS = 40
# A date of digits alone is read when its order is certain: the year first (2025-6-17, 2025/06/05), or the
# day first or last where it is over 12 (17.06.2025, 06/17/2025). 06/05/2025 says no order: it is noted.
YEAR_FIRST = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")
YEAR_LAST = re.compile(r"(?P<first>\d{1,2})[-/.](?P<second>\d{1,2})[-/.](?P<year>\d{4})")
NUMERIC = re.compile(r"[\d\s./-]+")
# A byline: what the text is and who gave it, in English, French, Spanish, Portuguese, Italian or German
# ("Remarks by H.E. Kassym-Jomart Tokayev", "Discours de M. Emmanuel Macron", "Discurso del Presidente
# Gabriel Boric", "Rede von Bundeskanzler Olaf Scholz"), or "by" alone. After "de", "du", "di", "d'" or "von"
# a title must stand before the name, as "Déclaration de Paris" and "Erklärung von Rio" name a place. A language that declines a name
# there (Russian "Выступление Сергея Лаврова") is left to the editor: the name would be read changed.
BYLINE_KINDS = {
    "remarks": "remarks", "remarques": "remarks", "palabras": "remarks",
    "statement": "statement", "déclaration": "statement", "declaración": "statement", "declaração": "statement",
    "dichiarazione": "statement", "erklärung": "statement",
}  # any other ("Speech", "Address", "Discours", "Allocution", "Discurso", "Discorso", "Rede") is a speech
BYLINE = re.compile(
    r"^(?:(?P<kind>Remarks|Speech|Statement|Address|Keynote speech|Discours|Allocution|Déclaration|Intervention"
    r"|Remarques|Discurso|Declaración|Declaração|Intervención|Intervenção|Palabras|Discorso|Intervento"
    r"|Dichiarazione|Rede|Ansprache|Erklärung|Grußwort) )?"
    r"(?:(?P<by>by|par|por) |(?<=[a-zäöüßçéñ] )(?P<of>(?:della|del|de|do|da|di|du|von) |d[’']))(?P<name>[^,]{3,80}),?$",
    re.I)
# "(Translation)", "(Unofficial translation)" and as other languages write it; kept as written.
TRANSLATION_LINE = re.compile(
    r"^[(（](?P<note>(?:unofficial )?translation|traduction(?: non officielle)?|traducción(?: no oficial)?"
    r"|(?:неофициальный )?перевод|übersetzung|tradução|traduzione|ترجمة(?: غير رسمية)?|译文|譯文|翻译|翻譯|仮訳|翻訳)[)）]$",
    re.I)


MOST_FRONT_MATTER_NESTING = 20  # front matter is fields, lists of them at most: speakers, texts


class FrontMatterLoader(Composer, YAMLEvents, SafeConstructor, Resolver):
    """PyYAML's safe loader, refusing aliases. An alias (``*name``) repeats what an anchor names,
    and aliases of aliases multiply: 559 bytes of eight nested levels of ten took 16 s and 2.5 GB
    to import, and the admin's report of them ran to 191 MB. Front matter has no need of them.
    Python's ``Composer`` comes first so its ``compose_node``, where aliases are followed, can
    refuse them as they come; scanning and parsing stay libyaml's, as fast as ``CSafeLoader``."""

    def __init__(self, stream):
        YAMLEvents.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self.nesting = 0
        self.lines = stream.splitlines() if isinstance(stream, str) else []

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(None, None, f"it uses the alias *{event.anchor} (line {event.start_mark.line + 1}); "
                                            "aliases are not accepted: write each value out", event.start_mark)
        # The composer calls itself once a level: a thousand nested brackets ran out of stack (a 500).
        if self.nesting >= MOST_FRONT_MATTER_NESTING:
            raise ComposerError(None, None, f"it nests values more than {MOST_FRONT_MATTER_NESTING} levels deep "
                                            f"(line {event.start_mark.line + 1})", event.start_mark)
        self.nesting += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.nesting -= 1
        self.refuse_words_read_as_a_comment(node)
        return node

    def refuse_words_read_as_a_comment(self, node):
        """Refuse a value written without quotes that a comment follows on its line: YAML reads " #" as
        the start of one, so "title: Press briefing #12" was stored "Press briefing", and said nowhere."""
        if not isinstance(node, yaml.ScalarNode) or node.style or node.end_mark.line >= len(self.lines):
            return
        after = self.lines[node.end_mark.line][node.end_mark.column:]
        if after.lstrip().startswith("#"):
            raise ComposerError(None, None, f"on line {node.end_mark.line + 1}, YAML reads what follows “{node.value}” "
                                            f"(“{after.strip()[:60]}”) as a comment, and drops it: write the whole "
                                            "value in quotes, or remove the comment", node.end_mark)

    def construct_mapping(self, node, deep=False):
        """Refuse a key given twice in one mapping: YAML keeps the last value, so a file giving ``title`` or
        ``speakers`` twice was imported with the last, and the first dropped unseen. (A merge key's values
        are YAML's own overriding, and never reach here: a merge needs an alias, refused.)"""
        first_lines = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key, line = self.construct_object(key_node), key_node.start_mark.line + 1
            if key in first_lines:
                raise ConstructorError(None, None, f"the key “{key}” is given twice (lines {first_lines[key]} and "
                                                   f"{line}), and only one value would be kept: give it once",
                                       key_node.start_mark)
            first_lines[key] = line
        return super().construct_mapping(node, deep)


# A date is read as the text it is, as in JSON, so the record's own check says what is wrong with one
# that is no day of the calendar (2023-02-30) and keeps its precision (2023-02 is a month).
FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)


class Written:
    """A number read from a record that remembers how it was written, for a field of text to keep:
    YAML reads a subtitle "9:11" as 551 (base 60), an id "0123" as 83 (octal), a title "3.10" as 3.1."""

    def __new__(cls, value, written):
        number = super().__new__(cls, value)
        number.written = written
        return number


class WrittenInt(Written, int):
    pass


class WrittenFloat(Written, float):
    pass


def finite_float(loader, node):
    """Read a YAML number, refusing .nan and .inf: no field of a record holds them (JSON has neither)."""
    value = SafeConstructor.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise ConstructorError(None, None, f"{node.value} is no number a record holds (line {node.start_mark.line + 1})",
                               node.start_mark)
    return WrittenFloat(value, node.value)


FrontMatterLoader.add_constructor("tag:yaml.org,2002:float", finite_float)


def readable_int(loader, node):
    """Read a YAML integer, refusing one of more digits than Python reads or writes (4,300)."""
    try:
        value = SafeConstructor.construct_yaml_int(loader, node)
        str(value)  # a hexadecimal or sexagesimal one is read past the limit, then fails where a message quotes it
    except ValueError:
        raise ConstructorError(None, None, f"{too_long_a_number(node.value)} (line {node.start_mark.line + 1})",
                               node.start_mark) from None
    return WrittenInt(value, node.value)


FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", readable_int)


def too_long_a_number(digits):
    return f"a number of {len(digits):,} digits is no number a record holds"


class FrontMatterYAML(YAMLHandler):
    def load(self, fm, **kwargs):
        return super().load(fm, Loader=FrontMatterLoader)


class FrontMatterJSON(JSONHandler):
    def load(self, fm, **kwargs):
        return super().load(fm, parse_int=readable_json_int, parse_float=finite_json_float,
                            object_pairs_hook=without_repeated_keys)


def import_files(paths):
    """Return the importable files under ``paths`` (files, or folders searched recursively), sorted."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


def count_records(path):
    """Return how many records a file holds (its lines, for JSONL), for progress reporting."""
    if path.suffix.lower() != ".jsonl":
        return 1
    try:
        with path.open("rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 1


def read_records(path):
    """Yield ``(location, data or RecordError)`` for each record of one file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield str(path), RecordError(f"unsupported file type {suffix or '(none)'}: use .jsonl, .md or .txt")
        return
    if suffix == ".jsonl":
        yield from read_jsonl(path)
        return
    try:
        text = read_text_file(path)
    except RecordError as error:
        yield str(path), error
        return
    yield str(path), (read_markdown(text) if suffix == ".md" else read_plain_text(text))


def read_text_file(path):
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RecordError(f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        raw = path.read_bytes()
    except OSError as error:
        raise RecordError(f"cannot read the file: {error.strerror}") from None
    return decode(raw)


def decode(raw):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(f"not valid UTF-8 text (bad byte at position {error.start})") from None
    if "\x00" in text:
        raise RecordError("the file is binary, not text (it contains NUL bytes)")
    return text


def read_jsonl(path):
    try:
        stream = path.open("rb")
    except OSError as error:
        yield str(path), RecordError(f"cannot read the file: {error.strerror}")
        return
    with stream:
        for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), start=1):
            location = f"{path}:{number}"
            if len(line) > MAX_LINE_BYTES:
                yield location, RecordError(f"the line is longer than {MAX_LINE_BYTES // 1024 // 1024} MB")
                skip_rest_of_line(stream)
                continue
            if not line.strip():
                continue
            yield location, parse_json_line(line)


def readable_json_int(digits):
    """Read a JSON integer, refusing one of more digits than Python reads (4,300): its ValueError was a 500."""
    try:
        return WrittenInt(int(digits), digits)
    except ValueError:
        raise RecordError(too_long_a_number(digits)) from None


def finite_json_float(digits):
    """Read a JSON number with a fraction or exponent, refusing one too large for a float ("1e400" is infinity)."""
    value = float(digits)
    if not math.isfinite(value):
        raise RecordError(f"{digits[:40]} is no number a record holds")
    return WrittenFloat(value, digits)


def without_repeated_keys(pairs):
    """Return the JSON object of ``pairs`` as a dict, refusing a key given twice: Python's reader keeps the
    last value, and the first would be dropped unseen."""
    values = dict(pairs)
    if len(values) < len(pairs):
        seen = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise RecordError(f"the key “{repeated}” is given twice, and only one value would be kept: give it once")
    return values


def refuse_constant(name):
    """Refuse NaN, Infinity and -Infinity, which Python's reader accepts but JSON has not."""
    raise RecordError(f"not valid JSON: {name} is no JSON value")


def skip_rest_of_line(stream):
    while (chunk := stream.readline(MAX_LINE_BYTES)) and not chunk.endswith(b"\n"):
        pass


def parse_json_line(line):
    try:
        return json.loads(decode(line), parse_int=readable_json_int, parse_float=finite_json_float,
                          parse_constant=refuse_constant, object_pairs_hook=without_repeated_keys)
    except RecordError as error:
        return error
    except json.JSONDecodeError as error:
        return RecordError(f"not valid JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return RecordError("the JSON is nested too deeply")


def read_markdown(text):
    # Line breaks as the front matter's reader knows them: a file of lone carriage returns (an old Mac's)
    # was read as having no front matter, and refused as having no title.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        post = frontmatter.loads(text, handler=front_matter_handler(text))
    except yaml.YAMLError as error:
        return RecordError(f"the YAML front matter is not valid: {str(error).splitlines()[0]}")
    except RecursionError:  # JSON front matter nested past Python's stack
        return RecordError("the front matter is nested too deeply")
    except ValueError as error:
        return RecordError(f"the JSON front matter is not valid: {error}")
    except TypeError:  # a key that is no name (YAML's "1: A"), or "content": the reader passes keys as keyword arguments
        return RecordError("the front matter's keys must be the names of fields (title, date, speakers...): a number "
                           "is no key, and neither is content (the text below the front matter is the body)")
    if not isinstance(post.metadata, dict):
        return RecordError("the front matter must be keys and values")
    guesses = []
    return {**post.metadata, "body": post.content,
            **language_guessed(post.metadata.get("language"), post.content, guesses), "_guesses": guesses}


def front_matter_handler(text):
    """Return how to read the file's front matter: YAML without aliases, or JSON; either refusing a number
    of more digits than Python reads."""
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if handler is None or isinstance(handler, YAMLHandler):
        return FrontMatterYAML()
    return FrontMatterJSON() if isinstance(handler, JSONHandler) else handler


def read_plain_text(text):
    """Return import data for a plain-text file: header lines read as metadata, the rest cleaned.

    Metadata is guessed from the opening lines (title, "(Translation)", a byline, a date); every
    guess is kept in ``guesses`` for the report. A text states no status: a new document is a draft,
    and importing the same text again leaves its document's status as it is.
    """
    # The same text whatever its line endings: a copy saved on Windows (CRLF) is the same document, and
    # its source text the same. (Text with Unix line endings hashes as it always did, so documents
    # imported before keep their id.)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    external_id = "text-sha1:" + hashlib.sha1(text.encode()).hexdigest()[:20]
    data, guesses, position = {}, [], 0
    if page_breaks := text.count("\f"):  # pdftotext ends each page with one; the text keeps its words
        text = text.replace("\f", "\n")
        guesses.append(f"{page_breaks} page break(s) (form feed characters) read as line breaks")
    lines = text.splitlines()
    for position, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if not guess_header_line(stripped, data, guesses):
            break
    else:
        position = len(lines)
    if position < len(lines) and "date" not in data and YEAR_LAST.fullmatch(lines[position].strip()):
        guesses.append(f"{lines[position].strip()!r} may be the date, but which is the day and which the month "
                       "cannot be told: it was kept as the text's first line; set the date in the admin")
    cleaned = clean_pasted_text("\n".join(lines[position:]))
    data.setdefault("title", "Untitled import")
    return {
        **data,
        **language_guessed(None, "\n".join(cleaned.paragraphs), guesses),
        "body": cleaned.markdown,
        "source_text": text,
        "external_id": external_id,  # re-importing the same text updates its document instead of adding a copy
        "_guesses": guesses + [f"cleaning changed: {change.removed!r} → {change.inserted!r}"
                               for change in cleaned.changes],
    }


def language_guessed(given, text, guesses):
    """Return ``{"language": tag}`` of the language ``text`` is recognised to be in when none is
    ``given`` (noting the guess in ``guesses``), else nothing: the given one, or English, is kept."""
    if given not in (None, ""):
        return {}
    guess = recognised_language(text)
    if guess is None:
        guesses.append("language not recognised in the text: English, as none was given (change it if it is not)")
        return {}
    guesses.append(f"language {language_name(guess.tag)} ({guess.tag}) recognised in the text "
                   f"({guess.confidence:.0%} sure; change it if it is not)")
    return {"language": guess.tag}


def guess_header_line(line, data, guesses):
    """Read one opening line into ``data`` if it is header-like; return False at the first body line."""
    if match := TRANSLATION_LINE.match(line):
        data["translation_note"] = match.group("note").capitalize()
        guesses.append(f"translation note {data['translation_note']!r} from {line!r}")
    elif "speakers" not in data and (speaker := byline_speaker(line)):
        data["speakers"], kind = [speaker[0]], speaker[1]
        if kind:
            data["kind"] = kind
        guesses.append(f"speaker {speaker_credit(speaker[0])!r} from {line!r}")
    elif "date" not in data and (day := header_date(line)):
        data["date"] = day
        guesses.append(f"date {data['date']} from {line!r}")
    elif "title" not in data and len(line) <= 200 and not line.endswith((".", ",", ";")):
        data["title"] = line
        guesses.append(f"title {line!r} from the first line")
    else:
        return False
    return True


def byline_speaker(line):
    """Return (the speaker, the kind of text or None) a byline names, or None if ``line`` is none: the
    speaker's name, with the role its titles give ("Remarks by H.E. Minister Anna Kowalska": Minister)."""
    match = BYLINE.match(line)
    if not match:
        return None
    name, role = without_titles(match.group("name").strip())
    if not name or not looks_like_a_name(name) or not name[:1].isupper() and name[:1].lower() != name[:1].upper():
        return None
    if match.group("of") and role is None:
        return None
    kind = match.group("kind")
    return {"name": name, "role": role} if role else name, kind and BYLINE_KINDS.get(kind.casefold(), "speech")


def speaker_credit(speaker):
    """Return a byline's speaker as a guess names it: "Anna Kowalska (Minister)"."""
    return f"{speaker['name']} ({speaker['role']})" if isinstance(speaker, dict) else speaker


def header_date(line):
    """Return the day (ISO) that a header ``line`` is, in any language, or None."""
    line = line.strip()
    if len(line) > MOST_DATE_LINE_CHARACTERS or not any(character.isdigit() for character in line):
        return None
    if (match := YEAR_FIRST.fullmatch(line)) or (match := YEAR_LAST.fullmatch(line)):
        return numeric_day(match)
    if NUMERIC.fullmatch(line):  # digits in another order: no certain day
        return None
    day = dateparser.parse(line, settings=STRICT_DAY)
    return day.date().isoformat() if day else None


def numeric_day(match):
    """Return the ISO day a date of digits alone names, or None when it names none or its order is uncertain."""
    parts = match.groupdict()
    if "first" in parts:
        first, second = int(parts["first"]), int(parts["second"])
        if first <= 12 and second <= 12 and first != second:
            return None
        parts = {"year": parts["year"], "month": min(first, second), "day": max(first, second)}
    try:
        return datetime.date(int(parts["year"]), int(parts["month"]), int(parts["day"])).isoformat()
    except ValueError:
        return None
