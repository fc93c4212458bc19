"""The baseline: the store as the kit made it before migrations (migrations/baseline.py).

Upgrading from nothing creates only the tables that are missing, so a store made before the
moderation and questions tables existed gets them, as opening it used to give them (migrate.py
has already refused a store whose tables lack columns)."""

from alembic import op

from widgets.store.migrations.baseline import baseline

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    baseline.create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    baseline.drop_all(op.get_bind())
