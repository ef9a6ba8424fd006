"""GraphQL API (fan journeys): strawberry schema, one module per mutation."""
