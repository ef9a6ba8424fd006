"""Authentication (RS256 JWT), role checks and the HTTP safety middleware."""
