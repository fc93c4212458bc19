"""Two indexes for the analysis: which activity is which (ix_activities_key, read for thousands of
sessions at once without the wide spec column) and, on SQLite only, the answers in order
(ix_responses_answer: answer_totals groups a million responses without a sort; PostgreSQL's json
type has no btree order). Each is made only if missing: some stores got one of them early."""

from alembic import op

revision = "0002_added_indexes"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_activities_key", "activities", ["session_id", "position", "key", "kind"], if_not_exists=True)
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_responses_answer", "responses", ["activity_id", "value"], if_not_exists=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_responses_answer", table_name="responses")
    op.drop_index("ix_activities_key", table_name="activities")
