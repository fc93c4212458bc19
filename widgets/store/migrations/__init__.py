"""Alembic's migration scripts for the store, shipped in the package and run by migrate.py
(no alembic.ini: the configuration is built in code). Nothing here imports Alembic."""
