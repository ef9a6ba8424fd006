"""The dashboard's connection pool and template environment: what keeps a page cheap under many users
(docs/dashboard.md "Load") without changing what a page shows."""

from __future__ import annotations

from collections import OrderedDict
from contextlib import ExitStack

import jinja2

from support.dashboard.db import Database
from support.dashboard.web import RowEnvironment


def _backend_pids(db: Database, at_once: int) -> set[int]:
    """The server processes (one per connection) of ``at_once`` cursors open together."""
    with ExitStack() as stack:
        cursors = [stack.enter_context(db.cursor()) for _ in range(at_once)]
        pids = set()
        for cur in cursors:
            cur.execute("SELECT pg_backend_pid() AS pid")
            pids.add(cur.fetchone()["pid"])
    return pids


def test_connections_handed_back_are_kept_for_the_next_requests(dsns: dict[str, str]) -> None:
    db = Database(dsns["results"], schema="test_dashboard_pool", max_connections=4)
    try:
        first = _backend_pids(db, 3)
        assert len(first) == 3  # three requests at once: three connections, all borrowed together
        assert _backend_pids(db, 3) == first  # the same three again, not new ones (psycopg2 alone kept one)
    finally:
        db.close()


def test_row_fields_read_in_templates_as_jinja_reads_them() -> None:
    source = ("{{ r.name }}|{{ r.missing is defined }}|{{ r.items is callable }}|{{ r.get('name') }}|{{ k.items is callable }}"
              "|{{ o.name }}|{{ n.name is defined }}|{{ r.data.wall_s | default(0) }}|{{ r['name'] }}")
    values = {"r": {"name": "Buy <seats>", "data": {}}, "k": {"items": 3}, "o": OrderedDict(name="ordered"), "n": None}
    ours = RowEnvironment(autoescape=True).from_string(source).render(**values)
    stock = jinja2.Environment(autoescape=True).from_string(source).render(**values)
    assert ours == stock == "Buy &lt;seats&gt;|False|True|Buy &lt;seats&gt;|True|ordered|False|0|Buy &lt;seats&gt;"
