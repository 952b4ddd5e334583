"""Recover an article's structure from scraped text: title, dek, dateline, body, junk.

Scraped news text looks like: the headline on the first non-empty line, maybe a dek
(standfirst), then body paragraphs, the first of which may open with a dateline
(``Vientiane, Laos:``, ``WASHINGTON (Reuters) -``, ``KYIV, March 3 (AP) —``), all
interleaved with site junk ("Also Read | ...", "Advertisement", share lines).

Junk is recognised by the patterns in ``data/junk_patterns.txt`` (users may add files),
compiled once by a :class:`JunkFilter`; datelines are parsed by
:class:`newsevents.read.dateline.DatelineParser`. A :class:`TextStructurer` holds both
and is built once per reader; :func:`structure_text` is the one-call convenience.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from .model import Article, Dateline
from .read.dateline import DatelineParser, article_date

__all__ = [
    "JunkFilter",
    "JunkMatch",
    "JunkPatternError",
    "TextStructurer",
    "structure_text",
    "outlet_of",
    "split_paragraphs",
]

JunkKind = Literal["drop", "related", "date"]
JUNK_KINDS: frozenset[str] = frozenset({"drop", "related", "date"})
# The named group each kind needs in its regex.
_KIND_GROUP: dict[str, str] = {"related": "headline", "date": "date"}

# A dek (standfirst) is one short paragraph; longer openers are body text.
MAX_DEK_CHARS = 300
# Junk lines are short; longer lines are body text and skip the pattern scan (speed).
MAX_JUNK_LINE = 400
# Hard-wrapped text: lines no longer than this, broken mid-sentence.
MAX_WRAPPED_LINE = 100
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# Invisible characters that scraped text carries and no reader wants: zero-width space,
# stray byte-order marks, soft hyphens.
_INVISIBLE = str.maketrans("", "", "\u200b\ufeff\u00ad")


class JunkPatternError(ValueError):
    """A junk pattern file has a bad line (unknown kind, bad regex, missing group)."""


@dataclass(frozen=True, slots=True)
class JunkMatch:
    kind: JunkKind
    headline: str | None = None  # for kind "related": the linked story's headline
    date: str | None = None  # for kind "date": the date as written


@dataclass(frozen=True, slots=True)
class _JunkPattern:
    kind: JunkKind
    regex: re.Pattern[str]
    where: str  # "file:line", for error messages


class JunkFilter:
    """Recognises site-junk lines; patterns are compiled once, at load."""

    def __init__(self, patterns: Sequence[_JunkPattern]) -> None:
        self._patterns = tuple(patterns)

    @classmethod
    def load(cls, extra_files: Iterable[str | Path] = ()) -> JunkFilter:
        """The package patterns plus the users' own files (same syntax)."""
        package = resources.files("newsevents").joinpath("data/junk_patterns.txt")
        patterns = cls._parse(package.read_text(encoding="utf-8"), "junk_patterns.txt")
        for path in extra_files:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise JunkPatternError(f"{path}: cannot read ({exc.strerror})") from exc
            patterns.extend(cls._parse(text, str(path)))
        return cls(patterns)

    @staticmethod
    def _parse(text: str, source: str) -> list[_JunkPattern]:
        patterns: list[_JunkPattern] = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            where = f"{source}:{number}"
            kind, _, regex_text = stripped.partition(" ")
            regex_text = regex_text.strip()
            if kind not in JUNK_KINDS or not regex_text:
                raise JunkPatternError(f"{where}: expected 'drop|related|date REGEX', got {line!r}")
            try:
                regex = re.compile(regex_text, re.IGNORECASE)
            except re.error as exc:
                raise JunkPatternError(f"{where}: bad regex: {exc}") from exc
            group = _KIND_GROUP.get(kind)
            if group and group not in regex.groupindex:
                raise JunkPatternError(f"{where}: a {kind!r} pattern needs (?P<{group}>...)")
            patterns.append(_JunkPattern(kind, regex, where))  # type: ignore[arg-type]
        return patterns

    def __len__(self) -> int:
        return len(self._patterns)

    def match(self, line: str) -> JunkMatch | None:
        """How ``line`` (one paragraph or line of text) is junk, or None if it is not."""
        text = line.strip()
        if not text or len(text) > MAX_JUNK_LINE:
            return None
        for pattern in self._patterns:
            found = pattern.regex.fullmatch(text)
            if found is None:
                continue
            if pattern.kind == "related":
                headline = found.group("headline").strip(" \"'“”‘’")
                return JunkMatch("related", headline or None)
            if pattern.kind == "date":
                return JunkMatch("date", date=found.group("date"))
            return JunkMatch("drop")
        return None


def outlet_of(url: str | None) -> str | None:
    """The outlet's domain: ``https://www.reuters.com/world/...`` -> ``reuters.com``."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL names no outlet
        return None
    return host.removeprefix("www.") or None


def normalize_text(raw: str) -> str:
    """BOM, CR/CRLF, exotic spaces and compatibility characters made plain."""
    text = raw.translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    # str.split() splits on every Unicode space (NBSP, thin and ideographic spaces...).
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _is_wrapped(block: Sequence[str]) -> bool:
    """True when a multi-line block is one paragraph hard-wrapped at a fixed width."""
    if len(block) < 2 or any(len(line) > MAX_WRAPPED_LINE for line in block[:-1]):
        return False
    return sum(not _ends_sentence(line) for line in block[:-1]) * 2 >= len(block) - 1


def split_paragraphs(lines: Sequence[str]) -> list[str]:
    """Paragraphs from cleaned lines ("" = blank line): one line is one paragraph,
    except in blocks that are hard-wrapped, which are joined."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if _is_wrapped(block):
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
        block = []
    return paragraphs


@dataclass(frozen=True, slots=True)
class _Body:
    dek: str | None
    dateline: Dateline | None
    paragraphs: tuple[str, ...]


class TextStructurer:
    """Builds :class:`Article` records from text; load once, use for many articles."""

    def __init__(self, junk: JunkFilter, datelines: DatelineParser) -> None:
        self.junk = junk
        self.datelines = datelines

    @classmethod
    def load(cls, junk_files: Iterable[str | Path] = ()) -> TextStructurer:
        return cls(JunkFilter.load(extra_files=junk_files), DatelineParser.load())

    @staticmethod
    @cache
    def default() -> TextStructurer:
        """One shared structurer with the package patterns (loaded on first use)."""
        return TextStructurer.load()

    def structure(
        self,
        raw: str,
        id: str,
        date: dt.date | None,
        url: str | None = None,
        origin: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        fallback_date: dt.date | None = None,
        date_source: str = "record",
    ) -> Article:
        """A plain-text article; its first non-junk line is the title unless one is given.

        The date, in order of precedence (``read.dateline.article_date``): the
        dateline's own date, ``date`` (the record's, or the page's: ``date_source``
        says which), one written on a date line of the text ("Published: March 10,
        2025"), ``fallback_date`` (the caller's ``--date``)."""
        lines = normalize_text(raw).split("\n")
        given_title = title is not None
        if title is None:
            title, lines = self._take_title(lines)
        kept, boilerplate, related, dates = self._filter_lines(lines, title)
        candidates = [(date, date_source), (_first_date(dates), "text"), (fallback_date, "given")]
        if not given_title and title and _ends_sentence(title) and not any(kept):
            # One sentence alone ("Israel struck Gaza on Monday.") is a body, not a
            # headline: headlines do not end with a full stop.
            kept = [title]
            title = None
        return self._assemble(id, title, split_paragraphs(kept), boilerplate, related,
                              candidates, url=url, origin=origin,
                              outlet=outlet or outlet_of(url))  # fmt: skip

    def from_paragraphs(
        self,
        paragraphs: Iterable[str],
        id: str,
        title: str | None,
        date: dt.date | None,
        url: str | None = None,
        origin: str | None = None,
        outlet: str | None = None,
        fallback_date: dt.date | None = None,
        date_source: str = "page",
    ) -> Article:
        """An article whose paragraphs are already known (from HTML): junk and
        dateline handling only; dates as in :meth:`structure`."""
        lines = [p for raw in paragraphs if (p := normalize_text(raw).replace("\n", " "))]
        kept, boilerplate, related, dates = self._filter_lines(lines, title)
        candidates = [(date, date_source), (_first_date(dates), "text"), (fallback_date, "given")]
        return self._assemble(id, title, kept, boilerplate, related,
                              candidates, url=url, origin=origin, outlet=outlet)  # fmt: skip

    def _take_title(self, lines: list[str]) -> tuple[str | None, list[str]]:
        for index, line in enumerate(lines):
            if line and self.junk.match(line) is None:
                return line, lines[index + 1 :]
        return None, lines

    def _filter_lines(
        self, lines: Iterable[str], title: str | None
    ) -> tuple[list[str], list[str], list[str], list[str]]:
        """(body lines, junk lines, related headlines, dates written on date lines)"""
        kept: list[str] = []
        boilerplate: list[str] = []
        related: list[str] = []
        dates: list[str] = []
        for line in lines:
            found = self.junk.match(line) if line else None
            if found is None:
                # A repeat of the headline inside the body is page furniture too.
                if line and title and line == title:
                    boilerplate.append(line)
                else:
                    kept.append(line)
                continue
            boilerplate.append(line)
            if found.headline:
                related.append(found.headline)
            if found.date:
                dates.append(found.date)
        return kept, boilerplate, related, dates

    def _assemble(
        self,
        id: str,
        title: str | None,
        paragraphs: list[str],
        boilerplate: list[str],
        related: list[str],
        dates: list[tuple[dt.date | None, str]],
        **meta: object,
    ) -> Article:
        body = self._split_body([p for p in paragraphs if p])
        dateline, date, source = article_date(body.dateline, dates)
        published = next((d for d, given in dates if d is not None and given != "given"), None)
        return Article(
            id=id,
            title=title or None,
            dek=body.dek,
            dateline=dateline,
            date=date,
            date_source=source,
            published=published,
            paragraphs=body.paragraphs,
            boilerplate=tuple(boilerplate),
            related_headlines=tuple(dict.fromkeys(related)),
            **meta,  # type: ignore[arg-type]
        )

    def _split_body(self, paragraphs: list[str]) -> _Body:
        """Find the dateline and the dek among the first paragraphs.

        A dek is recognised only where the text itself marks it: it stands before a
        paragraph that opens with a dateline, or it is a short fragment without
        sentence-final punctuation. A short first sentence followed by body text (the
        BBC style) is the lead of the body, not a dek.
        """
        if not paragraphs:
            return _Body(None, None, ())
        first = self.datelines.parse(paragraphs[0])
        if first is not None:
            dateline, rest = first
            return _Body(None, dateline, (rest, *paragraphs[1:]) if rest else tuple(paragraphs[1:]))
        if len(paragraphs) >= 2 and self._could_be_dek(paragraphs[0]):
            second = self.datelines.parse(paragraphs[1])
            if second is not None:
                dateline, rest = second
                body = (rest, *paragraphs[2:]) if rest else tuple(paragraphs[2:])
                return _Body(paragraphs[0], dateline, body)
            if not _ends_sentence(paragraphs[0]) and len(paragraphs[0].split()) >= 4:
                return _Body(paragraphs[0], None, tuple(paragraphs[1:]))
        return _Body(None, None, tuple(paragraphs))

    @staticmethod
    def _could_be_dek(paragraph: str) -> bool:
        return len(paragraph) <= MAX_DEK_CHARS


_MONTH_NUMBERS = {
    name: n
    for n, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_WORD = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
_PLAIN_DATE = re.compile(
    rf"""(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday
             |mon|tue|wed|thu|fri|sat|sun),?\s+)?
         (?:(?P<month>{_MONTH_WORD})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})
           |(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_WORD})\.?,?\s+(?P<year2>\d{{4}}))
         (?:[,\s|]+(?P<hour>\d{{1,2}}):(?P<minute>[0-5]\d)(?:\s*(?P<half>am|pm))?
            (?:\s+(?:utc|gmt|est|edt|cst|cdt|mst|mdt|pst|pdt|cet|cest|bst|jst|kst
                     |(?:gmt|utc)[+-]\d{{1,2}}))?)?""",
    re.IGNORECASE | re.VERBOSE,
)


def _plain_date(text: str) -> dt.date | None:
    """The date of the commonest date lines ("March 10, 2025 8:05 AM", "11 March 2025,
    21:40 CET"), which dateparser reads the same way, without loading dateparser (half
    a second of every start-up); None for anything else, which goes to dateparser."""
    found = _PLAIN_DATE.fullmatch(text.strip())
    if found is None:
        return None
    if found.group("hour") is not None:
        hour = int(found.group("hour"))
        if not (1 <= hour <= 12 if found.group("half") else hour <= 23):
            return None
    month = found.group("month") or found.group("month2")
    day = found.group("day") or found.group("day2")
    year = found.group("year") or found.group("year2")
    try:
        return dt.date(int(year), _MONTH_NUMBERS[month.lower()], int(day))
    except ValueError:
        return None


def _first_date(written: Iterable[str]) -> dt.date | None:
    """The first date line that parses ("Published: March 10, 2025 10:15 EST")."""
    for text in written:
        plain = _plain_date(text)
        if plain is not None:
            return plain
        import dateparser

        settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
        parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
        if parsed is not None:
            return parsed.date()
    return None


def structure_text(
    raw: str,
    id: str,
    date: dt.date | None,
    url: str | None = None,
    origin: str | None = None,
    *,
    structurer: TextStructurer | None = None,
) -> Article:
    """Structure one plain-text article (headline first, then dek, dateline, body)."""
    structurer = structurer or TextStructurer.default()
    return structurer.structure(raw, id, date, url=url, origin=origin, date_source="given")
