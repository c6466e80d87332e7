"""Load and fault: wrk at 64 connections for 60 s, with PostgreSQL restarted and the page
cache's Redis hung on the way.

    .venv/bin/python -m bench.fault [--items 2000] [--duration 60] [--down 5]

Starts its own throwaway PostgreSQL cluster (Debian's PostgreSQL 15, as root) and Redis
server (the page cache, as `DJANGO_CACHE_URL` names it), seeds the database, serves the
site as production does (gunicorn, debug off) and loads published pages from wrk,
counting failed responses per second. A third of the way in it stops PostgreSQL, and
starts it again `--down` seconds later; two thirds of the way in it freezes Redis
(SIGSTOP: connections accepted, nothing answered) for `--down` seconds. It passes (exit
0) when: requests failed only while the database was down and up to 2 s after it
accepted connections again, none failed before, after or while Redis hung, no connection
was refused, pages were served from Redis again once it answered, and every item and
version is still there (row counts and a checksum compared before and after).
"""

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg2

from bench.cache_servers import CacheServer
from bench.run import ROOT, bench_environment, free_port, manage, start_server, stop_server

PGBIN = Path("/usr/lib/postgresql/15/bin")
LUA = Path(__file__).with_name("errors_per_second.lua")
GRACE = 2  # seconds after the database is back during which failures are allowed
CHECKSUMS = {
    "items": "SELECT count(*), md5(string_agg(id || title || lead || body || published_at::text"
    " || status, ',' ORDER BY id)) FROM news_item",
    "versions": "SELECT count(*), md5(string_agg(id || data::text, ',' ORDER BY id))"
    " FROM news_itemversion",
}


class Cluster:
    """A PostgreSQL server of our own in a temporary folder, on loopback."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="cstosite-fault-pg-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.postgres(
            "initdb", "-D", "data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip

    def postgres(self, program, *args):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(PGBIN / program), *args],
            cwd=self.folder,
            check=True,
            capture_output=True,
        )

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.postgres("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-o", options, "start")

    def stop(self):
        self.postgres("pg_ctl", "-D", "data", "-m", "fast", "-w", "stop")

    def accepts_connections(self):
        try:
            psycopg2.connect(self.url, connect_timeout=1).close()
        except psycopg2.OperationalError:
            return False
        return True

    def checksums(self):
        with psycopg2.connect(self.url) as connection, connection.cursor() as cursor:
            results = {}
            for name, sql in CHECKSUMS.items():
                cursor.execute(sql)
                results[name] = cursor.fetchone()
        connection.close()
        return results

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def add_versions(env, count=200):
    """Saved versions for some items, so that the check covers them too."""
    script = (
        "import django; django.setup(); from news.models import Item;"
        "from news.versions import record_version;"
        f"[record_version(item, None) for item in Item.objects.all()[:{count}]]"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)


def published_paths(env, count=20):
    script = (
        "import django; django.setup(); from news.models import Item;"
        f"print(' '.join(i.get_absolute_url() for i in Item.objects.published()[:{count}]))"
    )
    items = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout.split()  # fmt: skip
    return ["/", "/news/", "/news/?page=2", "/news/csto-news/", "/press/", *items]


def parse(output):
    seconds = {}
    for line in output.splitlines():
        if line.startswith("second "):
            _, second, failed, ok = line.split()
            seconds[int(second)] = (int(failed), int(ok))
    socket_errors = sum(int(n) for n in output.split("socket errors ")[1].split())
    return seconds, socket_errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--down", type=float, default=5, help="seconds PostgreSQL stays down")
    args = parser.parse_args()
    tools = [shutil.which(name) for name in ("wrk", "redis-server")]
    if os.geteuid() != 0 or not (PGBIN / "initdb").exists() or not all(tools):
        raise SystemExit("needs root, Debian's postgresql-15, redis-server and wrk (see .ci/run)")

    cluster = Cluster()
    cache = CacheServer("redis")
    server = None
    try:
        cluster.start()
        cache.start()
        env = {
            **bench_environment(args.items),
            "DATABASE_URL": cluster.url,
            "DJANGO_CACHE_URL": cache.url,
        }
        env["DJANGO_LOG_LEVEL"] = "CRITICAL"  # not 400 tracebacks of the outage
        manage(env, "migrate", "--noinput", "--verbosity=0")
        manage(env, "seed_bench", str(args.items))
        add_versions(env)
        manage(env, "collectstatic", "--noinput", "--verbosity=0")
        paths = published_paths(env)
        before = cluster.checksums()
        port = free_port()
        server = start_server(env, 2, port)
        for path in paths:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # noqa: S310  # nosec B310

        events = {}

        def faults():
            began = time.time()
            time.sleep(args.duration / 3)
            events["down"] = time.time()
            cluster.stop()
            time.sleep(args.down)
            cluster.start()
            while not cluster.accepts_connections():
                time.sleep(0.05)
            events["up"] = time.time()
            time.sleep(max(0.0, began + 2 * args.duration / 3 - time.time()))
            events["frozen"] = time.time()
            cache.freeze()
            time.sleep(args.down)
            cache.thaw()
            events["thawed"] = time.time()
            events["hits when thawed"] = cache.hits()

        fault = threading.Thread(target=faults)
        fault.start()
        command = [
            "wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout=30s",
            "-s", str(LUA), f"http://127.0.0.1:{port}", "--", *paths,
        ]  # fmt: skip
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        fault.join()
        hits_after = cache.hits()
        after = cluster.checksums()
    finally:
        if server:
            stop_server(server)
        cache.stop()
        cluster.remove()

    seconds, socket_errors = parse(output)
    down, up = int(events["down"]), int(events["up"] + GRACE) + 1
    outside = {s: c for s, c in seconds.items() if c[0] and not down <= s <= up}
    recovered = sum(ok for s, (failed, ok) in seconds.items() if s > up)
    hung = int(events["frozen"]), int(events["thawed"])
    cached_again = hits_after - events["hits when thawed"]
    print(f"PostgreSQL down for {events['up'] - events['down']:.1f} s")
    print(f"Redis hung for {events['thawed'] - events['frozen']:.1f} s")
    print(f"{'second':>6} {'failed':>7} {'ok':>7}")
    start = min(seconds)
    for second in sorted(seconds):
        mark = " <- database down" if down <= second <= int(events["up"]) else ""
        mark += " <- Redis hung" if hung[0] <= second <= hung[1] else ""
        print(f"{second - start:>6} {seconds[second][0]:>7} {seconds[second][1]:>7}{mark}")
    print(f"socket errors: {socket_errors}; rows and checksums before {before} after {after}")
    print(f"pages served from Redis after it answered again: {cached_again}")
    problems = []
    if outside:
        problems.append(f"requests failed while the database was up: {outside}")
    if not cached_again:
        problems.append("no page was served from Redis after it answered again")
    if socket_errors:
        problems.append(f"{socket_errors} connections failed")
    if not recovered:
        problems.append("no request succeeded after the database came back")
    if before != after:
        problems.append("items or versions changed")
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print("PASS: failures only while the database was down, nothing lost, the cache back")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
