"""Extension points (pluggy): reporters, metrics and notifications hook into the run here."""
