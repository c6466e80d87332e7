"""Real cache servers for the page cache's tests and the load-and-fault check: Redis and
memcached from Debian's packages (`apt-get install redis-server memcached`), each started
on a free loopback port, keeping nothing on disk."""

import getpass
import os
import signal
import subprocess

from bench.run import free_port, wait_for_port

COMMANDS = {
    # No snapshots, no append-only file: nothing written to disk.
    "redis": "redis-server --bind 127.0.0.1 --port {port} --save '' --appendonly no",
    # Without UDP; as root, memcached must be told whom to run as.
    "memcached": "memcached -l 127.0.0.1 -p {port} -U 0 -u {user}",
}
LOCATIONS = {"redis": "redis://127.0.0.1:{port}/0", "memcached": "memcached://127.0.0.1:{port}"}


class CacheServer:
    """One server process of `kind` ("redis" or "memcached") on its own port."""

    def __init__(self, kind):
        self.kind = kind
        self.port = free_port()
        self.url = LOCATIONS[kind].format(port=self.port)
        self.process = None

    def start(self):
        command = COMMANDS[self.kind].format(port=self.port, user=getpass.getuser())
        self.process = subprocess.Popen(  # noqa: S603 - fixed commands, no input  # nosec B603
            ["/bin/sh", "-c", f"exec {command}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, what=self.kind, timeout=10)

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)  # a frozen process cannot end
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self):
        """The server stops answering but keeps its connections open, as a hung one does."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def hits(self):
        """How many reads the server has answered with an entry (Redis only)."""
        import redis

        return redis.Redis(port=self.port).info("stats")["keyspace_hits"]

    def flush(self):
        """Forget every entry, through a connection of its own."""
        if self.kind == "redis":
            import redis

            redis.Redis(port=self.port).flushdb()
        else:
            from pymemcache.client.base import Client

            Client(("127.0.0.1", self.port)).flush_all()
