"""Events (sessions, forums, round tables…) and agreements between organisations, with their sources."""
