"""A date known to the day, to the month or only to the year.

Sources often give only "June 2025" or "2025". Every surface writes such a date as what is known
("2025", never "2025-01-01"): pages, meta tags, citations, feeds, the API and the import formats.
"""
import calendar
import datetime
import re
from dataclasses import dataclass

ISO_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# As editors write dates out: "June 2025", "14 June 2025", "June 14, 2025", "Jun 2025" (English month names).
MONTHS = {name.lower(): number for names in (calendar.month_name, calendar.month_abbr)
          for number, name in enumerate(names) if name}
WRITTEN_PATTERNS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"^(?P<month>[a-z]+)\.? (?P<year>\d{4})$",
    r"^(?P<day>\d{1,2}) (?P<month>[a-z]+)\.? (?P<year>\d{4})$",
    r"^(?P<month>[a-z]+)\.? (?P<day>\d{1,2}),? (?P<year>\d{4})$",
)]
# Most precise first.
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def from_date(cls, date, precision):
        """Return the PartialDate of a stored first day and its precision ("day", "month" or "year")."""
        if date is None:
            return None
        if precision == "year":
            return cls(date.year)
        if precision == "month":
            return cls(date.year, date.month)
        return cls(date.year, date.month, date.day)

    @classmethod
    def parse(cls, text):
        """Return the PartialDate written "2022-01-25", "2022-01" or "2022"; raise ValueError otherwise."""
        match = ISO_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(part) if part else None for part in match.groups())
        return cls.checked(year, month, day)

    @classmethod
    def parse_typed(cls, text):
        """Return the PartialDate an editor typed: as ``parse`` takes it, or written out ("June 2025",
        "14 June 2025", "June 14, 2025"); raise ValueError otherwise."""
        text = " ".join(text.split())
        for pattern in WRITTEN_PATTERNS:
            if (match := pattern.match(text)) and match["month"].lower() in MONTHS:
                day = match.groupdict().get("day")
                return cls.checked(int(match["year"]), MONTHS[match["month"].lower()], int(day) if day else None)
        return cls.parse(text)

    @classmethod
    def checked(cls, year, month, day):
        datetime.date(year, month or 1, day or 1)  # raises ValueError for 2022-13 or 2022-02-30
        return cls(year, month, day)

    def __str__(self):
        """Return the date as a reader sees it: "25 January 2022", "June 2025", "2025"."""
        if self.month is None:
            return str(self.year)
        month_name = calendar.month_name[self.month]
        return f"{self.day} {month_name} {self.year}" if self.day else f"{month_name} {self.year}"

    @property
    def precision(self):
        return "day" if self.day else "month" if self.month else "year"

    @property
    def parts(self):
        """Return the known parts, as CSL's date-parts want them: [2022, 1, 25], [2025, 6] or [2025]."""
        return [part for part in (self.year, self.month, self.day) if part is not None]

    @property
    def iso(self):
        """Return ISO 8601 at the known precision (also a valid HTML ``<time datetime>``)."""
        return "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(self.parts))

    @property
    def slashed(self):
        """Return the parts joined by slashes, as Highwire ``citation_date`` writes them: "2022/01/25"."""
        return self.iso.replace("-", "/")

    @property
    def start(self):
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self):
        """Return the last day the date may stand for: the day itself, or the end of its month or year."""
        if self.day:
            return self.start
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def ends_before(self, day):
        """Return whether the whole period the date may stand for ends before ``day``: "2019" does not
        end before "5 March 2019" begins (it may be December)."""
        return self.end < day

    @property
    def first_order(self):
        """Sort key that puts first the date that may come first and is known best: by the last day it
        may stand for, the more precise on a tie. So a date known less precisely never comes first
        ahead of a precise one it may follow ("2019" after "5 March 2019", and after "December 2019")."""
        return self.end, PRECISIONS.index(self.precision)

    @property
    def latest_order(self):
        """Sort key whose largest is the date that may come last and is known best: by the first day it
        may stand for, the more precise on a tie; the mirror of ``first_order``."""
        return self.start, -PRECISIONS.index(self.precision)


@dataclass(frozen=True)
class Period:
    """A span from one partial date to another: an office held "from March 2013 to 2022".

    No start is a beginning not known, so the period never surely holds a date; no end is "to this day".
    """

    start: PartialDate | None
    end: PartialDate | None

    def __str__(self):
        """Return the period as a reader sees it: "March 2013 – 2022", "since 2013", "until 2012"."""
        if self.start and self.end:
            return f"{self.start} – {self.end}"
        if self.start:
            return f"since {self.start}"
        return f"until {self.end}" if self.end else "dates not known"

    @property
    def ends_before_it_begins(self):
        """Whether every day the end may stand for comes before every day the start may: impossible."""
        return self.start is not None and self.end is not None and self.end.end < self.start.start

    def surely_holds(self, date):
        """Return whether the whole period ``date`` may stand for lies within this one: "2013" is not
        surely within "since March 2013" (it may be January), "5 June 2013" is."""
        return (self.start is not None and self.start.end <= date.start
                and (self.end is None or date.end <= self.end.start))

    def may_hold(self, date):
        """Return whether some day ``date`` may stand for may lie within this period."""
        return ((self.start is None or self.start.start <= date.end)
                and (self.end is None or date.start <= self.end.end))
