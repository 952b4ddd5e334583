"""Exports of a store of the team's example articles: each has exactly the columns
docs/EXPORTS.md lists, GDELT's loads with GDELT's column list, codes stay strings."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsevents.cli import main
from newsevents.export import GDELT_STRING_COLUMNS, SCHEMAS, export_events
from newsevents.store import EventFilter, Store

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[1] / "docs" / "EXPORTS.md"

# GDELT 2.0 event table columns, as GDELT's codebook lists them (typed here, apart from
# the code that writes them).
GDELT_2_COLUMNS = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name
Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode
Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code
Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode EventRootCode QuadClass
GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName
Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long
Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type
ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()


def documented_columns() -> dict[str, list[str]]:
    """Each ``--schema X`` section's table: the first cell of every row."""
    out: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `--schema (\w+)`", line)
        if heading:
            current = heading.group(1)
            out[current] = []
        elif line.startswith("## "):
            current = None
        elif current and (cell := re.match(r"^\| `([^`]+)` \|", line)):
            out[current].append(cell.group(1))
    return out


def export_bytes(db: str, schema: str, fmt: str, **kwargs: object) -> bytes | str:
    with Store.open(db) as store:
        if fmt == "parquet":
            buffer = io.BytesIO()
            export_events(store, schema, fmt, buffer, **kwargs)  # type: ignore[arg-type]
            return buffer.getvalue()
        text = io.StringIO()
        export_events(store, schema, fmt, text, **kwargs)  # type: ignore[arg-type]
        return text.getvalue()


def test_the_docs_list_every_schema() -> None:
    assert set(documented_columns()) == set(SCHEMAS)


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_each_export_has_exactly_its_documented_columns(examples_db: str, schema: str) -> None:
    documented = documented_columns()[schema]
    table = pq.read_table(io.BytesIO(export_bytes(examples_db, schema, "parquet")))  # type: ignore[arg-type]
    assert table.column_names == documented
    with Store.open(examples_db) as store:
        assert table.num_rows == store.count_events(EventFilter(factual_only=True)) > 0
    csv_text = export_bytes(examples_db, schema, "csv")
    frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)  # type: ignore[arg-type]
    assert list(frame.columns) == documented
    assert len(frame) == table.num_rows


def test_gdelt_export_loads_with_gdelts_column_list_and_codes_stay_strings(
    examples_db: str,
) -> None:
    assert SCHEMAS["gdelt"].columns == tuple(GDELT_2_COLUMNS)
    with Store.open(examples_db) as store:
        events = list(store.iter_events(EventFilter(factual_only=True, limit=500)))
    cameo_codes = sorted(e.cameo for e in events)
    assert any(code.startswith("0") for code in cameo_codes)  # "043", not 43
    raw = export_bytes(examples_db, "gdelt", "tsv", header=False)
    frame = pd.read_csv(io.StringIO(raw), sep="\t", header=None, names=GDELT_2_COLUMNS,  # type: ignore[arg-type]
                        dtype={c: str for c in GDELT_STRING_COLUMNS})  # fmt: skip
    assert len(frame) == len(events)
    assert sorted(frame["EventCode"]) == cameo_codes
    assert all(frame["EventRootCode"].str.len() == 2)
    assert (frame["EventBaseCode"] == frame["EventCode"].str[:3]).all()
    assert frame["QuadClass"].between(1, 4).all()
    parquet = pd.read_parquet(io.BytesIO(export_bytes(examples_db, "gdelt", "parquet")))  # type: ignore[arg-type]
    assert sorted(parquet["EventCode"]) == cameo_codes
    assert parquet["SQLDATE"].dtype.kind == "i" and parquet["GoldsteinScale"].dtype.kind == "f"
    placed = parquet.dropna(subset=["ActionGeo_CountryCode"])
    assert len(placed) and placed["ActionGeo_CountryCode"].str.fullmatch("[A-Z]{2}").all()


def test_happenings_export_one_row_per_cluster(examples_db: str) -> None:
    with Store.open(examples_db) as store:
        from newsevents.store import ClusterFilter

        n_clusters = store.count_clusters(ClusterFilter(factual_only=True))
    table = pq.read_table(
        io.BytesIO(export_bytes(examples_db, "gdelt", "parquet", happenings=True))
    )  # type: ignore[arg-type]
    assert table.num_rows == n_clusters
    assert min(table.column("NumArticles").to_pylist()) >= 1


def test_export_command_writes_files_and_says_how_many(examples_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "icews.csv"
    result = runner.invoke(main, ["export", "--db", examples_db, "--schema", "icews",
                                  "--format", "csv", "--dyad", "RUS:UKR", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str)
    assert len(frame) and set(frame["Source Country"]) | set(frame["Target Country"]) >= {"Russia"}
    assert f"exported {len(frame)} rows" in result.stderr
    bad = runner.invoke(main, ["export", "--db", examples_db, "--schema", "acled"])
    assert bad.exit_code == 2


def test_readme_country_month_conflict_panel_with_pandas_and_duckdb(
    examples_db: str, tmp_path: Path
) -> None:
    """The README's worked example, on an export of the example articles."""
    import duckdb

    path = tmp_path / "events.parquet"
    path.write_bytes(export_bytes(examples_db, "newsevents", "parquet"))  # type: ignore[arg-type]
    with Store.open(examples_db) as store:
        events = list(store.iter_events(EventFilter(factual_only=True, limit=500)))
    conflict = [e for e in events if e.quad_class == 4]
    assert conflict
    # pandas, as in the README
    ev = pd.read_parquet(path)
    ev["month"] = pd.to_datetime(ev["date"]).dt.to_period("M")
    panel = (
        ev[ev["quad_class"] == 4].groupby(["source_country", "month"]).size().unstack(fill_value=0)
    )
    assert panel.to_numpy().sum() == sum(1 for e in conflict if e.source and e.source[0].country)
    # DuckDB, as in the README
    rows = duckdb.sql(
        f"SELECT source_country, date_trunc('month', date) AS month, count(*) AS n "
        f"FROM '{path}' WHERE quad_class = 4 GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert sum(n for _, _, n in rows) == len(conflict)
    assert all(month.day == 1 for _, month, _ in rows if month is not None)
