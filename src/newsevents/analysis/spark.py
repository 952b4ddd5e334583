"""Panels of a ``newsevents spark`` output, computed with Spark: ``newsevents aggregate
--from-parquet DIR``.

A panel is made in two steps (``panel.py``): the items (events, or happenings) are
grouped by date span, unit and split value, then the few grouped rows are placed in
periods, zero-filled and normalised. On a store, SQL does the grouping
(``source.py``); here the same grouping runs as DataFrame operations over the output's
``events`` or ``clusters`` table (per partition, then merged by key, as ``groupBy``
does), and the grouped rows go through ``panel.add_grouped_rows`` and
``panel.finish_panel`` on the driver, unchanged. The news volume is counted from the
``articles`` table.

The functions below mirror ``source.common_conditions``, ``source._units`` and
``source._span_keys`` one for one, over the columns ``items_frame`` names as the store
does; what differs is only where the store's columns come from in the events table:

- ``source_country`` ... ``target_code``: the first element of ``source_countries`` ...
  ``target_codes`` (the store reads each event by its first actor of each side);
- ``sort_date``: ``date``, else ``article_date``;
- ``factual``: not ``negated`` and ``modality`` in the model's ``FACTUAL_MODALITIES``;
- the dyad filter: over every actor's country (``store.rows.dyad_rows``) or, for actor
  codes, every actor's code or country (``store.query.code_dyad_event_ids``);
- an event id (or article id) that the output holds twice counts once, as the store
  keeps it once.

pyspark is imported only here, and only when a panel is computed.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..model import FACTUAL_MODALITIES
from ..store.results import Dyad
from ..store.rows import UNKNOWN_DATE
from .panel import Cells, add_grouped_rows, finish_panel
from .source import WIDEST_SPAN
from .spec import Panel, PanelError, PanelSpec

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["grouped_frame", "items_frame", "panel_from_parquet", "spark_panel"]


def _and(conditions: Iterable[Column]) -> Column:
    from pyspark.sql import functions as F

    return functools.reduce(operator.and_, conditions, F.lit(True))


def _table(session: SparkSession, output: str, name: str) -> DataFrame | None:
    """A table of the output, or None when the run wrote none (no events, no clusters)."""
    from ..spark.load import NotSparkOutput
    from ..spark.tables import OutputFolder

    folder = OutputFolder(session, output)
    jvm_path = folder.jvm.org.apache.hadoop.fs.Path
    if not folder.fs.exists(jvm_path(folder.table("articles"))):
        raise NotSparkOutput(f"{output}: no articles table (not a newsevents spark output)")
    if not folder.fs.exists(jvm_path(folder.table(name))):
        return None
    # A table whose every partition was removed (its inputs lost their events) is a
    # folder with no Parquet file: Spark cannot read a schema from it.
    if name == "events" and not folder.partitions("events/event_month=*/input_key=*"):
        return None
    return session.read.parquet(folder.table(name))


def items_frame(session: SparkSession, output: str, count: str) -> DataFrame | None:
    """The items a panel counts (``events`` or ``clusters``), with the store's column
    names (``source.ItemColumns``: start, end, precision, source_country ..., and what
    the filters need); None when the output has none.
    Undated items have a null ``start``."""
    from pyspark.sql import functions as F

    if count == "clusters":
        clusters = _table(session, output, "clusters")
        if clusters is None:
            if _table(session, output, "events") is not None:
                raise PanelError(f"{output} has no clusters table (the run had clustering "
                                 "off): count events, or run it again with clustering")  # fmt: skip
            return None
        c = F.col
        return clusters.select(
            # the store's "no date" day, should a table hold it (Java cannot take year 1 from Python)
            F.when(c("date") != F.lit(UNKNOWN_DATE.isoformat()).cast("date"), c("date")).alias("start"),
            c("date_end").alias("end"), c("date_precision").alias("precision"),
            "source_country", "target_country", "source_code", "target_code",
            c("location_country").alias("place_country"), "quad_class", "plover",
            "cameo_root", "goldstein", "factual", "num_sources",
        )  # fmt: skip
    events = _table(session, output, "events")
    if events is None:
        return None

    def first(column: str) -> Column:
        return F.get(F.col(column), 0)  # null for an empty list

    factual = ~F.coalesce(F.col("negated"), F.lit(False)) & F.coalesce(
        F.col("modality").isin(*sorted(FACTUAL_MODALITIES)), F.lit(False)
    )
    return events.select(
        "event_id",
        F.coalesce("date", "article_date").alias("start"),
        F.lit(None).cast("date").alias("end"),
        F.col("date_precision").alias("precision"),
        first("source_countries").alias("source_country"),
        first("target_countries").alias("target_country"),
        first("source_codes").alias("source_code"),
        first("target_codes").alias("target_code"),
        F.col("location.country").alias("place_country"),
        "quad_class", "plover", "cameo_root", "goldstein", factual.alias("factual"),
        "confidence", "source_codes", "source_countries", "target_codes", "target_countries",
    )  # fmt: skip


def _side(country: Column, code: Column, value: str, strict: bool = True) -> Column:
    """A side given as a country (three letters) or an actor code (USAGOV); clusters
    take any three characters for a country (``store.cluster_query._side``)."""
    is_country = len(value) == 3 and (value.isalpha() or not strict)
    return country == value if is_country else code == value


def _contains(column: str, value: str) -> Column:
    from pyspark.sql import functions as F

    return F.coalesce(F.array_contains(F.col(column), value), F.lit(False))


def _dyad_condition(spec: PanelSpec) -> Column:
    """Mirrors ``source._dyad_condition``: the happening's dyad; an event's over every
    actor of each side (either direction counts the event once)."""
    from pyspark.sql import functions as F

    assert spec.dyad is not None
    dyad = Dyad.parse(spec.dyad)
    directions = [(dyad.a, dyad.b)] + ([] if spec.directed else [(dyad.b, dyad.a)])
    matches = []
    for a, b in directions:
        if spec.count == "clusters":
            s_col, t_col = F.col("source_country"), F.col("target_country")
            matches.append(_side(s_col, F.col("source_code"), a, strict=False)
                           & _side(t_col, F.col("target_code"), b, strict=False))  # fmt: skip
        elif dyad.by_country:  # event_dyads: pairs of the actors' countries
            matches.append(_contains("source_countries", a) & _contains("target_countries", b))
        else:  # an actor whose code or country is the value, on each side
            source = _contains("source_codes", a) | _contains("source_countries", a)
            target = _contains("target_codes", b) | _contains("target_countries", b)
            matches.append(source & target)
    return functools.reduce(operator.or_, matches)


def conditions(spec: PanelSpec) -> list[Column]:
    """Filters shared by every unit of a panel: ``source.common_conditions``."""
    from pyspark.sql import functions as F

    c = F.col
    conds: list[Column] = []
    if spec.factual_only:
        conds.append(F.coalesce(c("factual"), F.lit(False)))
    if spec.plover:
        conds.append(c("plover") == spec.plover)
    if spec.cameo_root:
        conds.append(c("cameo_root") == spec.cameo_root)
    if spec.quad_class is not None:
        conds.append(c("quad_class") == spec.quad_class)
    if spec.scope == "domestic":
        conds.append(c("source_country") == c("target_country"))
    elif spec.scope == "international":
        conds.append(c("source_country") != c("target_country"))
    if spec.dyad:
        conds.append(_dyad_condition(spec))
    if spec.involving:
        conds.append(_side(c("source_country"), c("source_code"), spec.involving)
                     | _side(c("target_country"), c("target_code"), spec.involving))  # fmt: skip
    if spec.min_sources > 1:
        conds.append(c("num_sources") >= spec.min_sources)
    if spec.min_confidence is not None:
        conds.append(c("confidence") >= spec.min_confidence)
    if spec.since:
        conds.append((c("start") >= F.lit(spec.since - WIDEST_SPAN)) | c("start").isNull())
    if spec.until:
        conds.append((c("start") <= F.lit(spec.until)) | c("start").isNull())
    return conds


def units(spec: PanelSpec) -> list[tuple[list[Column], list[Column]]]:
    """(unit columns, their conditions) for each side counted: ``source._units``."""
    from pyspark.sql import functions as F

    only = list(spec.only)
    if spec.by == "all":
        if only:
            raise PanelError("'only' needs a unit: by country, dyad or actor")
        return [([], [])]
    if spec.by == "dyad":
        s, t = F.col("source_country"), F.col("target_country")
        conds = [s.isNotNull(), t.isNotNull()] + ([s.isin(only), t.isin(only)] if only else [])
        if spec.directed:
            return [([s, t], conds)]
        return [([F.when(s <= t, s).otherwise(t), F.when(s <= t, t).otherwise(s)], conds)]
    prefix = "country" if spec.by == "country" else "code"
    source, target = F.col(f"source_{prefix}"), F.col(f"target_{prefix}")
    sides = {"source": source, "target": target, "place": F.col("place_country")}
    if spec.role != "either":
        unit = sides[spec.role]
        return [([unit], [unit.isNotNull(), *([unit.isin(only)] if only else [])])]
    statements = []
    for unit, extra in (
        (source, []),
        # a domestic item counts once for its country
        (target, [source.isNull() | (source != target)]),
    ):
        statements.append(
            ([unit], [unit.isNotNull(), *extra, *([unit.isin(only)] if only else [])])
        )
    return statements


def span_keys(spec: PanelSpec) -> list[Column]:
    """The date keys: days when spreading, else periods where they settle the item
    (``source._span_keys``, which says why)."""
    from pyspark.sql import functions as F

    start, end, precision = F.col("start"), F.col("end"), F.col("precision")
    if spec.imprecise == "spread":
        return [start, end, precision]

    def period(column: Column) -> Column:
        if spec.interval == "day":
            return column
        return F.trunc(column, spec.interval)  # weeks from Monday, as ISO's

    if spec.count == "clusters":  # a "range" is a week or a publication day in doubt
        ranged = precision == "range"
        return [F.when(ranged, start).otherwise(period(start)),
                F.when(ranged, end).otherwise(period(end)), precision]  # fmt: skip
    to_the_day = precision.isNull() | (precision == "day")
    return [F.when(to_the_day, period(start)).otherwise(start), end, precision]


def grouped_frame(spec: PanelSpec, items: DataFrame) -> DataFrame:
    """k0, k1, k2 (the date keys), u0... (the unit), s (the split value), n, g_sum,
    g_count: the grouped rows ``panel.add_grouped_rows`` reads, one per distinct key."""
    from pyspark.sql import functions as F

    spec = spec.validated()
    filtered = items.where(_and(conditions(spec)))
    if spec.count == "events":  # an event the output holds twice is stored once
        filtered = filtered.dropDuplicates(["event_id"])
    keys = [k.alias(f"k{i}") for i, k in enumerate(span_keys(spec))]
    if spec.split:
        keys.append(F.col(spec.split_column or "").alias("s"))
    statements = units(spec)
    n_units = len(statements[0][0])
    names = [f"u{i}" for i in range(n_units)]
    if len(statements) == 1:
        unit_columns, conds = statements[0]
        rows = filtered.where(_and(conds)).select(
            *keys, *(u.alias(n) for u, n in zip(unit_columns, names, strict=True)), "goldstein"
        )
    else:  # each item once per side it counts for: one scan, exploded
        sides = F.array(*(
            F.when(_and(conds), F.struct(*(u.alias(n) for u, n in zip(cols, names, strict=True))))
            for cols, conds in statements
        ))  # fmt: skip
        rows = (
            filtered.select(*keys, F.explode(sides).alias("unit"), "goldstein")
            .where(F.col("unit").isNotNull())
            .select(
                *(f"k{i}" for i in range(3)),
                *(f"unit.{n}" for n in names),
                *(["s"] if spec.split else []),
                "goldstein",
            )
        )
    group = ["k0", "k1", "k2", *names, *(["s"] if spec.split else [])]
    return (
        rows.groupBy(*group)
        .agg(
            F.count(F.lit(1)).alias("n"),
            F.sum("goldstein").alias("g_sum"),
            F.count("goldstein").alias("g_count"),
        )
        .select(*group, "n", "g_sum", "g_count")
    )


def spark_panel(session: SparkSession, output: str, spec: PanelSpec) -> Panel:
    """The panel ``spec`` asks for, from the ``newsevents spark`` output at ``output``
    (a path or any Hadoop URI): the same panel as ``analysis.panel`` gives on a store
    that ingested the output (``newsevents ingest --from-parquet``)."""
    from pyspark.sql import functions as F

    spec = spec.validated()
    cells: Cells = {}
    left_out: Counter[str] = Counter()
    items = items_frame(session, output, spec.count)
    if items is not None:
        add_grouped_rows(grouped_frame(spec, items).collect(), spec, cells, left_out)

    def articles_per_day(first: dt.date, last: dt.date) -> list[Any]:
        articles = _table(session, output, "articles")
        assert articles is not None
        stored = (
            articles.where((F.col("kind") == "article") & F.col("error").isNull())
            .select("article_id", "article_date")
            .where(F.col("article_date").between(F.lit(first), F.lit(last)))
            .dropDuplicates(["article_id"])
        )
        return [tuple(row) for row in stored.groupBy("article_date").count().collect()]

    return finish_panel(spec, cells, left_out, articles_per_day)


def panel_from_parquet(
    output: str, spec: PanelSpec, master: str | None = None, conf: dict[str, str] | None = None
) -> Panel:
    """``spark_panel`` in a session of its own (stopped at the end), or in the session
    already running in this process (left running)."""
    from pyspark.sql import SparkSession

    from ..spark import spark_session

    running = SparkSession.getActiveSession()
    session = running or spark_session(master, conf, app_name="newsevents-aggregate")
    try:
        return spark_panel(session, output, spec)
    finally:
        if running is None:
            session.stop()
