"""The job on a real, if small, Spark cluster, submitted with ``spark-submit``.

The test starts one standalone master and one worker on loopback with pyspark's own
``spark-class`` launcher, then submits ``newsevents/spark/__main__.py`` from a folder of
its own, naming the inputs and output by relative paths. The executor is then a JVM the
worker starts in the worker's folder, with Python workers forked from
``newsevents.spark.daemon``: nothing of the driver's working folder or memory reaches
it, so the job only works if inputs, output and settings travel as docs/spark.md says.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import require_service
from newsevents.model import Article, ReadError
from newsevents.read import read_paths
from spark_fixtures import PAGES, write_jsonl, write_warc

START_TIMEOUT = 180  # seconds for a JVM to come up on a busy two-core machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    pytest.fail(f"{log.name}: no {text!r} after {START_TIMEOUT} s:\n{tail}")


def _start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)  # fmt: skip


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The worker's executors are children of its JVM, in its process group.
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    require_service(shutil.which("java") is not None, "a Spark cluster needs Java")
    pyspark = pytest.importorskip("pyspark")
    home = Path(pyspark.__file__).parent
    base = tmp_path_factory.mktemp("cluster")
    work = base / "work"
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_LOG_DIR": str(base), "SPARK_WORKER_DIR": str(work)}  # fmt: skip
    spark_class = str(home / "bin" / "spark-class")
    port = _free_port()
    url = f"spark://127.0.0.1:{port}"
    master = _start(
        [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
         "--port", str(port), "--webui-port", str(_free_port())],
        base / "master.log", env,
    )  # fmt: skip
    worker = None
    try:
        _wait_for(base / "master.log", "I have been elected leader", master)
        worker = _start(
            [spark_class, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
             "--cores", "1", "--memory", "1500m", "--work-dir", str(work),
             "--webui-port", str(_free_port()), url],
            base / "worker.log", env,
        )  # fmt: skip
        _wait_for(base / "worker.log", "Successfully registered with master", worker)
        yield {"url": url, "home": home, "work": work, "env": env}
    finally:
        if worker is not None:
            _stop(worker)
        _stop(master)


@pytest.mark.slow
@pytest.mark.service
def test_spark_submit_on_a_standalone_cluster(
    cluster: dict[str, Any], tmp_path: Path, pipeline: Any
) -> None:
    import pyarrow.parquet as pq

    import newsevents.spark

    inputs = tmp_path / "in"
    inputs.mkdir()
    write_warc(inputs / "pages.warc.gz", PAGES)
    write_jsonl(inputs / "more.jsonl")
    driver = tmp_path / "driver"
    driver.mkdir()
    job = Path(newsevents.spark.__file__).parent / "__main__.py"
    command = [
        str(cluster["home"] / "bin" / "spark-submit"), "--master", cluster["url"],
        "--conf", f"spark.pyspark.python={sys.executable}",
        "--conf", f"spark.pyspark.driver.python={sys.executable}",
        "--conf", "spark.python.daemon.module=newsevents.spark.daemon",
        "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false",
        str(job), "../in", "--output", "../out", "--partitions", "2",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=driver, env=cluster["env"], capture_output=True,
                          text=True, timeout=900)  # fmt: skip
    # spark-submit hands the Python driver's stdout and stderr on as its own stdout.
    report = done.stdout + done.stderr
    assert done.returncode == 3, report[-3000:]  # the JSONL file has two bad lines

    items = list(read_paths([inputs]))
    coded = list(pipeline.code_articles(i for i in items if isinstance(i, Article)))
    events = sorted(e.event_id for c in coded for e in c.events)
    assert events and f"records read: {len(items)}," in report
    assert f"events: {len(events)}, " in report
    for error in (i for i in items if isinstance(i, ReadError)):
        assert f"error: {error.origin}: {error.message}" in report
    table = pq.read_table(tmp_path / "out" / "events")
    assert sorted(table.column("event_id").to_pylist()) == events
    # Clustering is on by default: the clusters table was made on the cluster too.
    clusters = pq.read_table(tmp_path / "out" / "clusters")
    assert clusters.num_rows > 0 and f"clusters in the output: {clusters.num_rows} " in report
    clustered = sorted(e for ids in clusters.column("event_ids").to_pylist() for e in ids)
    assert set(clustered) <= set(events)

    # The executor was a JVM of the worker, in the worker's folder, not the driver's.
    executor_logs = list(cluster["work"].glob("app-*/*/stderr"))
    assert executor_logs and not list(driver.iterdir())
    executor_log = "".join(log.read_text(errors="replace") for log in executor_logs)
    assert "Running task" in executor_log
