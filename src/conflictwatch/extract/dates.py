"""Dates: the publication date, and every temporal expression resolved against it.

Each expression becomes a `DateMention` with ACLED's time precision and a kind:
- ``event``: when something happened ("on Saturday (Jan 9)", "late last Sunday", "a December 30 ambush");
- ``report``: when somebody said it ("SOHR reported on Wednesday", "Last month, IS said");
- ``period``: a span that marks an aggregate or background figure ("since 2011", "in recent months");
- ``history``: a past year or "last year", which marks background rather than news.

Finding candidates is done with compiled patterns (cheap on every article); dateparser is used
only to read a publication-date line whose shape the patterns do not know.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from conflictwatch.document import Document, Span
from conflictwatch.extract.prefilter import CASE_ODDITIES, AnchoredSet, fold_case

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3, "a few": 3}

# Month names must be capitalised in running text ("May" the month, not "may" the verb).
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = (r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
            r"|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.?")
_PART_OF_DAY = r"(?:\s+(?:night|morning|afternoon|evening|midday|noon|dawn))?"

# Order matters: the first alternative that matches at a position wins, so longer forms first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    # 29-06-2016, 28.04.2017 (day first); 06/29/2016 (US order when "/" and the day is > 12 second)
    ("numeric", re.compile(
        r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[-./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    ("mdy", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("weekday_paren", re.compile(
        rf"\b(?:on\s+)?{_WEEKDAY}{_PART_OF_DAY}\s*\((?:{_MONTH}\s+{_DAY}|{_DAY2}\s+{_MONTH2})\)")),
    ("dm", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!\s*,?\s*\d)")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)(?!:)")),
    ("month_year", re.compile(rf"\b(?P<part>early|mid|late|end of|beginning of)?[\s-]*{_MONTH}\s+{_YEAR}\b")),
    ("relative_weekday", re.compile(
        rf"\b(?P<mod>(?:late|early)\s+)?(?P<rel>last|this past|past|this|next|on|since|until|by)?\s*{_WEEKDAY}"
        rf"{_PART_OF_DAY}\b(?!\s*,?\s*(?:[0-3]?\d\b|{_MONTH.replace('?P<month>', '?:')}))", re.IGNORECASE)),
    ("month_only", re.compile(
        rf"\b(?P<prep>in|since|during|throughout|last|this|until|by)\s+(?P<part>(?:early|mid|late)[\s-]+)?{_MONTH}"
        r"(?P<lastyear>\s+(?:last|this)\s+year)?\b")),
    ("day_word", re.compile(
        r"\b(?P<word>the day before yesterday|yesterday|today|tonight|overnight|last night|this morning"
        r"|this afternoon|this evening|earlier today|earlier in the day|the previous day|the day before"
        r"|a day earlier)\b", re.IGNORECASE)),
    ("ago", re.compile(
        r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+"
        r"(?P<unit>days?|weeks?|months?)\s+(?P<dir>ago|earlier|before)\b", re.IGNORECASE)),
    ("week_word", re.compile(
        r"\b(?P<word>earlier this week|this week|last week|earlier in the week|over the weekend|at the weekend"
        r"|this weekend|last weekend|past week|the previous week)\b", re.IGNORECASE)),
    ("month_word", re.compile(
        r"\b(?P<word>(?:late |early |earlier )?last month|earlier this month|this month|the previous month"
        r"|(?:late |early )?this month)\b", re.IGNORECASE)),
    ("period", re.compile(
        # "since this morning", "in the past two days": one incident's window, like "in the past 24 hours"
        r"\b(?:since\b(?!\s+(?:this |early |late |the )?(?:morning|dawn|daybreak|midnight|noon|"
        r"afternoon|evening|early hours))|so far (?:this|in)|"
        r"in the (?:past|last|previous)\s+(?!(?:two|three|2|3)\s+days\b)"
        r"(?:few\s+|\w+\s+)?(?:days|weeks|months|years|decade|year|month|week)|"
        r"over the (?:past|last)\s+(?!(?:two|three|2|3)\s+days\b)(?:few\s+|\w+\s+)?(?:days|weeks|months|years|decade|"
        r"year|month)|in recent (?:days|weeks|months|years)|this year|to date|"
        r"(?:from|between)\s+(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|"
        r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^.;]{0,20}?"
        r"\b(?:and|to|until)\s+\w+|in (?:the )?(?:first|second|third|last) (?:half|quarter) of|each year|every year|"
        r"per year|a year|annually|"
        # "killed over 350 in less than a month": a tally (a day's fighting "in 24 hours" is one incident)
        r"within (?:the (?:past|last) )?(?:\w+ ){1,2}(?:weeks|months)|"
        r"in (?:less|more) than (?:a|one|two|three|four|\d+) (?:weeks?|months?))\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?P<prep>in|since|by|during|until|of|from)?\s*(?P<year>(?:19|20)\d\d)\b(?!-\d)")),
    ("last_year", re.compile(r"\blast year\b|\bthe previous year\b|\ba year ago\b", re.IGNORECASE)),
]

_REPORT_VERB_BEFORE = re.compile(
    r"(?:\b(?:said|says|say|reported|reports|announced|stated|claimed|told|added|confirmed|wrote|tweeted|"
    r"published|posted|declared|revealed|noted|(?:rose|risen|climbed|increased|jumped) to [\w,]+)|"
    r"\b(?:in|at|during) (?:a |an |the )?(?:\w+ )?(?:statement|"
    r"press conference|news conference|briefing|interview|video|post|communique|communiqué))"
    r"\s+(?:late\s+|early\s+|on\s+|in\s+|that\s+|issued\s+|released\s+)*$", re.IGNORECASE)
_REPORT_VERB_AFTER = re.compile(
    r"^[,\s]*(?:(?!\w+ed\b|killing\b|and\b)[\w'’-]+\s+){0,4}(?:(?:has|have|had)\s+)?(?:said|says|reported|announced|stated|claimed|told|"
    r"confirmed|declared|revealed)\b")


# How specific each pattern is: "overnight on Sunday" is dated by "on Sunday", not "overnight".
SPECIFICITY = {"iso": 0, "numeric": 0, "dmy": 0, "mdy": 0, "weekday_paren": 0, "dm": 0, "md": 0, "relative_weekday": 1,
               "day_word": 2, "ago": 2, "week_word": 3, "month_year": 4, "month_only": 4, "month_word": 4}


@dataclass(frozen=True)
class DateMention:
    """A resolved temporal expression. `date` is None for periods and years."""

    date: dt.date | None
    precision: int  # ACLED time precision: 1 day, 2 week, 3 month
    kind: str  # event | report | period | history | future
    pattern: str


def _year_for(month: int, day: int, published: dt.date) -> int:
    """A day-month without a year: the latest such day that is not well after publication."""
    year = published.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        return year
    if candidate > published + dt.timedelta(days=7):
        year -= 1
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_before(published: dt.date, weekday: int, strictly_before: bool) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - dt.timedelta(days=delta)


def _month_middle(year: int, month: int) -> dt.date:
    return dt.date(year, month, 15)


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def resolve(kind: str, match: re.Match[str], published: dt.date) -> DateMention | None:
    """Turn one pattern match into a DateMention (None when it is not a date after all)."""
    g = match.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return DateMention(d, 1, "event", kind) if d else None
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        day, month = (b, a) if (g["sep"] == "/" and a <= 12 and b > 12) else (a, b)
        d = _safe_date(int(g["year"]), month, day)
        return DateMention(d, 1, "event", kind) if d else None
    if kind in ("dmy", "mdy"):
        d = _safe_date(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")], int(g["day"]))
        return DateMention(d, 1, "event", kind) if d else None
    if kind in ("dm", "md", "weekday_paren"):
        month_name = g.get("month") or g.get("month2")
        day_text = g.get("day") or g.get("day2")
        if not month_name or not day_text:
            return None
        month, day = MONTHS[month_name.lower().rstrip(".")], int(day_text)
        d = _safe_date(_year_for(month, day, published), month, day)
        return DateMention(d, 1, "event", kind) if d else None
    if kind == "month_year":
        year, month = int(g["year"]), MONTHS[g["month"].lower().rstrip(".")]
        d = _month_middle(year, month)
        if (year, month) == (published.year, published.month):
            return DateMention(d, 3, "event", kind)
        return DateMention(d, 3, "history" if d < published - dt.timedelta(days=62) else "event", kind)
    if kind == "relative_weekday":
        rel = (g.get("rel") or "").lower()
        weekday = WEEKDAYS[g["weekday"].lower().rstrip(".")]
        if rel in ("next", "until", "by"):
            return DateMention(None, 1, "future", kind)
        if rel == "since":
            return DateMention(None, 1, "period", kind)
        if rel == "" and not g["weekday"][0].isupper():
            return None  # a lower-case bare weekday word is not a date ("sun", "sat"); "late Saturday" is
        strictly = rel in ("last", "past", "this past")
        return DateMention(_weekday_before(published, weekday, strictly), 1, "event", kind)
    if kind == "month_only":
        prep = g["prep"]
        month = MONTHS[g["month"].lower().rstrip(".")]
        if prep in ("since", "until", "by", "throughout", "during"):  # "killed during April": a month's tally
            return DateMention(None, 3, "period", kind)
        year = published.year if month <= published.month else published.year - 1
        if g.get("lastyear") and "last" in g["lastyear"]:
            year = published.year - 1
        kind_out = "event" if (published.year * 12 + published.month) - (year * 12 + month) <= 4 else "history"
        # "in early March" in a March 14 report: the month is right, but never a day still to come
        return DateMention(min(_month_middle(year, month), published), 3, kind_out, kind)
    if kind == "day_word":
        word = g["word"].lower()
        if word == "the day before yesterday":
            return DateMention(published - dt.timedelta(days=2), 1, "event", kind)
        if word in ("yesterday", "last night", "overnight", "the previous day", "the day before", "a day earlier"):
            return DateMention(published - dt.timedelta(days=1), 1, "event", kind)
        return DateMention(published, 1, "event", kind)
    if kind == "ago":
        n_text = g["n"].lower()
        n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS.get(n_text, 1)
        unit = g["unit"].lower()
        if unit.startswith("day"):
            return DateMention(published - dt.timedelta(days=n), 1, "event", kind)
        if unit.startswith("week"):
            return DateMention(published - dt.timedelta(days=7 * n), 2, "event", kind)
        year, month = _shift_month(published, -n)
        return DateMention(_month_middle(year, month), 3, "event", kind)
    if kind == "week_word":
        word = g["word"].lower()
        if word in ("last week", "past week", "the previous week"):
            monday = published - dt.timedelta(days=published.weekday() + 7)
            return DateMention(monday + dt.timedelta(days=3), 2, "event", kind)
        if "weekend" in word:
            saturday = _weekday_before(published, 5, strictly_before=word == "last weekend")
            return DateMention(saturday, 2, "event", kind)
        monday = published - dt.timedelta(days=published.weekday())
        if word in ("this week", "this weekend"):
            last = published
        else:  # "earlier this week": before the day of the report
            last = max(monday, published - dt.timedelta(days=1))
        return DateMention(monday + (last - monday) / 2, 2, "event", kind)
    if kind == "month_word":
        word = g["word"].lower()
        if "last month" in word or "previous month" in word:
            year, month = _shift_month(published, -1)
            return DateMention(_month_middle(year, month), 3, "event", kind)
        return DateMention(min(published, _month_middle(published.year, published.month)), 3, "event", kind)
    if kind == "period":
        return DateMention(None, 3, "period", kind)
    if kind == "year":
        year = int(g["year"])
        prep = (g.get("prep") or "").lower()
        if prep == "since":
            return DateMention(None, 3, "period", kind)
        if year < published.year:
            return DateMention(None, 3, "history", kind)
        return None
    if kind == "last_year":
        return DateMention(None, 3, "history", kind)
    return None


# What a pattern needs to be worth trying: a sentence without a digit cannot hold "9 May 2020".
_HINTS = {"digit": re.compile(r"\d"),
          "month": re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
          # [Mm]on|[Tt]ue|[Ww]ed|[Tt]hu|[Ff]ri|[Ss]at|[Ss]un|MON|TUE|WED|THU|FRI|SAT|SUN, each alternative led
          # by a literal so that the regex engine skips ahead to those letters (8x faster on an article)
          "weekday": re.compile(r"M(?:on|ON)|mon|T(?:ue|hu|UE|HU)|t(?:ue|hu)|W(?:ed|ED)|wed|F(?:ri|RI)|fri"
                                r"|S(?:at|un|AT|UN)|s(?:at|un)")}
_HINT_LENGTH = {"digit": 1, "month": 3, "weekday": 3}  # every alternative of a hint has this length
_NEEDS = {"iso": ("digit",), "numeric": ("digit",), "dmy": ("digit", "month"), "mdy": ("digit", "month"),
          "weekday_paren": ("weekday", "month"), "dm": ("digit", "month"), "md": ("digit", "month"),
          "month_year": ("digit", "month"), "relative_weekday": ("weekday",), "month_only": ("month",),
          "year": ("digit",)}


@lru_cache(maxsize=1)
def _anchored() -> AnchoredSet:
    """Each pattern with the words a match can start with, so it is tried only there."""
    months = {m for m in MONTHS}
    weekdays = {w for w in WEEKDAYS}
    digits = {str(d) for d in range(10)}
    small = {"a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several"}
    anchors = {
        "iso": {"1", "2"}, "numeric": digits, "dmy": weekdays | digits, "mdy": weekdays | months,
        "weekday_paren": {"on"} | weekdays, "dm": digits, "md": months,
        "month_year": {"early", "mid", "late", "end", "beginning"} | months,
        "relative_weekday": {"late", "early", "last", "this", "past", "next", "on", "since", "until", "by"} | weekdays,
        "month_only": {"in", "since", "during", "throughout", "last", "this", "until", "by"},
        # Fixed phrases are anchored on the whole phrase: "the", "a", "this" alone would be tried everywhere.
        "day_word": {"yesterday", "today", "tonight", "overnight", "last night", "this morning", "this afternoon",
                     "this evening", "earlier today", "earlier in the day", "the previous day", "the day before",
                     "a day earlier"},
        "ago": digits | small,
        "week_word": {"earlier this week", "this week", "last week", "earlier in the week", "over the weekend",
                      "at the weekend", "this weekend", "last weekend", "past week", "the previous week"},
        "month_word": {"late last month", "early last month", "earlier last month", "last month",
                       "earlier this month", "this month", "the previous month", "late this month",
                       "early this month"},
        "period": {"since", "so far ", "in the past", "in the last", "in the previous", "over the past",
                   "over the last", "in recent ", "this year", "to date", "from", "between", "in the first",
                   "in the second", "in the third", "in first", "in second", "in third", "in last", "each year",
                   "every year", "per year", "a year", "annually", "within ", "in less than", "in more than"},
        "year": {"in", "since", "by", "during", "until", "of", "from", "1", "2"},
        "last_year": {"last year", "the previous year", "a year ago"},
    }
    return AnchoredSet({kind: (pattern, anchors[kind]) for kind, pattern in _PATTERNS})


def find_dates(text: str, start: int, end: int, published: dt.date,
               positions: dict[str, list[int]] | None = None) -> list[Span]:
    """Every temporal expression in text[start:end], as spans whose value is a DateMention.

    `positions` (from `date_positions(text)`) lets a caller scan the article once for all sentences.
    """
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    anchored = _anchored()
    positions = date_positions(text) if positions is None else positions
    present: dict[str, bool] = {}  # hints looked for only when a pattern has a place to start here
    for kind, _pattern in _PATTERNS:
        candidates = positions[kind]
        first = bisect_left(candidates, start)
        if first == len(candidates) or candidates[first] >= end:
            continue  # nowhere to start: nothing to find, whatever the hints say
        if not all(_present(name, text, start, end, present, positions) for name in _NEEDS.get(kind, ())):
            continue
        after = positions["ago_words"] if kind == "ago" and not positions["odd_case"] else None
        for match in anchored.finditer(kind, text, positions, start, end, after=after):
            s, e = match.span()
            while s < e and text[s].isspace():
                s += 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            mention = resolve(kind, match, published)
            if mention is None:
                continue
            if mention.kind == "event" and _is_report_time(text, start, s, e):
                mention = DateMention(mention.date, mention.precision, "report", mention.pattern)
            if mention.date is not None and mention.date > published + dt.timedelta(days=1):
                mention = DateMention(mention.date, mention.precision, "future", mention.pattern)
            taken.append((s, e))
            found.append(Span(s, e, "DATE", mention))
    found.sort(key=lambda span: span.start)
    return _since_dates_are_periods(text, found)


def _since_dates_are_periods(text: str, found: list[Span]) -> list[Span]:
    """"since 10 August 2014": one period that starts on that date (kept), not an incident's day."""
    out: list[Span] = []
    for span in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.value.kind == "period" and span.value.kind == "event"
                and text[prev.start:prev.end].lower() == "since" and not text[prev.end:span.start].strip()):
            mention = span.value
            out[-1] = Span(prev.start, span.end, span.label,
                           DateMention(mention.date, mention.precision, "period", mention.pattern))
            continue
        out.append(span)
    return out


def _present(name: str, text: str, start: int, end: int, memo: dict[str, bool],
             positions: dict[str, list[int]]) -> bool:
    """`_HINTS[name].search(text, start, end)`, from the article's hint matches (`date_positions`).

    A hint is a fixed-length literal, so a sentence holds one if a match starts in it and ends by
    `end`. The article's matches do not overlap: one starting just before `start` may hide another
    starting inside the sentence, and only then is the sentence searched.
    """
    found = memo.get(name)
    if found is None:
        starts, length = positions["hint:" + name], _HINT_LENGTH[name]
        index = bisect_left(starts, start - length + 1)
        if index < len(starts) and starts[index] < start:
            found = bool(_HINTS[name].search(text, start, end))
        else:
            found = index < len(starts) and starts[index] + length <= end
        memo[name] = found
    return found


def date_positions(text: str) -> dict[str, list[int]]:
    """Where in `text` each date pattern may start (one pass for the whole article)."""
    lowered = fold_case(text)
    positions = _anchored().positions(lowered)
    # "3 days ago" ends with its direction word: without one after it, a count is not tried.
    positions["ago_words"] = [m.start() for m in _AGO_WORD.finditer(lowered)]
    for name, hint in _HINTS.items():
        positions["hint:" + name] = [m.start() for m in hint.finditer(text)]
    # Letters IGNORECASE equates with i or s that lower() does not fold ("earlİer"): no skipping there.
    positions["odd_case"] = [1] if any(ch in text for ch in CASE_ODDITIES) else []
    return positions


_AGO_WORD = re.compile(r"ago|earlier|before")


_EVENT_POSSESSIVE = re.compile(
    r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?:attacks?|bombings?|blasts?|explosions?|ambush|raids?|strikes?|airstrikes?|"
    r"shelling|shooting|massacre|assault|clash(?:es)?|killings?|fighting|offensive|incident|violence|protests?|"
    r"demonstrations?|riots?|abduction|kidnapping)\b", re.IGNORECASE)


def _is_report_time(text: str, sentence_start: int, s: int, e: int) -> bool:
    """True when the expression dates a statement ("said on Wednesday") rather than the event."""
    if _EVENT_POSSESSIVE.match(text, e):  # "claimed Friday's bombing": the bombing's day
        return False
    before = text[max(sentence_start, s - 40):s]
    if _REPORT_VERB_BEFORE.search(before):
        return True
    # "On Saturday, the army said ..." / "Meanwhile, on Saturday, the army said ...": a report time.
    # "... near Gao on Saturday, the army said" dates the clause before it: the event.
    prefix = text[sentence_start:s].rstrip()
    at_clause_start = not prefix or (prefix.endswith(",") and len(prefix.split()) <= 2)
    return at_clause_start and bool(_REPORT_VERB_AFTER.match(text[e:e + 60]))


# --- publication date ------------------------------------------------------------------------

_PUBLISHED_LINE = re.compile(
    r"^(?:.*\b(?:updated|published|posted|last modified|first published)\b.*|"
    r"\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2}),?\s+\d{4}\b[^\n]{0,40})$",
    re.IGNORECASE | re.MULTILINE,
)
_FULL_DATE_KINDS = ("iso", "numeric", "dmy", "mdy")


# A wire dateline opening the story: "KABUL, Aug 23 (Reuters) -", "BEIRUT, March 11, 2024 (AFP) -",
# "MOSCOW, October 11. /TASS/." Its date is when the story was filed, never the incident's.
_WIRE_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})(?:,[ \t]*[A-Z][\w.'’ -]{1,30}?)?,[ \t]+"
    r"(?=[^()\n/]{0,30}\d)[^()\n/]{3,30}?[ \t]*(?:\([^)\n]{1,40}\)|\.?[ \t]*/[^/\n]{1,20}/)[ \t]*\.?[ \t]*"
    r"(?:[-–—]+|$|(?=[ \t]+[A-Z]))", re.MULTILINE)


def wire_datelines(text: str, within: int = 400) -> list[tuple[int, int]]:
    """Spans of the wire datelines that open the story (its first lines only)."""
    return [m.span() for m in _WIRE_DATELINE.finditer(text, 0, min(len(text), within))]


def publication_date_from_text(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The publication date written in the article ("Sat 09 January 2021", "Updated ... February 4, 2021").

    Lines that are only a date, or that say updated/published/posted, are read; the first one
    wins. When none exists, the first full date in the opening of the text is used.
    """
    for line in _PUBLISHED_LINE.finditer(text):
        if len(line.group(0)) > 120:
            continue
        found = _first_full_date(text, line.start(), line.end())
        if found:
            return found
        parsed = _dateparser_read(line.group(0))
        if parsed:
            return parsed, line.span()
    return _first_full_date(text, 0, min(len(text), 600))


def _first_full_date(text: str, start: int, end: int) -> tuple[dt.date, tuple[int, int]] | None:
    best: tuple[dt.date, tuple[int, int]] | None = None
    for kind, pattern in _PATTERNS:
        if kind not in _FULL_DATE_KINDS:
            continue
        match = pattern.search(text, start, end)
        if match:
            mention = resolve(kind, match, dt.date.today())
            if mention and mention.date and (best is None or match.start() < best[1][0]):
                best = (mention.date, match.span())
    return best


def _dateparser_read(line: str) -> dt.date | None:
    import dateparser  # imported lazily: only lines the patterns cannot read need it

    cleaned = re.sub(r"\b(?:updated|published|posted|last modified|first published)\b(?:\s+(?:at|on))?", " ",
                     line, flags=re.IGNORECASE)
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    parsed = dateparser.parse(cleaned, settings=settings)
    return parsed.date() if parsed else None


class DateTagger:
    """Pipeline component: sets `doc.published` and tags `doc.spans['date']`."""

    name = "dates"

    def __call__(self, doc: Document) -> Document:
        if doc.article.published is not None:
            doc.published = doc.article.published
        else:
            found = publication_date_from_text(doc.text)
            if found:
                doc.published, doc.published_evidence = found
            else:
                doc.published = dt.date.today()
        filed = [doc.published_evidence] if doc.published_evidence else []
        filed += wire_datelines(doc.text)
        positions = date_positions(doc.text)
        for start, end in doc.sentences:
            for span in find_dates(doc.text, start, end, doc.published, positions):
                if any(span.start < b and a < span.end for a, b in filed):
                    continue  # the publication date line dates the report, not an incident
                doc.add("date", span)
        return doc

