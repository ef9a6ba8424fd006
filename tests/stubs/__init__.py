"""Stand-ins for services the tests need but that cannot run here (see each module's docstring)."""
