"""The Jump Testing Framework library: configuration, clients, database, stack, run and reporting."""
