"""Wikidata items for the catalogue from a CSV file: editors fill in many people, venues, regions and
countries at once (as reconciled in OpenRefine, say), seeing every change before it is made.

The file has a header row naming its columns: ``kind`` (person, organisation, venue, region or
country), ``name`` or ``slug`` (which entry: the slug where two share a name) and ``wikidata`` (the Q
number or the item's address). Every line is checked first; the changes are made all together, or
not at all when any line has a problem. A confirmation checks the file again, in the transaction that
makes its changes, and refuses a line whose entry changed since the editor saw the preview.
"""
import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from speeches.models import Country, Person, Region, Venue
from speeches.wikidata import NotAnItem, page_url, parse_item

# The catalogue's models by the kinds a file names them (the admin's import reads its models here too).
KINDS = {"person": Person, "organisation": Person, "organization": Person, "venue": Venue, "region": Region,
         "country": Country}
COLUMNS = ("kind", "name", "slug", "wikidata")
MOST_BYTES = 1_000_000
MOST_LINES = 10_000


@dataclass
class Change:
    line: int
    entry: object  # the Person, Venue, Region or Country
    before: str  # its item until now, or ""
    item: str

    @property
    def kind(self):
        return self.entry._meta.verbose_name

    @property
    def item_url(self):
        return page_url(self.item)

    @property
    def seen(self):
        """What the editor saw of this change in the preview: its line, its entry and the entry's item until now."""
        return f"{self.line}:{self.entry.pk}:{self.before}"


@dataclass
class Plan:
    """What a file would change: the changes, the lines already true and each line's problem."""

    changes: list = field(default_factory=list)
    unchanged: int = 0
    problems: list = field(default_factory=list)  # (line number, message)

    @property
    def can_apply(self):
        return bool(self.changes) and not self.problems

    @property
    def seen(self):
        """Each change as the preview shows it, for the confirmation to check against (``confirm_items``)."""
        return " ".join(change.seen for change in self.changes)


def decode(data):
    """Return the text of an uploaded CSV file (UTF-8, with or without a byte order mark)."""
    if len(data) > MOST_BYTES:
        raise ValueError(f"The file is larger than {MOST_BYTES // 1_000_000} MB; split it.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"The file is not UTF-8 text (byte {error.start + 1}); save it as CSV UTF-8.") from error


def plan_items(text, refusal):
    """Return the ``Plan`` of a CSV file's ``text``; ``refusal(entry)`` says why the editor may not
    change an entry, or returns None when they may."""
    plan = Plan()
    if len(text) > MOST_BYTES:
        plan.problems.append((1, f"The file is larger than {MOST_BYTES // 1_000_000} MB; split it."))
        return plan
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        plan_lines(plan, reader, refusal)
    except csv.Error as error:  # a quote never closed, a field past csv's limit
        plan.problems.append((reader.line_num, f"This line is not CSV as a spreadsheet writes it ({error})."))
    return plan


def plan_lines(plan, reader, refusal):
    columns = [name.strip().lower() for name in reader.fieldnames or [] if name]
    if not ({"kind", "wikidata"} <= set(columns) and set(columns) & {"name", "slug"}):
        plan.problems.append((1, "The first line must name the columns: kind, name (or slug) and wikidata."))
        return
    if twice := [name for name in COLUMNS if columns.count(name) > 1]:
        plan.problems.append((1, f"The first line names the column “{twice[0]}” twice: keep one of them."))
        return
    claimed = {}  # (model, item) -> line, and (model, pk) -> line: nothing given twice
    for line in reader:
        if reader.line_num > MOST_LINES + 1:
            plan.problems.append((reader.line_num, f"A file may have at most {MOST_LINES:,} lines; split it."))
            return
        if any("\n" in value or "\r" in value for value in line.values() if isinstance(value, str)):
            plan.problems.append((reader.line_num, "A quoted field here runs over several lines: a quote is "
                                                   "not closed on this line or one before."))
            continue
        values = {key.strip().lower(): (value or "").strip() for key, value in line.items() if isinstance(key, str)}
        try:
            plan_line(plan, reader.line_num, values, claimed, refusal)
        except ValueError as problem:
            plan.problems.append((reader.line_num, str(problem)))


def plan_line(plan, number, values, claimed, refusal):
    model = KINDS.get(values.get("kind", "").lower())
    if model is None:
        raise ValueError(f"Kind “{values.get('kind', '')[:40]}” is not one of: {', '.join(KINDS)}.")
    try:
        item = parse_item(values.get("wikidata", ""))
    except NotAnItem as error:
        raise ValueError(str(error)) from error
    entry = find_entry(model, values.get("slug", ""), values.get("name", ""))
    for key in ((model, item), (model, entry.pk)):
        if key in claimed:
            raise ValueError(f"Line {claimed[key]} already gives {'this item' if key[1] == item else 'this entry'}.")
        claimed[key] = number
    if entry.wikidata == item:
        plan.unchanged += 1
        return
    holder = model.objects.filter(wikidata=item).exclude(pk=entry.pk).first()
    if holder is not None:
        raise ValueError(f"{item} is already the Wikidata item of “{holder}”: is it the same entry twice?")
    if problem := refusal(entry):
        raise ValueError(problem)
    plan.changes.append(Change(number, entry, entry.wikidata, item))


def find_entry(model, slug, name):
    """Return the one entry of ``model`` with ``slug``, else the one called ``name``."""
    label = model._meta.verbose_name
    if slug:
        entry = model.objects.filter(slug=slug).first()
        if entry is None:
            raise ValueError(f"No {label} has the slug “{slug[:80]}”.")
        return entry
    if not name:
        raise ValueError("Give the entry's name or slug.")
    found = list(model.objects.filter(name=name)[:2])
    if not found:
        raise ValueError(f"No {label} is called “{name[:80]}”.")
    if len(found) > 1:
        raise ValueError(f"More than one {label} is called “{name[:80]}”: give the slug instead.")
    return found[0]


def confirm_items(text, refusal, seen):
    """Plan ``text`` again and make its changes (each entry's history records them); return the plan.

    All or nothing, in one transaction: a change the preview did not show as it is now (``seen``, the
    preview's ``Plan.seen``: another editor changed the entry meanwhile) and an item another
    confirmation gave to another entry meanwhile are problems on their lines, and nothing is saved.
    """
    seen = set(seen.split())
    with transaction.atomic():
        plan = plan_items(text, refusal)
        refuse_unseen_changes(plan, seen)
        if not plan.problems:
            save_changes(plan)
        if plan.problems:
            transaction.set_rollback(True)
    plan.problems.sort()
    return plan


def refuse_unseen_changes(plan, seen):
    items_now = locked_items(plan.changes)
    for change in plan.changes:
        change.before = items_now.get((type(change.entry), change.entry.pk))
        if change.before is None:
            plan.problems.append((change.line, f"“{change.entry}” was deleted since you checked the file."))
        elif change.seen not in seen:
            plan.problems.append((change.line, f"“{change.entry}” has changed since you checked the file: its "
                                               f"Wikidata item is now {change.before or 'none'}. Check the file again."))


def locked_items(changes):
    """Return the items of the changes' entries by (model, pk), their rows locked until the transaction
    ends where the database can (a save elsewhere waits for this confirmation)."""
    items = {}
    for model in {type(change.entry) for change in changes}:
        pks = [change.entry.pk for change in changes if type(change.entry) is model]
        rows = model.objects.select_for_update().filter(pk__in=pks).values_list("pk", "wikidata")
        items.update({(model, pk): item for pk, item in rows})
    return items


def save_changes(plan):
    for change in plan.changes:
        change.entry.wikidata = change.item
        try:
            with transaction.atomic():
                change.entry.save(update_fields=["wikidata"])
        except IntegrityError:  # the one constraint a change can break: one entry of each kind per item
            plan.problems.append((change.line, f"{change.item} was given to another {change.kind} meanwhile. "
                                               "Check the file again."))
