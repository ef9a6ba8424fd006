"""GraphQL: the sgqlc schema module generated from introspection, operations, client and drift check."""
