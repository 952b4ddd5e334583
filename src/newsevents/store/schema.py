"""The SQL schema (SQLAlchemy Core), portable between SQLite and PostgreSQL.

Each event is stored twice over: as flat, indexed columns for filtering and as the full
CONTRACT.md JSON (``json``) from which query results are rebuilt, so what comes out is
exactly what went in. Each distinct actor (code, country, sector, name, text) is one row
of ``actors`` with its event count, kept up to date at ingest: actor search and actor
filters scan or look up that small table, then reach events through ``event_actors``
(one row per actor of an event, by integer ``actor_id``). ``event_dyads`` holds one row per distinct (source country, target country) pair
of an event, so dyad filters and timelines see every actor of a side, not only the first.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 6

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("dek", Text),
    Column("date", Date),
    Column("url", Text),
    Column("origin", Text),
    Column("outlet", String),
    # Article.published, else its date: syndicated copies and clusters go by it.
    Column("published", Date),
    Column("dateline_place", Text),
    Column("dateline_city", String),
    Column("dateline_country", String(3)),
    Column("event_count", Integer, nullable=False, default=0),
    Column("json", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    # An integer key in insertion order: rows of events and of their actors and dyads
    # are appended at the end of their B-trees instead of at random places (as a hashed
    # ``event_id`` key would), so a bulk commit writes few pages. ``event_id`` is unique
    # by construction (a hash of article id, sentence, span ...; a replaced article's
    # events are deleted first) and never looked up, so it has no index.
    Column("event_key", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Column("date", Date),  # the event's own date (None when unknown)
    # Event date, else the article's date, else 0001-01-01: never NULL, so it can order
    # pages (keyset pagination) and bound ``since``/``until`` without NULL cases.
    Column("sort_date", Date, nullable=False),
    Column("plover", String(16)),
    Column("plover_mode", String),
    Column("cameo", String(4), nullable=False),
    Column("cameo_root", String(2), nullable=False),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("negated", Boolean, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("factual", Boolean, nullable=False),  # not negated and asserted/reported
    Column("confidence", Float),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("source_code", String),
    Column("source_country", String(3)),
    Column("source_sector", String),
    Column("target_code", String),
    Column("target_country", String(3)),
    Column("target_sector", String),
    Column("mentions", Integer, nullable=False, default=1),
    Column("json", Text, nullable=False),
    # The event's cluster (``clusters``) and the unit that decides it (``cluster_members``).
    Column("cluster_id", String(16), nullable=True),
    Column("cluster_unit", Text, nullable=True),
    # day, week, month, year, before, unknown: timelines draw an event only at an
    # interval at least as coarse as its date (model.DATE_PRECISIONS)
    Column("date_precision", String(8)),
    Column("location_precision", String(8)),  # city, region, country (model.PLACE_PRECISIONS)
)

# Missing parts are '' (not NULL) so that the unique key treats them as equal.
actors = Table(
    "actors",
    metadata,
    Column("actor_id", Integer, primary_key=True, autoincrement=True),
    Column("code", String, nullable=False),
    Column("country", String, nullable=False),
    Column("sector", String, nullable=False),
    Column("name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("events", Integer, nullable=False, default=0),  # events it takes part in
    UniqueConstraint("code", "country", "sector", "name", "text", name="uq_actors_key"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_key", Integer, ForeignKey("events.event_key"), primary_key=True),
    Column("side", String(6), primary_key=True),  # "source" | "target"
    Column("position", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.actor_id"), nullable=False),
    Column("role", Text),
    sqlite_with_rowid=False,  # the primary key is the table: one B-tree less per insert
)

# The primary key leads with (pair, sort_date, event_key): in SQLite (WITHOUT ROWID) the
# table is itself the index that timelines scan and dyad pages read in page order, one
# B-tree per row instead of two. Deleting by event key scans it (replacements are rare).
event_dyads = Table(
    "event_dyads",
    metadata,
    # The two countries in alphabetical order ("CHN|USA"): either-direction dyad pages and
    # timelines read one index range, in date order, instead of merging two.
    Column("pair", String(7), primary_key=True),
    Column("sort_date", Date, primary_key=True),
    Column("event_key", Integer, ForeignKey("events.event_key"), primary_key=True),
    Column("source_country", String(3), primary_key=True),
    Column("target_country", String(3), primary_key=True),
    # True for the second direction of a pair within one event (sources and targets both
    # hold both countries), so either-direction counts see each event once.
    Column("mirror", Boolean, nullable=False),
    # Copies of the event's columns, so a timeline never has to touch ``events``.
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("factual", Boolean, nullable=False),
    Column("date_precision", String(8)),
    sqlite_with_rowid=False,
)

unresolved_names = Table(
    "unresolved_names",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("label", String, nullable=False),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    Column("sentence", Text, nullable=False),
)

store_info = Table(
    "store_info",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

# Event clusters: one row per happening (``newsevents.cluster``), kept up to date at
# ingest. ``pair`` and the copies of the representative event's columns serve cluster
# timelines and filters without touching ``events``.
clusters = Table(
    "clusters",
    metadata,
    Column("cluster_id", String(16), primary_key=True),
    Column("unit", Text, nullable=False),
    Column("block", Text, nullable=False),
    Column("date", Date),  # first day the happening may fall on
    Column("date_end", Date),  # last day
    Column("date_precision", String(8)),  # day, range, month, year (None: no date)
    Column("sort_date", Date, nullable=False),  # date, else first_seen, else 0001-01-01
    Column("plover", String(16)),
    Column("cameo", String(4), nullable=False),
    Column("cameo_root", String(2), nullable=False),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("factual", Boolean, nullable=False),
    Column("source_code", String),
    Column("source_country", String(3)),
    Column("target_code", String),
    Column("target_country", String(3)),
    Column("pair", String(7)),  # the two countries in alphabetical order (event_dyads.pair)
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("location_precision", String(8)),  # city, region, country
    Column("place", Text, nullable=False),  # the place key its members share
    Column("representative", Integer, nullable=False),  # event_key
    Column("num_events", Integer, nullable=False),
    Column("num_articles", Integer, nullable=False),
    Column("num_sources", Integer, nullable=False),
    Column("first_seen", Date),
    Column("last_seen", Date),
    Column("outlets", Text, nullable=False),  # JSON list
)

# One row per clustered event, keyed by its unit (``cluster/keys.py``): the partition of
# a unit is recomputed from its rows, and a block's days and date ranges are key ranges.
cluster_members = Table(
    "cluster_members",
    metadata,
    Column("unit", Text, primary_key=True),
    Column("event_key", Integer, primary_key=True),
    Column("cluster_id", String(16), nullable=False),
    Column("event_id", String, nullable=False),
    Column("article_id", String, nullable=False),
    Column("place", Text, nullable=False),
    Column("rank", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# Each day a stored date-range unit covers: when that day's happenings change, the
# range's members choose again (``store/clusters.py``). Year ranges never attach.
cluster_watch = Table(
    "cluster_watch",
    metadata,
    Column("unit", Text, primary_key=True),  # a day unit
    Column("span_unit", Text, primary_key=True),  # a range unit covering that day
    sqlite_with_rowid=False,
)

# Syndicated copies: each copy points at its family's original (originals have no row).
article_links = Table(
    "article_links",
    metadata,
    Column("article_id", String, primary_key=True),
    Column("original_id", String, nullable=False),
    Column("similarity", Float, nullable=False),
)

# MinHash signatures and their LSH band keys, for finding copies of new articles.
article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", String, primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, primary_key=True),
    Column("article_id", String, primary_key=True),
    sqlite_with_rowid=False,
)

# Every event page is ordered newest first by (sort_date, event_key); each filter that can
# be selective gets an index ending in that order so the page is an index range scan.
Index("ix_events_sort", events.c.sort_date, events.c.event_key)
Index("ix_events_article", events.c.article_id)
Index("ix_events_plover", events.c.plover, events.c.sort_date, events.c.event_key)
Index("ix_events_root", events.c.cameo_root, events.c.sort_date, events.c.event_key)
Index("ix_events_location", events.c.location_country, events.c.sort_date, events.c.event_key)
# Exact code/country lookups of the actor search and of source/target/dyad filters (the
# unique key, which leads with ``code``, serves the code lookups).
Index("ix_actors_country", actors.c.country)
Index(
    "ix_event_actors_actor", event_actors.c.actor_id, event_actors.c.side, event_actors.c.event_key
)
# PostgreSQL keeps rows apart from the key: a covering index makes timelines index-only
# scans, and one on event_key serves deletes. SQLite needs neither (see ``event_dyads``).
Index("ix_dyads_event", event_dyads.c.event_key).ddl_if(dialect="postgresql")
Index(
    "ix_dyads_pair",
    event_dyads.c.pair,
    event_dyads.c.sort_date,
    event_dyads.c.event_key,
    event_dyads.c.source_country,
    event_dyads.c.quad_class,
    event_dyads.c.goldstein,
    event_dyads.c.factual,
    event_dyads.c.mirror,
    event_dyads.c.date_precision,
).ddl_if(dialect="postgresql")
Index("ix_clusters_sort", clusters.c.sort_date, clusters.c.cluster_id)
Index(
    "ix_clusters_pair",
    clusters.c.pair,
    clusters.c.sort_date,
    clusters.c.quad_class,
    clusters.c.goldstein,
    clusters.c.factual,
)
Index("ix_article_links_original", article_links.c.original_id)
Index("ix_unresolved_name", unresolved_names.c.name)
Index("ix_unresolved_article", unresolved_names.c.article_id)

# Live news (``newsevents.fetch``): the feeds followed and every article URL met, so a
# watcher stopped at any moment resumes without losing or repeating an item. Times are
# UTC. New tables only: stores of the same schema version gain them when opened.
feeds = Table(
    "feeds",
    metadata,
    Column("url", String, primary_key=True),
    Column("outlet", String),  # from the feeds file; else articles keep their domain
    Column("title", Text),  # the feed's own title
    Column("etag", Text),  # validators for conditional requests (304 Not Modified)
    Column("last_modified", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("last_checked_at", DateTime(timezone=True)),  # last poll, whatever came of it
    Column("last_read_at", DateTime(timezone=True)),  # last poll that read the feed
    Column("last_status", Text),  # "24 entries, 3 new", "not modified" or the error
    Column("failures", Integer, nullable=False, default=0),  # in a row
    Column("next_check_at", DateTime(timezone=True)),  # not before (after failures, 429)
    Column("items_found", Integer, nullable=False, default=0),
)

fetch_items = Table(
    "fetch_items",
    metadata,
    Column("url", String, primary_key=True),  # normalised: no fragment, no utm_* tags
    Column("feed_url", String),  # None for URLs given to ``newsevents fetch``
    Column("outlet", String),
    Column("title", Text),  # from the feed entry
    Column("published", Date),  # the feed entry's publication date
    # pending (to fetch, not before next_attempt_at) | stored | failed | disallowed
    Column("state", String(12), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("http_status", Integer),
    Column("error", Text),  # why the last attempt failed
    Column("article_id", String),
    Column("final_url", Text),  # after redirects
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_attempt_at", DateTime(timezone=True)),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("fetched_at", DateTime(timezone=True)),
)
Index("ix_fetch_items_due", fetch_items.c.state, fetch_items.c.next_attempt_at)
Index("ix_fetch_items_feed", fetch_items.c.feed_url, fetch_items.c.state)
