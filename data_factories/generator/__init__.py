"""Schema-driven test data: rows for any table of the platform, read from the PostgreSQL catalog.

    catalogs = load_catalogs(databases)
    plan = build_plan(catalogs, "inventory", "inventory_item", 100_000)   # + parents, dependency order
    data = generate(plan, seed=7)                                          # deterministic per seed, in memory
    rows = stream(plan, seed=7)                                            # same rows, target in batches
    write_stream(rows, Path("seats.json"))                                 # or:
    report = insert_dataset(databases, rows)                               # COPY, roots in the ledger
    cleanup_generated(databases)                                           # everything --insert made

See docs/data-generation.md for how types and constraints map to values.
"""

from pathlib import Path

from data_factories.generator.dataset import Dataset, TableData, read_json, write_json, write_json_tables
from data_factories.generator.errors import GenerationError, UnknownTarget, UnsupportedCheck
from data_factories.generator.plan import DEFAULT_FANOUT, Plan, TablePlan, build_plan
from data_factories.generator.rows import Stream, generate, stream


def write_stream(rows: Stream, path: Path) -> None:
    """The --output file of a stream: the target's batches are written as they are made."""
    header = TableData(*rows.target, rows.columns, {c: [] for c in rows.columns})
    write_json_tables(rows.seed, ".".join(rows.target), [*((t, [t]) for t in rows.parents), (header, rows.batches())], path)


__all__ = [
    "DEFAULT_FANOUT", "Dataset", "GenerationError", "Plan", "TableData", "TablePlan", "UnknownTarget",
    "Stream", "UnsupportedCheck", "build_plan", "generate", "read_json", "stream", "write_json", "write_stream",
]
