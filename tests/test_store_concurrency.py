"""Several processes ingesting overlapping articles into one store at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents.store import Store
from test_store_helpers import BACKENDS, backend_url, fresh_store, sample_corpus

# Each writer stores the whole sample corpus in batches of one article, over and over
# with different article ids, so the writers' transactions interleave.
WRITER = """
import sys, dataclasses
sys.path.insert(0, {tests!r})
from test_store_helpers import sample_corpus
from newsevents.model import Event
from newsevents.store import Store

def renamed(c, n):
    art = dataclasses.replace(c.article, id=f"{{c.article.id}}-{{n}}")
    evs = tuple(dataclasses.replace(e, article_id=art.id, event_id="") for e in c.events)
    return dataclasses.replace(c, article=art, events=evs)

store = Store.open({url!r})
corpus = [renamed(c, n) for n in range({start}, {start} + 12) for c in sample_corpus()]
report = store.ingest(corpus, commit_every=1)
print(report.new, report.skipped_duplicate, report.events)
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_writers_lose_and_duplicate_nothing(backend: str, tmp_path: Path) -> None:
    url = backend_url(backend, tmp_path)
    for _empty in fresh_store(url):
        pass  # start from an empty store
    tests = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(tests=tests, url=url, start=start)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        for start in (0, 6, 6)  # ranges 0-11, 6-17, 6-17: heavy overlap
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err[-2000:]
    new = sum(int(out.split()[0]) for out, _ in outputs)
    per_round = len(sample_corpus())
    assert new == 18 * per_round  # 18 distinct rounds, each stored exactly once
    with Store.open(url) as store:
        stats = store.stats()
    assert stats.articles == 18 * per_round and stats.events == 18 * 11
