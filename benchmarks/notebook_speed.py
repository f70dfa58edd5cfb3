"""How long each course notebook takes headless, and how much memory its kernel needs.

Targets (Binder: 2 CPUs, 2 GB): under 3 minutes and well under 2 GB per notebook. Each
notebook runs in a fresh process that executes it with nbclient; the kernel is that
process's child, so after it exits, RUSAGE_CHILDREN gives the kernel's peak memory.
Prints figures and ratios; asserts nothing.

Run: python benchmarks/notebook_speed.py [--precomputed]   (live training, or lecture mode)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from nerlab.course import lessons_dir, working_copy

NOTEBOOKS = sorted(p.name for p in lessons_dir().glob("*.ipynb"))

ONE = r"""
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
seconds = time.perf_counter() - start
kernel_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "kernel_mb": kernel_kb / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--precomputed", action="store_true", help="lecture mode: load saved runs")
    args = parser.parse_args()
    env = dict(os.environ, NERLAB_PRECOMPUTED="1" if args.precomputed else "")
    folder = working_copy(tempfile.mkdtemp(prefix="nerlab-speed-"))  # as a learner's copy
    print(f"{'notebook':<40} {'seconds':>8} {'/ 180 s':>8} {'kernel MB':>10} {'/ 2048 MB':>10}")
    for name in NOTEBOOKS:
        path = folder / name
        out = subprocess.run(
            [sys.executable, "-c", ONE, str(path), str(folder)], capture_output=True, text=True, env=env
        )
        if out.returncode != 0:
            print(f"{path.name:<40} FAILED: {out.stderr.strip().splitlines()[-1] if out.stderr else ''}")
            continue
        m = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{path.name:<40} {m['seconds']:8.1f} {m['seconds'] / 180:8.2f} "
            f"{m['kernel_mb']:10.0f} {m['kernel_mb'] / 2048:10.2f}"
        )


if __name__ == "__main__":
    main()
