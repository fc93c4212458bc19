"""Alembic's environment: run the revisions on the connection migrate.py hands over, inside the
transaction it holds (under the lock that keeps two upgrades from running at once)."""

from alembic import context

from widgets.store.schema import metadata

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
