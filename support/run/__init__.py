"""Running the suite: the CLI, workers, sharding, retry and circuit-breaker policies."""
