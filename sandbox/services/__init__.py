"""Business rules of the platform, shared by the REST and GraphQL layers."""
