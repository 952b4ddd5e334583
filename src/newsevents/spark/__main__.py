"""``python -m newsevents.spark ...`` or ``spark-submit .../newsevents/spark/__main__.py ...``.

The same options as ``newsevents spark`` (and the same one-line errors and exit
statuses); under ``spark-submit`` the master and cluster settings come from it.
"""

import sys

from newsevents.cli import main

if __name__ == "__main__":
    main(args=["spark", *sys.argv[1:]], prog_name="newsevents")
