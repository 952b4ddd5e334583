"""List the inputs of a Spark run through Hadoop's FileSystem API, on the driver.

Paths, folders (walked recursively and sorted, as ``newsevents ingest`` walks them),
glob patterns (``s3a://bucket/crawl/*/*.warc.gz``) and manifests (text files listing
input URIs, one a line, such as Common Crawl's ``warc.paths.gz``) become
:class:`~newsevents.spark.plan.InputFile` records with fully qualified URIs. Everything
goes through the JVM's Hadoop client with the session's Hadoop configuration, so any
file system Spark is configured for (``file:``, ``hdfs:``, ``s3a:``, ``gs:``, ``abfs:``)
works unchanged; a path without a scheme means Hadoop's default file system.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .plan import InputFile

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["InputNotFound", "Listing", "escape_glob", "list_inputs", "read_manifest"]

# Kinds whose article id may be the file name (a second file of the same name gets its
# path as id, as in newsevents.read.sources.Reader._unique).
_STEM_KINDS = frozenset({"txt", "html"})
_GLOB_CHARACTERS = "\\{}[]*?"


class InputNotFound(ValueError):
    """An input named on the command line (or a manifest) does not exist."""


@dataclass
class Listing:
    """The input files of a run, in reading order, and manifest entries that matched nothing."""

    files: list[InputFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def escape_glob(uri: str) -> str:
    """``uri`` with Hadoop's glob characters escaped, so that a file named ``a[1].txt``
    is read as itself by Spark's file sources (which treat every path as a pattern)."""
    return "".join("\\" + c if c in _GLOB_CHARACTERS else c for c in uri)


def jvm_and_hadoop_conf(spark: SparkSession) -> tuple[Any, Any]:
    """The driver's JVM view (py4j) and the session's Hadoop configuration."""
    context: Any = spark.sparkContext
    return context._jvm, context._jsc.hadoopConfiguration()


class _Hadoop:
    """The few FileSystem calls the listing needs, through the session's JVM (py4j)."""

    def __init__(self, spark: SparkSession) -> None:
        self.jvm, self.conf = jvm_and_hadoop_conf(spark)

    def path(self, uri: str) -> Any:
        return self.jvm.org.apache.hadoop.fs.Path(uri)

    def statuses(self, uri: str) -> list[Any]:
        """The file or folder ``uri`` names, else the matches of ``uri`` as a glob."""
        path = self.path(uri)
        fs = path.getFileSystem(self.conf)
        path = fs.makeQualified(path)
        if fs.exists(path):
            return [fs.getFileStatus(path)]
        return list(fs.globStatus(path) or [])

    def children(self, status: Any) -> list[Any]:
        path = status.getPath()
        children = path.getFileSystem(self.conf).listStatus(path)
        return sorted(children, key=lambda s: s.getPath().getName())

    def walk(self, status: Any, explicit: bool) -> Iterator[Any]:
        """File statuses under ``status``, as ``Reader._read_folder`` walks a folder:
        sorted, recursive, hidden names and files of unknown kinds skipped."""
        from ..read.sources import kind_of

        if not status.isDirectory():
            if explicit or kind_of(status.getPath().getName()) is not None:
                yield status
            return
        for child in self.children(status):
            if not child.getPath().getName().startswith("."):
                yield from self.walk(child, explicit=False)

    @staticmethod
    def origin(status: Any) -> str:
        uri = status.getPath().toUri()
        return str(uri.getPath()) if uri.getScheme() == "file" else str(status.getPath().toString())


def read_manifest(spark: SparkSession, manifest: str, base: str | None = None) -> list[str]:
    """The input URIs a manifest lists (plain text or ``.gz``, read through Hadoop), one a
    line; blank lines and ``#`` comments skipped; relative entries resolved against
    ``base`` when given (Common Crawl lists paths relative to its bucket)."""
    if not _Hadoop(spark).statuses(manifest):
        raise InputNotFound(f"{manifest}: no such manifest")
    entries = []
    for row in spark.read.text(escape_glob(manifest)).collect():
        line = row[0].strip()
        if not line or line.startswith("#"):
            continue
        if base and "://" not in line and not line.startswith("/"):
            line = base.rstrip("/") + "/" + line
        entries.append(line)
    return entries


def list_inputs(
    spark: SparkSession,
    paths: Sequence[str],
    manifests: Sequence[str] = (),
    base: str | None = None,
) -> Listing:
    """Every input file under ``paths`` and the entries of ``manifests``, in order.

    A path that matches nothing raises :class:`InputNotFound` (a usage error, as for
    ``newsevents code``); a manifest entry that matches nothing is listed in
    ``Listing.missing`` and the run goes on without it. A file named twice is read once.
    """
    from ..read.sources import kind_of

    hadoop = _Hadoop(spark)
    named = [(p, True) for p in paths]
    for manifest in manifests:
        named.extend((entry, False) for entry in read_manifest(spark, manifest, base))
    listing = Listing()
    seen: set[str] = set()
    stems: set[str] = set()
    for name, required in named:
        statuses = hadoop.statuses(name)
        if not statuses:
            if required:
                raise InputNotFound(f"{name}: no such file or folder")
            listing.missing.append(name)
            continue
        for top in statuses:
            for status in hadoop.walk(top, explicit=True):
                uri = str(status.getPath().toString())
                if uri in seen:
                    continue
                seen.add(uri)
                found = kind_of(status.getPath().getName())
                stem = found[1] if found and found[0] in _STEM_KINDS else None
                taken = stem is not None and stem in stems
                if stem is not None:
                    stems.add(stem)
                size = int(status.getLen())
                listing.files.append(InputFile(uri, size, hadoop.origin(status), taken))
    return listing
