"""API test synthesis (SRS 2.2): property-based tests generated from the pinned contracts.

Schemathesis, used as a library (its engine, the same one its command line drives), generates
requests from the pinned OpenAPI document and GraphQL schema (support/contracts/) and checks the
answers; this package only decides *who* calls *what* with *which data*, and puts the results
into the framework's reporting:

- ``plan.py``: every operation for every role of the access matrix, and which phases each cell gets;
- ``accounts.py``: throw-away accounts per role (factories), so revoking or changing a password
  never touches a shared login;
- ``known_ids.py``: real ids made by the factories, so operations get past their 404s;
- ``checks.py``: the access-matrix check (a deny cell must be 401/403) and the reviewed list of
  rules the platform enforces but the contract does not state (``unstated_rules.toml``);
- ``created_rows.py``: rows the generated requests create are registered in the cleanup ledger;
- ``runner.py``: one Schemathesis engine run per role and API, its events turned into results;
- ``allure.py``: the results as Allure entries under "Generated API tests".

``./jump test:synthesize`` runs it (support/run/synthesis_commands.py); docs/synthesis.md explains it.
"""
