"""Users, teams, roles, password hashes and API tokens."""
