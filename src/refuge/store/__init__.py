"""Storage: SQLAlchemy 2 models' base, engines for SQLite (default) and PostgreSQL, field
encryption, and Alembic migrations."""
