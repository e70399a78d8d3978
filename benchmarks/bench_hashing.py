"""Evidence intake: hashing throughput of the store against ``sha256sum`` on the same file.

Run: ``.venv/bin/python benchmarks/bench_hashing.py [SIZE_MB]`` (default 1024). A file of random
bytes is written to a temporary folder; ``sha256sum`` (GNU coreutils) hashes it, then the store
streams it in (hashing and copying, as ``lexbridge evidence add`` does), then ``hash_file`` only
hashes it. Each is run twice and the better time kept, with the file in the page cache.
The ratio is sha256sum's time over ours: 1.0 means as fast, the target is 0.9 or better.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lexbridge.evidence.store import Store, hash_file


def best(run, repeat: int = 2) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    size_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
        path = Path(folder) / "image.bin"
        with path.open("wb") as out:
            for _ in range(size_mb):
                out.write(os.urandom(1 << 20))
        reference = best(
            lambda: subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)
        )
        only_hash = best(lambda: hash_file(path))

        def intake() -> None:
            store = Store(Path(folder) / f"store-{time.perf_counter_ns()}")
            store.add(path)

        stored = best(intake, repeat=1)
    print(f"{size_mb} MB of random data")
    print(f"sha256sum:                 {reference:6.2f} s  ({size_mb / reference:7.1f} MB/s)")
    print(
        f"hash_file (hash only):     {only_hash:6.2f} s  ({size_mb / only_hash:7.1f} MB/s)  ratio {reference / only_hash:.2f}"
    )
    print(
        f"Store.add (hash and copy): {stored:6.2f} s  ({size_mb / stored:7.1f} MB/s)  ratio {reference / stored:.2f}"
    )


if __name__ == "__main__":
    main()
