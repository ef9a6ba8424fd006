"""The local stack: an embedded PostgreSQL 15 and the reference platform, on loopback."""
