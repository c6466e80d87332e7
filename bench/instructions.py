"""Instructions per uncached page, counted by valgrind: repeatable where timings are not.

    .venv/bin/python bench/instructions.py [--items N] [--requests 10] [PAGE ...]

Times on a shared machine drift by half from one run to the next; the number of machine
instructions a request takes does not. This prepares the benchmark's database and pages as
`bench/run.py` does, then runs Django's test client in one process under valgrind's
callgrind, the page cache off: each page answered a few times to warm up, then N times,
and prints each page's instructions per request and the ceiling's (a bare Django view)
over them. Compare two commits by running it on each. Needs valgrind (`apt-get install
valgrind`); takes a minute or two.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import CEILING, PYTHON, ROOT, bench_environment, manage, pages  # noqa: E402

# In the measured process: a call to getppid() marks the end of each page's requests, and
# callgrind writes the instructions counted since the previous mark (--dump-before).
CHILD = r"""
import json, os, sys, django
django.setup()
from django.test import Client
urls, requests = json.loads(sys.argv[1]), int(sys.argv[2])
client = Client()
for url in urls.values():
    for _ in range(3):
        assert client.get(url).status_code == 200, url
os.getppid()
for url in urls.values():
    for _ in range(requests):
        client.get(url)
    os.getppid()
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="published items to seed")
    parser.add_argument("--requests", type=int, default=10, help="counted requests per page")
    parser.add_argument("page", nargs="*", help="only these pages (names as in the table)")
    return parser.parse_args()


def count(env, urls, requests):
    """{page: instructions per request}, the pages measured in order in one process."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-before=getppid",
                f"--callgrind-out-file={folder}/out.%p",
                PYTHON,
                "-c",
                CHILD,
                json.dumps(urls),
                str(requests),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        dumps = sorted(Path(folder).glob("out.*.*"), key=lambda path: int(path.suffix[1:]))
        totals = [instructions(dump) for dump in dumps]
    # The first dump is the start and warm-up; then one per page, in order.
    return {name: total / requests for name, total in zip(urls, totals[1:], strict=True)}


def instructions(dump):
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise ValueError(f"no totals in {dump}")


def main():
    args = parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is missing: apt-get install valgrind")
    env = {**bench_environment(args.items), "DJANGO_PAGE_CACHE": "off"}
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "seed_bench", str(args.items))
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    urls = pages(env)
    if args.page:
        urls = {name: url for name, url in urls.items() if name in args.page or name == CEILING}
    counts = count(env, urls, args.requests)
    database = env["DATABASE_URL"].split("://")[0]
    print(f"\n{args.items} items on {database}, page cache off, Django's test client")
    print(f"{'page':14} {'instructions':>14} {'ceiling':>8}")
    for name, value in counts.items():
        print(f"{name:14} {value / 1e6:12.1f} M {counts[CEILING] / value:8.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
