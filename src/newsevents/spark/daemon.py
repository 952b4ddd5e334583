"""Spark's Python daemon with the pipeline built before it forks any worker.

Spark starts one daemon per executor (and per Python environment) and forks a Python
worker from it for each concurrent task; ``spark.python.daemon.module`` names the
module it runs. This one builds the job's pipeline first (the spaCy model, the actor
knowledge base: seconds of work and hundreds of megabytes), from the settings the job
puts in its workers' environment, then hands over to pyspark's own daemon. Every
worker then starts with the pipeline in memory, shared copy-on-write with its siblings:
one pipeline per executor process, not one per worker.

Nothing may be printed on stdout here: the daemon tells the JVM its port on stdout.
"""

from __future__ import annotations


def main() -> None:
    from newsevents.spark.worker import preload_from_environment

    preload_from_environment()

    from pyspark import daemon

    daemon.manager()


if __name__ == "__main__":
    main()
