"""Direct PostgreSQL access for checks and data: pools, queries, catalog, snapshots, integrity.

Talks to the platform's databases exactly as it would to a real deployment (SQL only); nothing
here imports the reference platform.
"""
