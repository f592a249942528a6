"""Database layer: models, engine, repositories and Alembic migrations."""
