"""Querysets built and compiled once per process, then run with new values.

Building a queryset (`filter`, `select_related`, ...) and compiling it to SQL cost more than
running it: on an uncached item page, about half of the page (docs/performance-history.md). The
hot public queries never change shape, only their values (the language, the moment, a
slug), so each is built once per database and shape with stand-in values, and every
request runs the same SQL with its own. The rows still become model instances through
Django's own iterables, select_related and prefetch_related included.

    ITEMS = PreparedQuery(
        lambda limit, *, language, now: Item.objects.published(now)
        .filter(language=language)[:limit],
        language="en",
        now=timezone.now(),
    )
    ITEMS(6, language="ru", now=timezone.now())  # a list of Items

Positional arguments (here `limit`) are the query's shape: each distinct one is compiled
once. Keyword arguments are its values, named with a sample of their type (a string, an
integer, a date or an aware datetime). The first compilation on a database is done twice,
with different stand-ins, to prove the SQL does not depend on the values; a query whose
SQL would (a slice by a value, an `IN` list of varying length) cannot be prepared and says
so at once. On PostgreSQL each statement is also prepared on the server once per session
(`on_server`), so that PostgreSQL plans it once.
"""

import copy
import datetime
import itertools
import re
import threading

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# The most shapes one query keeps compiled (shapes can come from a request, like a page).
MAX_SHAPES = 256
# The most statements one PostgreSQL session keeps prepared; past it, they start again.
MAX_SERVER_STATEMENTS = 500
# Names of statements prepared on a PostgreSQL server: unique within the process.
_names = itertools.count(1)

# How a value may reach the query's parameters, besides unchanged: adapted by the backend
# for its column, or made a pattern (`__contains`, `__icontains`).
ADAPTERS = {
    "datetime": lambda connection, value: connection.ops.adapt_datetimefield_value(value),
    "date": lambda connection, value: connection.ops.adapt_datefield_value(value),
    "contains": lambda connection, value: f"%{connection.ops.prep_for_like_query(value)}%",
}


def adapters(value):
    if isinstance(value, datetime.datetime):
        return (None, "datetime")
    if isinstance(value, datetime.date):
        return (None, "date")
    if isinstance(value, str):
        return (None, "contains")
    return (None,)


def adapt(connection, adapter, value):
    return value if adapter is None else ADAPTERS[adapter](connection, value)


def stand_in(sample, number, round_):
    """A value of `sample`'s type that no real query uses, distinct per number and round."""
    if isinstance(sample, bool):
        raise TypeError("booleans cannot be told apart in parameters")
    if isinstance(sample, int):
        return 1_900_000_000 + round_ * 1000 + number
    if isinstance(sample, str):
        return f"\x00prepared-{round_}-{number}\x00"
    if isinstance(sample, datetime.datetime) and sample.tzinfo is not None:
        return datetime.datetime(2900 + round_, 1, 1, 0, 0, 0, number + 1, tzinfo=datetime.UTC)
    if isinstance(sample, datetime.date) and not isinstance(sample, datetime.datetime):
        return datetime.date(2900 + round_, 1 + number // 28, 1 + number % 28)
    raise TypeError(f"cannot prepare a value like {sample!r}")


class PreparedQuery:
    """A queryset factory whose SQL is compiled once per database and shape."""

    def __init__(self, build, server_plan=True, **samples):
        """`server_plan=False`: PostgreSQL plans the query for each run's values (through
        `on_server`, it plans once for any values: right for most queries, not for those
        whose best plan depends on the values, like a full-text search's). The statement
        is still prepared once per session: PostgreSQL reads and rewrites its text once
        (a search's, 0.1-0.15 ms of each run)."""
        self.build = build
        self.server_plan = server_plan
        self.samples = samples
        self.statements = {}
        self.checked = set()  # the databases this query's values were traced on twice
        self.lock = threading.Lock()

    def __call__(self, *shape, using=DEFAULT_DB_ALIAS, **values):
        """The rows of `build(*shape, **values)`, as the queryset would give them."""
        return self.statement(shape, using, values).run(values)

    def count(self, *shape, using=DEFAULT_DB_ALIAS, **values):
        """How many rows `build(*shape, **values)` has (what its `count()` would say)."""
        return self.statement(shape, using, values).count(values)

    def statement(self, shape, using, values):
        if values.keys() != self.samples.keys():
            raise TypeError(f"expected the values {sorted(self.samples)}, got {sorted(values)}")
        key = (using, shape)
        statement = self.statements.get(key)
        if statement is None:
            statement = Statement(self, using, shape, check=using not in self.checked)
            with self.lock:
                self.checked.add(using)
                if len(self.statements) >= MAX_SHAPES:
                    self.statements.clear()
                self.statements[key] = statement
        return statement


class Statement:
    """One compiled shape: its SQL, where each value goes, and the compiler that read it."""

    def __init__(self, prepared, using, shape, check):
        self.server_plan = prepared.server_plan
        """Compiled with stand-ins for the values; with `check`, a second time with other
        stand-ins, which must give the same SQL with the values in the same places (once
        per query and database: what the builder does with a value does not vary)."""
        self.using = using
        self.converted = (None, None)
        rounds = (0, 1) if check else (0,)
        compiled = [self.compile(prepared, using, shape, round_) for round_ in rounds]
        self.compiler, self.sql, params = compiled[0]
        self.count_sql = f"SELECT COUNT(*) FROM ({self.sql}) counted"  # noqa: S608  # nosec B608
        for _compiler, sql, other_params in compiled[1:]:
            if sql != self.sql or len(other_params) != len(params):
                raise ImproperlyConfigured("this query's SQL depends on its values")
        self.slots = []
        carried = [self.carried(self.stand_ins(prepared, round_), using) for round_ in rounds]
        for position, value in enumerate(params):
            found = [
                self.find(round_params[position], values)
                for values, (_compiler, _sql, round_params) in zip(carried, compiled, strict=True)
            ]
            if any(slot != found[0] for slot in found):
                raise ImproperlyConfigured("this query's parameters depend on its values")
            if found[0] is None:
                if any(round_params[position] != value for _c, _s, round_params in compiled):
                    raise ImproperlyConfigured("a parameter changed with no value changing")
                self.slots.append((None, None, value))
            else:
                self.slots.append(found[0])
        named = {name for name, _adapter, _constant in self.slots}
        missing = prepared.samples.keys() - named
        if missing:
            raise ImproperlyConfigured(f"values the SQL never uses: {sorted(missing)}")
        # What a statement prepared on PostgreSQL is sent (`on_server`): each value once,
        # however often the SQL uses it. An item's statement used the moment fourteen times
        # among forty parameters, each quoted by the driver and read by the server on
        # every run (170 µs more than one); its constants are written into the statement.
        self.sent = list(dict.fromkeys(slot for slot in self.slots if slot[0] is not None))
        # Shapes may differ in their constants alone (a search's language): each its own.
        self.constants = tuple(repr(slot[2]) for slot in self.slots if slot[0] is None)

    @staticmethod
    def stand_ins(prepared, round_):
        return {
            name: stand_in(sample, number, round_)
            for number, (name, sample) in enumerate(prepared.samples.items())
        }

    def compile(self, prepared, using, shape, round_):
        """(compiler, sql, params) of the query built with this round's stand-ins."""
        queryset = prepared.build(*shape, **self.stand_ins(prepared, round_)).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if round_ == 0:
            self.queryset = queryset  # how its rows become objects (iterable, prefetches)
        return compiler, sql, params

    @staticmethod
    def carried(stand_ins, using):
        """What a parameter may be to carry each stand-in: {(type, parameter): (name,
        adapter, None)}, the first of the stand-ins and adapters where two give the same
        (a query with a hundred values has thousands of parameters to look up)."""
        connection = connections[using]
        carried = {}
        for name, value in stand_ins.items():
            for adapter in adapters(value):
                adapted = adapt(connection, adapter, value)
                carried.setdefault((type(adapted), adapted), (name, adapter, None))
        return carried

    @staticmethod
    def find(param, carried):
        """(name, adapter, None) of the value this parameter carries, or None."""
        try:
            return carried.get((type(param), param))
        except TypeError:  # unhashable (a list): no stand-in becomes one
            return None

    def to_send(self, connection, sql, values):
        """(SQL, parameters) of one run of `sql` (the statement's, or its count's). Each
        value is adapted once however often the SQL uses it (an item page's moment appears
        fourteen times; adapting a datetime is 3 µs), and a statement prepared on
        PostgreSQL is sent it once."""
        adapted = {slot: adapt(connection, slot[1], values[slot[0]]) for slot in self.sent}
        if connection.vendor == "postgresql":
            sql = on_server(connection, sql, self.slots, self.sent, self.constants)
            if not self.server_plan:  # this run only (SET LOCAL), in the same round trip
                sql = f"SET LOCAL plan_cache_mode = force_custom_plan; {sql}"
            return sql, tuple(adapted.values())
        params = tuple(adapted[slot] if slot[0] is not None else slot[2] for slot in self.slots)
        return sql, params

    def count(self, values):
        connection = connections[self.using]
        sql, params = self.to_send(connection, self.count_sql, values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def run(self, values):
        connection = connections[self.using]
        sql, params = self.to_send(connection, self.sql, values)
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        converters = self.converters(compiler)
        compiler.get_converters = lambda expressions: converters
        template = self.queryset
        queryset = QuerySet(model=template.model, query=Compiled(compiler), using=self.using)
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        queryset._prefetch_related_lookups = template._prefetch_related_lookups
        return list(queryset)

    def converters(self, compiler):
        """How the columns' values become Python values: the same for every run on one
        connection (each thread has its own)."""
        connection, converters = self.converted  # one read: another thread may replace it
        if connection is not compiler.connection:
            fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
            converters = compiler.get_converters(fields)
            self.converted = (compiler.connection, converters)
        return converters


def on_server(connection, sql, slots, sent, constants=()):
    """The SQL to send for `sql`: on PostgreSQL, the execution of a statement prepared
    once per session. PostgreSQL plans every query it is sent, and for the hot queries
    the planning took longer than the running (1.1 ms against 0.1 ms for an item with
    its section, contact and translation); a prepared statement is planned once (the
    sessions ask PostgreSQL to keep its generic plan: cstosite.postgresql). `slots` are
    the parameters of `sql` in order (`Statement.slots`), `sent` those sent with each
    run, each once; the constants among them are written into the statement (so one
    statement is prepared for each set of `constants`, the `repr` of each)."""
    if connection.vendor != "postgresql":
        return sql
    connection.ensure_connection()
    session = connection.connection  # the driver's: a new one after a reconnection
    state = getattr(connection, "prepared_on_server", None)
    if state is None or state[0] is not session:
        state = connection.prepared_on_server = (session, {})
    names = state[1]
    key = (sql, constants)
    name = names.get(key)
    if name is None:
        # Set-up of the session, like Django's own time zone: the driver's cursor, not
        # one of the queries a page makes (and counts); its errors still Django's.
        with connection.wrap_database_errors, session.cursor() as cursor:
            if len(names) >= MAX_SERVER_STATEMENTS:
                cursor.execute("DEALLOCATE ALL")
                names.clear()
            name = f"cstosite_{next(_names)}"
            numbers = {slot: f"${number}" for number, slot in enumerate(sent, 1)}
            places = [
                numbers[slot] if slot in numbers else cursor.mogrify("%s", (slot[2],)).decode()
                for slot in slots
            ]
            cursor.execute(f"PREPARE {name} AS {numbered(sql, places)}")
        names[key] = name
    if not sent:
        return f"EXECUTE {name}"
    return f"EXECUTE {name}({', '.join(['%s'] * len(sent))})"


def numbered(sql, places=None):
    """Django's SQL (`%s` for each parameter, `%%` for a percent sign) as PostgreSQL's
    PREPARE reads it: each parameter `$1`, `$2`, ..., or what `places` puts there."""
    if places is None:
        places = (f"${number}" for number in itertools.count(1))
    places = iter(places)
    return re.sub(r"%([s%])", lambda m: "%" if m.group(1) == "%" else next(places), sql)


class Compiled:
    """What a QuerySet's iterable asks of its query: a compiler, here already compiled;
    anything else (the selected names of `values()`, say) is the built query's."""

    def __init__(self, compiler):
        self.compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler

    def __getattr__(self, name):
        return getattr(self.compiler.query, name)
