"""GraphQL: the sgqlc schema module generated from the pinned introspection (support/contracts/graphql.json), operations and client."""
