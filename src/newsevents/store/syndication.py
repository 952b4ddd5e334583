"""Syndicated copies in the store: signatures, LSH band keys and links to originals.

``SyndicationIndex.link(conn, articles)`` runs inside an ingest transaction, before the
articles' events are clustered: it finds stored (and same-batch) copies of each new
article through shared band keys, checks them by signature, merges their families and
relinks every member of a changed family to the family's original
(``cluster.syndication``). ``forget`` does the same when articles are replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select

from ..cluster.syndication import Signature, Syndication, families
from ..model import Article
from .engine import bulk_insert
from .schema import article_bands, article_links, article_signatures, articles

CHUNK = 500  # values per IN (...) list


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def rows_where_in(conn: Connection, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (ending in ``IN ({})``) for every value, through the driver
    directly, in chunks: SQLAlchemy's expanding IN costs more than the lookups here."""
    marker = "?" if conn.dialect.name == "sqlite" else "%s"
    out: list[tuple[Any, ...]] = []
    for part in chunks(values):
        result = conn.exec_driver_sql(sql.format(", ".join([marker] * len(part))), tuple(part))
        out.extend(tuple(row) for row in result)
    return out


@dataclass
class FamilyChanges:
    """What ``link`` or ``forget`` found: each new article's original, and the stored
    articles whose original changed (their events' clusters must be recounted)."""

    original: dict[str, str] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)


class SyndicationIndex:
    def __init__(self, syndication: Syndication) -> None:
        self.syndication = syndication

    def link(self, conn: Connection, new: Sequence[Article]) -> FamilyChanges:
        changes = FamilyChanges({a.id: a.id for a in new})
        sigs = {a.id: s for a in new if (s := self.syndication.signature(a.text)) is not None}
        if not sigs:
            return changes
        bands = {aid: self.syndication.band_keys(sig) for aid, sig in sigs.items()}
        candidates = self._candidates(conn, bands)
        stored_sigs = self._signatures(conn, {b for pairs in candidates.values() for b in pairs})
        pairs: list[tuple[str, str]] = []
        for aid, others in candidates.items():
            for other in others:
                other_sig = sigs.get(other) or stored_sigs.get(other)
                if other_sig is not None and self.syndication.is_copy(sigs[aid], other_sig):
                    pairs.append((aid, other))
        _insert_signatures(conn, sigs, bands)
        if pairs:
            dates = {a.id: a.published_on for a in new}
            self._regroup(conn, pairs, dates, {**stored_sigs, **sigs}, changes)
        return changes

    def forget(self, conn: Connection, article_ids: Sequence[str]) -> FamilyChanges:
        """Drop articles about to be replaced; split what their families become."""
        changes = FamilyChanges()
        gone = set(article_ids)
        families_hit = self.originals(conn, article_ids)
        for ids in chunks(list(article_ids)):
            conn.execute(delete(article_bands).where(article_bands.c.article_id.in_(ids)))
            conn.execute(delete(article_signatures).where(article_signatures.c.article_id.in_(ids)))
            conn.execute(delete(article_links).where(article_links.c.article_id.in_(ids)))
        for original in set(families_hit.values()):
            members = [m for m in self._family(conn, original) if m not in gone]
            sigs = self._signatures(conn, set(members))
            pairs = [
                (a, b)
                for i, a in enumerate(members)
                for b in members[i + 1 :]
                if a in sigs and b in sigs and self.syndication.is_copy(sigs[a], sigs[b])
            ]
            conn.execute(delete(article_links).where(article_links.c.original_id == original))
            changes.changed.update(members)
            self._write_links(conn, members, families(self._dates(conn, members), pairs), sigs)
        return changes

    def _candidates(self, conn: Connection, bands: dict[str, list[int]]) -> dict[str, set[str]]:
        """New article -> stored or new articles sharing one of its band keys."""
        by_band: dict[int, set[str]] = {}
        for aid, keys in bands.items():
            for k in keys:
                by_band.setdefault(k, set()).add(aid)
        for part in chunks(list(by_band)):
            rows = conn.execute(
                select(article_bands.c.band, article_bands.c.article_id).where(
                    article_bands.c.band.in_(part)
                )
            )
            for band, aid in rows:
                by_band[band].add(aid)
        found: dict[str, set[str]] = {aid: set() for aid in bands}
        for ids in by_band.values():
            if len(ids) > 1:
                for aid in ids & found.keys():
                    found[aid].update(ids - {aid})
        return found

    def _signatures(self, conn: Connection, ids: set[str]) -> dict[str, Signature]:
        out: dict[str, Signature] = {}
        for part in chunks(sorted(ids)):
            rows = conn.execute(
                select(article_signatures.c.article_id, article_signatures.c.signature).where(
                    article_signatures.c.article_id.in_(part)
                )
            )
            out.update({aid: Signature.from_bytes(bytes(sig)) for aid, sig in rows})
        return out

    def originals(self, conn: Connection, ids: Sequence[str]) -> dict[str, str]:
        """Each stored article's family original (itself when it has copies or none)."""
        out = {aid: aid for aid in ids}
        for part in chunks(list(ids)):
            rows = conn.execute(
                select(article_links.c.article_id, article_links.c.original_id).where(
                    article_links.c.article_id.in_(part)
                )
            )
            out.update({k: v for k, v in rows})
        return out

    def _family(self, conn: Connection, original: str) -> list[str]:
        copies = conn.scalars(
            select(article_links.c.article_id).where(article_links.c.original_id == original)
        ).all()
        return [original, *sorted(copies)]

    def _dates(self, conn: Connection, ids: Iterable[str]) -> dict[str, dt.date | None]:
        out: dict[str, dt.date | None] = {}
        for part in chunks(sorted(set(ids))):
            rows = conn.execute(
                select(articles.c.id, articles.c.published).where(articles.c.id.in_(part))
            )
            out.update({aid: _as_date(d) for aid, d in rows})
        return out

    def _regroup(
        self,
        conn: Connection,
        pairs: list[tuple[str, str]],
        new_dates: dict[str, dt.date | None],
        sigs: dict[str, Signature],
        changes: FamilyChanges,
    ) -> None:
        """Merge the families the new pairs join; relink all their members."""
        stored = [a for pair in pairs for a in pair if a not in new_dates]
        old_original = self.originals(conn, stored)
        members: set[str] = {a for pair in pairs for a in pair if a in new_dates}
        all_pairs = list(pairs)
        for original in set(old_original.values()):
            family = self._family(conn, original)
            members.update(family)
            all_pairs.extend((original, m) for m in family[1:])
            old_original.update(dict.fromkeys(family, original))
        dates = {**self._dates(conn, members - new_dates.keys()), **new_dates}
        family_of = families(dates, all_pairs)
        for part in chunks(sorted(members)):
            conn.execute(delete(article_links).where(article_links.c.article_id.in_(part)))
        missing = members - sigs.keys()
        sigs = {**sigs, **self._signatures(conn, missing)} if missing else sigs
        self._write_links(conn, sorted(members), family_of, sigs)
        for aid in members:
            if aid in new_dates:
                changes.original[aid] = family_of.get(aid, aid)
            elif old_original.get(aid, aid) != family_of.get(aid, aid):
                changes.changed.add(aid)

    def _write_links(
        self,
        conn: Connection,
        members: Sequence[str],
        family_of: dict[str, str],
        sigs: dict[str, Signature],
    ) -> None:
        rows = []
        for aid in members:
            original = family_of.get(aid, aid)
            if original != aid:
                a, b = sigs.get(aid), sigs.get(original)
                rows.append((aid, original, round(a.similarity(b), 4) if a and b else 1.0))
        if rows:
            bulk_insert(conn, article_links.name, ("article_id", "original_id", "similarity"), rows)


def _insert_signatures(
    conn: Connection, sigs: dict[str, Signature], bands: dict[str, list[int]]
) -> None:
    bulk_insert(
        conn,
        article_signatures.name,
        ("article_id", "signature"),
        [(aid, sig.to_bytes()) for aid, sig in sigs.items()],
    )
    band_rows = sorted({(k, aid) for aid, keys in bands.items() for k in keys})
    bulk_insert(conn, article_bands.name, ("band", "article_id"), band_rows)


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
