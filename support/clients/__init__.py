"""Typed clients of the platform: REST (requests + openapi-core), GraphQL (sgqlc), auth."""
