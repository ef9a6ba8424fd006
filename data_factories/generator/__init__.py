"""Schema-driven test data: rows for any table of the platform, read from the PostgreSQL catalog.

    catalogs = load_catalogs(databases)
    plan = build_plan(catalogs, "inventory", "inventory_item", 100_000)   # + parents, dependency order
    data = generate(plan, seed=7)                                          # deterministic per seed
    write_json(data, Path("seats.json"))                                   # or:
    report = insert_dataset(databases, plan, data)                         # COPY, roots in the ledger
    cleanup_generated(databases)                                           # everything --insert made

See docs/data-generation.md for how types and constraints map to values.
"""

from data_factories.generator.dataset import Dataset, TableData, read_json, write_json
from data_factories.generator.errors import GenerationError, UnknownTarget, UnsupportedCheck
from data_factories.generator.plan import DEFAULT_FANOUT, Plan, TablePlan, build_plan
from data_factories.generator.rows import generate

__all__ = [
    "DEFAULT_FANOUT", "Dataset", "GenerationError", "Plan", "TableData", "TablePlan", "UnknownTarget",
    "UnsupportedCheck", "build_plan", "generate", "read_json", "write_json",
]
