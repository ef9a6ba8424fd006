"""Generic database steps: read-only queries, watched tables and their diff, integrity checks,
constraints proven with rows that are never committed (SRS DB-001).

The SQL of the stored rows lives in support/journeys/row_cases.py; queries a QA engineer writes
run in READ ONLY transactions.
"""

from behave import given, then, when

import support.gherkin.vocabulary  # noqa: F401  (registers {:Database}, {:RowCase}, {:Check})
from support.assertions import expect_equal, expect_true
from support.journeys import database


@when("I query the {db:Database} database:")
def query(context, db):
    """One SELECT on committed data (READ ONLY transaction, at most 10,000 rows):

        When I query the inventory database:
          \"\"\"
          SELECT status, count(*) AS seats FROM inventory_item WHERE event_id = '{event_id}' GROUP BY status
          \"\"\"
    """
    database.query(context.state, db, context.text)


@when("I query the {db:Database} database inside the transaction:")
def query_in_transaction(context, db):
    """The same, inside the scenario transaction (sees its uncommitted rows):

        When I query the inventory database inside the transaction:
          \"\"\"
          SELECT seat_number, status FROM inventory_item WHERE event_id = '{transaction_event_id}'
          \"\"\"
    """
    database.query(context.state, db, context.text, in_transaction=True)


@then("the query returns:")
def query_returns(context):
    """Rows in order; only the table's columns are compared, by value (50 equals 50.00, null is NULL):

        Then the query returns:
          | status    | seats |
          | AVAILABLE | 18    |
    """
    problems = database.query_differences(context.state, context.table.headings, [list(r) for r in context.table])
    expect_true("query result", not problems, "\n".join(problems))


@then("the query returns no rows")
def query_returns_nothing(context):
    """Then the query returns no rows"""
    rows = database.query_rows(context.state)
    expect_equal("rows returned by the query", len(rows), 0)


@given("I watch the {db:Database} database")
def watch_all(context, db):
    """Snapshot of every table before the When step (slower; prefer naming the tables):

        Given I watch the events database
    """
    database.watch(context.state, db)


@given('I watch the tables "{tables}" of the {db:Database} database')
def watch_tables(context, tables, db):
    """Given I watch the tables "reservation_lock, inventory_item" of the inventory database"""
    database.watch(context.state, db, tables.split(","))


@then("the {db:Database} database changed by:")
def changed_by(context, db):
    """Changes since the watch, in this scenario's events' rows; tables watched by name and not listed
    must not change (a whole-database watch judges only the listed tables):

        Then the inventory database changed by:
          | table            | inserted | updated | deleted |
          | reservation_lock | 1        | 0       | 0       |
          | inventory_item   | 0        | 2       | 0       |
    """
    expected = {row["table"]: (int(row["inserted"]), int(row["updated"]), int(row["deleted"])) for row in context.table}
    actual = database.change_counts(context.state, db, expected)
    expect_equal(f"{db} changes per table (inserted, updated, deleted)", actual, expected)


@then("the databases are consistent")
def consistent(context):
    """Integrity checks over the scenario's events: no orphans, totals agree, sold seats ticketed:

        Then the databases are consistent
    """
    findings = database.consistency_findings(context.state)
    expect_true("the databases are consistent", not findings, "\n".join(str(f) for f in findings))


@given("a database transaction")
def transaction(context):
    """Rows stored after this stay in one transaction, rolled back when the scenario ends:

        Given a database transaction
    """
    database.open_transaction(context.state, on_scenario_end=context.add_cleanup)


@when("I try to store {case:RowCase}")
def try_store(context, case):
    """When I try to store a seat numbered 0"""
    database.try_store(context.state, case)


@when("I store {case:RowCase} in the transaction")
def store_in_transaction(context, case):
    """When I store a sold seat without a ticket in the transaction"""
    database.try_store(context.state, case, must_succeed=True)


@when("the transaction is rolled back")
def roll_back(context):
    """When the transaction is rolled back"""
    database.rollback(context.state)


@then('the database refuses it because of "{reason}"')
def refused(context, reason):
    """Then the database refuses it because of "inventory_item_seat_number_check\""""
    attempt = database.last_attempt(context.state)
    expect_true(f"the database refuses {attempt.case}", attempt.refusal is not None, "it was accepted")
    expect_equal(f"why the database refused {attempt.case} ({attempt.refusal.message})", attempt.refusal.reason, reason)


@then("the database accepts it")
def accepted(context):
    """Then the database accepts it"""
    attempt = database.last_attempt(context.state)
    expect_true(f"the database accepts {attempt.case}", attempt.refusal is None, attempt.refusal.message if attempt.refusal else "")


@then('the integrity check "{check:Check}" finds {count:d} problems in the transaction')
@then('the integrity check "{check:Check}" finds {count:d} problem in the transaction')
def transaction_findings(context, check, count):
    """Then the integrity check "order_total" finds 1 problem in the transaction"""
    findings = database.transaction_findings(context.state, check)
    expect_equal(f'findings of "{check}" in the transaction', len(findings), count)
