"""The schema of the first revision (0001_baseline), frozen: every table as the kit made them
before migrations, without the two indexes that 0002 adds. schema.py moves on; this does not, so
older stores are recognised and completed against what they were made with."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

baseline = MetaData()

sessions = Table(
    "sessions",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("plan_id", String(80), nullable=False),  # "self-paced:" + a plan id for self-paced courses
    Column("title", String(200), nullable=False),
    Column("status", String(12), nullable=False, default="running"),  # running | ended
    Column("current", Integer, nullable=False, default=0),
    # state_version: bumped on anything participants must see; tally_version: on votes and joins.
    Column("state_version", Integer, nullable=False, default=0),
    Column("tally_version", Integer, nullable=False, default=0),
    Column("timer_ends_at", Float, nullable=True),  # epoch seconds
    Column("options", JSON, nullable=False, default=dict),  # plan-wide choices, e.g. awareness_check
    Column("created_at", DateTime(timezone=True), nullable=False),
)

activities = Table(
    "activities",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("key", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("spec", JSON, nullable=False),  # the activity as planned, so later edits change nothing
    Column("state", String(12), nullable=False, default="draft"),  # draft|open|closed|revealed
    UniqueConstraint("session_id", "position"),
)

participants = Table(
    "participants",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", String(64), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "key_hash"),
)

responses = Table(
    "responses",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("value", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("activity_id", "participant_id"),  # one per participant: a re-vote updates it
)

events = Table(
    "events",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

# Counts from a show of hands, entered by the facilitator for people without a device.
manual_counts = Table(
    "manual_counts",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("option_id", String(64), nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("activity_id", "option_id"),
)

# What a participant said on joining about Prevent awareness training: yes | no | unsure.
checkins = Table(
    "checkins",
    baseline,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    Column("awareness", String(12), nullable=False),
)

# What the facilitator decided about one free-text answer before the room sees it: approved | hidden.
# `judged` is the answer's updated_at when it was decided: an answer changed since is undecided again,
# so nobody can have a harmless answer approved and then swap in another. A table of its own (not
# a column on responses), so stores made before moderation still open.
moderation = Table(
    "moderation",
    baseline,
    Column("response_id", ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(12), nullable=False),
    Column("judged", DateTime(timezone=True), nullable=False),
)

# Questions from the room (Q&A). Who asked is kept only to limit how many one person sends.
questions = Table(
    "questions",
    baseline,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(12), nullable=False, default="pending"),  # pending | approved | hidden
    Column("answered", Boolean, nullable=False, default=False),
    Column("on_screen", Boolean, nullable=False, default=False),  # at most one per session
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# One upvote per participant per question: the key refuses a second, whatever the page sends.
question_votes = Table(
    "question_votes",
    baseline,
    Column("question_id", ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
)

Index("ix_responses_activity", responses.c.activity_id)
Index("ix_events_session", events.c.session_id)
Index("ix_questions_session", questions.c.session_id)
