"""The benchmark: seed N items, serve the site as production does, load it, print one table.

    .venv/bin/python bench/run.py [--items N] [--duration 5] [--connections 16 64] [--rounds 1]

The database is `DATABASE_URL` if set, else `var/bench-<N>.sqlite3`; pages are cached where
`DJANGO_CACHE_URL` says (local memory by default, or a running Redis or memcached). For
each page below it reports SQL queries and response bytes (measured in-process), then,
with the page cache on and then off, starts gunicorn (DEBUG off, whitenoise, the
production settings) on 127.0.0.1 and drives it with wrk from a separate process:
requests/s, p50 and p99 latency, errors and the ratio to the ceiling, a bare Django view
under the same server and workers, measured between the pages (each page's ratio is to
the ceiling's rows around it). With `--rounds N` every page is measured N times, and its
row of median ratio printed.
Exits 1 if any request failed. It prints figures; it asserts no timing.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CEILING = "ceiling"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="published items to seed")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per row")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every row this many times; print the one of median ratio",
    )
    parser.add_argument(
        "--cache", choices=["on", "off", "both"], default="both", help="page cache modes to run"
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--explain", metavar="FILE", default="", help="write the query plans")
    return parser.parse_args()


def bench_environment(items):
    env = dict(os.environ)
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    env.setdefault("DATABASE_URL", f"sqlite:///{var / f'bench-{items}.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_STATIC_ROOT=str(var / "bench-static"),
        DJANGO_LOG_LEVEL="ERROR",
        # Plain HTTP on loopback: production's redirect to HTTPS would answer every request.
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def pages(env):
    """The pages to load, by name: the same URLs for the in-process count and for wrk."""
    script = (
        "import django; django.setup();"
        "from news.models import Item;"
        "item = Item.objects.published().select_related('section')"
        ".order_by('-published_at')[Item.objects.count() // 2];"
        "print(item.get_absolute_url())"
    )
    item_url = subprocess.run(
        [PYTHON, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    return {
        "home": "/",
        "all news p1": "/news/",
        "section p1": "/news/csto-news/",
        "all news p500": "/news/?page=500",
        "item": item_url,
        "search": "/search/?q=tasmagambetov",
        "search common": "/search/?q=kazakhstan",
        "feed": "/news/feed/",
        "sitemap": "/sitemap.xml",
        CEILING: "/bench/ceiling/",
    }


def measure_in_process(env, urls, explain_to=""):
    """Queries and bytes per page, with the page cache on: a miss, then a hit; with
    `explain_to`, the plans of the miss's queries (EXPLAIN ANALYZE on PostgreSQL)."""
    script = r"""
import json, sys, django
django.setup()
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
urls = json.loads(sys.argv[1])
explain = sys.argv[2] and open(sys.argv[2], "w")
client = Client()
cache.clear()
out = {}
def write_plans(title, queries):
    explain.write(f"## {title}\n\n")
    for query in queries.captured_queries[1:]:  # after the version read
        sql = query["sql"]
        setting = ""
        if sql.startswith("SET LOCAL"):  # planned for its values (cstosite.prepared)
            setting, sql = sql.split("; ", 1)
            setting += "; "
        if sql.startswith("DECLARE"):  # a server-side cursor: explain its query
            sql = sql.split(" FOR ", 1)[1]
        if sql.startswith("EXECUTE"):  # prepared once per session (cstosite.prepared)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT statement FROM pg_prepared_statements WHERE name = %s",
                    [sql.split()[1].split("(")[0]],
                )
                explain.write(f"```sql\n{cursor.fetchone()[0]}\n```\n")
        elif not sql.startswith("SELECT"):
            continue
        explain.write(f"```sql\n{setting}{sql}\n```\n")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(setting + "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = "\n".join(" ".join(map(str, row)) for row in cursor.fetchall())
        explain.write(f"```\n{plan}\n```\n\n")


def statements(queries):
    return [query["sql"].split("(")[0] for query in queries.captured_queries[1:]]


for name, url in urls.items():
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        if len(counts) == 1 and explain:
            write_plans(f"{name}: {url}", queries)
            first = queries
    if explain:  # built again: other statements the second time (a deep page's anchor)?
        cache.clear()
        with CaptureQueriesContext(connection) as again:
            client.get(url)
        if statements(again) != statements(first):
            write_plans(f"{name}, built again: {url}", again)
    out[name] = {"status": response.status_code, "queries": counts, "bytes": len(response.content)}
print(json.dumps(out))
"""
    result = subprocess.run(
        [PYTHON, "-c", script, json.dumps(urls), explain_to],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def free_port():
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, what="gunicorn", timeout=30):
    """Return once `process` (a server: `what`) accepts connections on loopback `port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited before serving on port {port}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start on port {port}")


def start_server(env, workers, port):
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "cstosite.wsgi",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    wait_for_port(port, process)
    return process


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def cpu_times():
    """The machine's CPU time counters (the first line of /proc/stat: user, nice, system,
    idle, iowait, irq, softirq, steal, ...), or None where there are none."""
    try:
        with open("/proc/stat") as stat:
            return [int(number) for number in stat.readline().split()[1:]]
    except OSError:
        return None


def stolen(before, after):
    """The share of the machine's time between two `cpu_times()` that the hypervisor gave
    to other guests (steal): a busy neighbour slows every row it falls on."""
    if not before or not after or len(before) < 8:
        return None
    spent = [later - earlier for earlier, later in zip(before[:8], after[:8], strict=True)]
    return spent[7] / sum(spent) if sum(spent) else None


def run_wrk(url, connections, duration):
    before = cpu_times()
    output = subprocess.run(
        # A slow answer is slow, not an error: only failed requests count as errors.
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout=30s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    steal = stolen(before, cpu_times())
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"wrk printed no latency for {url}:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": errors,
        "steal": steal,
    }


def load(env, urls, args, cache):
    """Each page's row under load, and the ceiling's: measured before the first page, then
    after each page, so that each page's ratio is to the mean of the two ceiling rows
    around it (`ceiling_of`), measured within seconds of it. The machine's speed drifts by
    a tenth and more over a run; a ceiling measured once, at the end, moved every ratio."""
    env = {**env, "DJANGO_PAGE_CACHE": cache}
    server = start_server(env, args.workers, args.port)
    try:
        base = f"http://127.0.0.1:{args.port}"
        for url in urls.values():  # warm up: templates loaded, connections open, cache filled
            settle(base + url, args.workers)
        rounds = {}
        ceiling_url = base + urls[CEILING]
        for connections in args.connections:
            ceilings = []
            for _round in range(args.rounds):
                ceilings.append(measure(ceiling_url, connections, args))
                for name, url in urls.items():
                    if name == CEILING:
                        continue
                    row = measure(base + url, connections, args)
                    ceilings.append(measure(ceiling_url, connections, args))
                    row["ceiling"] = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
                    rounds.setdefault((name, connections), []).append(row)
            for row in ceilings:
                row["ceiling"] = row["rps"]
            rounds[(CEILING, connections)] = ceilings
        return {key: median_row(rows) for key, rows in rounds.items()}
    finally:
        stop_server(server)


def median_row(rows):
    """Of a page's rows, the one of median ratio to its ceiling (the ceiling's: of median
    rate), with the errors of all: with `--rounds`, one round's noise (a neighbour on the
    machine) moves no figure."""
    by_ratio = sorted(rows, key=lambda row: (row["rps"] / row["ceiling"], row["rps"]))
    middle = dict(by_ratio[len(by_ratio) // 2])
    middle["errors"] = sum(row["errors"] for row in rows)
    return middle


def measure(url, connections, args):
    settle(url, args.workers)
    return run_wrk(url, connections, args.duration)


def settle(url, workers):
    """Requests one at a time, two per worker: what the previous row left queued is served
    before this row starts (wrk stops sending at the end of its row; the server does not
    stop serving, and a slow page's queue would count against the next page)."""
    for _ in range(2 * workers):
        urllib.request.urlopen(url).read()  # noqa: S310 - loopback only  # nosec B310


def print_table(urls, counts, results, args):
    header = (
        f"{'page':<14} {'cache':>5} {'conns':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'ceiling':>8} {'queries':>8} {'bytes':>8} {'steal':>6}"
    )
    print(header)
    print("-" * len(header))
    failed = 0
    for cache, by_page in results.items():
        for connections in args.connections:
            for name in urls:
                row = by_page[(name, connections)]
                failed += row["errors"]
                queries = "/".join(str(n) for n in counts[name]["queries"])
                steal = "-" if row["steal"] is None else f"{row['steal']:.0%}"
                print(
                    f"{name:<14} {cache:>5} {connections:>5} {row['rps']:>8.0f} "
                    f"{row['p50']:>7.2f} {row['p99']:>7.2f} {row['errors']:>6} "
                    f"{row['rps'] / row['ceiling']:>7.0%} {queries:>8} {counts[name]['bytes']:>8} "
                    f"{steal:>6}"
                )
    print("ceiling: to the mean of the ceiling's rows measured just before and after the page;")
    print("the ceiling's own row is the median of those rows (its errors, all of theirs)")
    if args.rounds > 1:
        print(f"each row: the one of median ratio of {args.rounds} rounds (errors of all)")
    print("queries: a page's SQL queries with the cache on, as a miss / as a hit")
    print("steal: the machine's time given to other guests by the hypervisor during the row;")
    print("rows of high steal ran on a machine slowed by its neighbours")
    return failed


def main():
    args = parse_args()
    if not args.port:
        args.port = free_port()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    env = bench_environment(args.items)
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "seed_bench", str(args.items))
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    urls = pages(env)
    counts = measure_in_process(env, urls, args.explain)
    bad = {name: row["status"] for name, row in counts.items() if row["status"] != 200}
    if bad:
        raise SystemExit(f"pages that did not answer 200: {bad}")
    modes = ["on", "off"] if args.cache == "both" else [args.cache]
    results = {cache: load(env, urls, args, cache) for cache in modes}
    database = env["DATABASE_URL"].split("://")[0]
    shared = env.get("DJANGO_CACHE_URL", "locmem://").split("://")[0]
    cached = "" if shared == "locmem" else f", pages cached in {shared}"
    print(f"\n{args.items} items on {database}, gunicorn with {args.workers} sync workers{cached}")
    failed = print_table(urls, counts, results, args)
    if failed:
        print(f"{failed} requests failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
