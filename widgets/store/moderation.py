"""The store's verbs for moderation and questions from the room, mixed into the Store facade.

Kept apart from store.py so the new tables' reads and writes sit together; they use the facade's
plumbing (`_read`, `_write`, `_bump`), so driver errors still become the same domain errors."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Text, and_, cast, func, select, update

from widgets.store.errors import Conflict, NotFound
from widgets.store.schema import activities, moderation, participants, question_votes, questions, responses, sessions

DECISIONS = ("approved", "hidden")


def _now() -> datetime:
    return datetime.now(UTC)


def _current(m=moderation.c, r=responses.c):
    """A decision counts only for the answer as it was when decided (see schema.moderation)."""
    return and_(m.response_id == r.id, m.judged == r.updated_at)


def _member(conn, session_id: int, participant_id: int) -> bool:
    p = participants.c
    return conn.execute(select(p.id).where(p.id == participant_id, p.session_id == session_id)).first() is not None


class ModerationRecords:
    """Mixed into Store: free-text answers with their decisions, and the room's questions."""

    # -- moderation of answers ------------------------------------------------------------
    def text_records(self, activity_id: int) -> list[dict]:
        """One activity's answers, oldest first, each with its decision (None: not decided, or
        changed since): id, value, judged (the answer's stamp to decide on), status. No participant."""
        r, m = responses.c, moderation.c
        query = (
            select(r.id, r.value, r.updated_at, m.status)
            .select_from(responses.outerjoin(moderation, _current()))
            .where(r.activity_id == activity_id)
            .order_by(r.created_at, r.id)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [{"id": i, "value": v, "judged": at, "status": s} for i, v, at, s in rows]

    def activity_options(self, activity_id: int) -> dict:
        """The options of the session an activity belongs to (its moderation policy, say)."""
        query = select(sessions.c.options).join(activities, activities.c.session_id == sessions.c.id)
        with self._read() as conn:
            options = conn.execute(query.where(activities.c.id == activity_id)).scalar_one_or_none()
        if options is None:
            raise NotFound(f"no activity {activity_id}")
        return options

    def record_decisions(self, session_id: int, decisions: list[tuple[int, datetime, str]]) -> int:
        """Approve or hide answers: (response id, the stamp it was judged at, approved | hidden).
        Only answers of this session count; tells every page (the room's view may change)."""
        if any(status not in DECISIONS for _, _, status in decisions):
            raise ValueError(f"a decision is one of {DECISIONS}")
        ids = [rid for rid, _, _ in decisions]
        if not ids:
            return 0
        with self._write() as conn:
            self._bump(conn, session_id, state=True, tally=True)
            mine = set(
                conn.execute(
                    select(responses.c.id)
                    .join(activities, activities.c.id == responses.c.activity_id)
                    .where(activities.c.session_id == session_id, responses.c.id.in_(ids))
                ).scalars()
            )
            rows = [{"response_id": rid, "judged": at, "status": s} for rid, at, s in decisions if rid in mine]
            if rows:
                stmt = self._insert(moderation).values(rows)
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=["response_id"],
                        set_={"status": stmt.excluded.status, "judged": stmt.excluded.judged},
                    )
                )
        return len(rows)

    def _hidden(self, session_ids: list[int]) -> list[tuple]:
        """(plan, key, activity, participant, answer as JSON text) of every current hidden answer of
        the sessions. Driven from the (small) moderation table: given the sessions first, the planner
        walks all their responses instead (SQLite: 280 ms at 170,000); and each activity's name is
        read once, not once per answer (its row is wide)."""
        a, s, r, m = activities.c, sessions.c, responses.c, moderation.c
        hidden = (
            select(r.activity_id, r.participant_id, cast(r.value, Text))
            .select_from(moderation.join(responses, _current()))
            .where(m.status == "hidden")
        )
        with self._read() as conn:
            rows = self._tuples(conn, hidden)
            if not rows:
                return []
            names = select(a.id, s.plan_id, a.key).join(sessions, s.id == a.session_id)
            names = names.where(a.id.in_({row[0] for row in rows}), a.session_id.in_(session_ids))
            named = {i: (plan, key) for i, plan, key in self._tuples(conn, names)}
        return [(*named[act], act, person, text) for act, person, text in rows if act in named]

    def hidden_totals(self, session_ids: list[int]) -> list[tuple[str, str, str, int]]:
        """Like Store.answer_totals (the same JSON text), but only the answers a facilitator hid:
        the analysis takes them off the totals, so the big grouping is untouched."""
        counts: dict[tuple[str, str, str], int] = {}
        for plan, key, _, _, text in self._hidden(session_ids):
            counts[(plan, key, text)] = counts.get((plan, key, text), 0) + 1
        return [(*k, n) for k, n in counts.items()]

    def hidden_responses(self, session_ids: list[int]) -> set[tuple[int, int]]:
        """(activity id, participant id) of every hidden answer: left out of exports."""
        return {(activity, person) for _, _, activity, person, _ in self._hidden(session_ids)}

    # -- questions from the room ----------------------------------------------------------
    def add_question(self, session_id: int, participant_id: int, text: str, status: str, most: int) -> int:
        """Store a question, unless this participant has sent `most` already or this very text
        before (a replayed message): then Conflict. Tells every page when the room sees it at once."""
        q = questions.c
        with self._write() as conn:
            self._bump(conn, session_id, state=status == "approved", tally=True)  # lock order: session first
            if not _member(conn, session_id, participant_id):
                raise NotFound(f"no participant {participant_id} in session {session_id}")
            sent = (
                conn.execute(select(q.text).where(q.session_id == session_id, q.participant_id == participant_id))
                .scalars()
                .all()
            )
            if len(sent) >= most:
                raise Conflict("too many questions")
            if text in sent:
                raise Conflict("already sent")
            return conn.execute(
                questions.insert()
                .values(
                    session_id=session_id,
                    participant_id=participant_id,
                    text=text,
                    status=status,
                    answered=False,
                    on_screen=False,
                    created_at=_now(),
                )
                .returning(q.id)
            ).scalar_one()

    def question_records(self, session_id: int, participant_id: int | None = None) -> list[dict]:
        """The session's questions, most votes first (then oldest): id, text, status, answered,
        on_screen, votes, and — when a participant is given — whether they voted for it and sent it."""
        q, v = questions.c, question_votes.c
        votes = select(func.count()).where(v.question_id == q.id).scalar_subquery()
        columns = [q.id, q.text, q.status, q.answered, q.on_screen, votes.label("votes")]
        if participant_id is not None:
            mine = select(func.count()).where(v.question_id == q.id, v.participant_id == participant_id)
            columns += [mine.scalar_subquery().label("voted"), (q.participant_id == participant_id).label("asked")]
        query = select(*columns).where(q.session_id == session_id).order_by(votes.desc(), q.created_at, q.id)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        out = [dict(r) for r in rows]
        for row in out:
            if participant_id is not None:
                row["voted"], row["asked"] = bool(row["voted"]), bool(row["asked"])
        return out

    def record_question_vote(self, session_id: int, question_id: int, participant_id: int, visible: tuple) -> bool:
        """One upvote; False when this participant had already voted (the key refuses a second).
        Only for someone else's question of this session whose status is in `visible` (NotFound
        otherwise: a page offers no button for the rest, so a vote for them was forged)."""
        q = questions.c
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            found = conn.execute(
                select(q.id).where(
                    q.id == question_id,
                    q.session_id == session_id,
                    q.status.in_(visible),
                    q.participant_id != participant_id,
                )
            ).first()
            if found is None or not _member(conn, session_id, participant_id):
                raise NotFound(f"no question {question_id} to vote for in session {session_id}")
            new = conn.execute(
                self._insert(question_votes)
                .values(question_id=question_id, participant_id=participant_id)
                .on_conflict_do_nothing(index_elements=["question_id", "participant_id"])
                .returning(question_votes.c.question_id)
            ).scalar_one_or_none()
        return new is not None

    def update_question(self, session_id: int, question_id: int, **values) -> None:
        """Change a question's status, answered or on_screen (putting one on screen takes any other
        off); tells every page."""
        q = questions.c
        with self._write() as conn:
            self._bump(conn, session_id, state=True, tally=True)
            if values.get("on_screen"):
                conn.execute(update(questions).where(q.session_id == session_id).values(on_screen=False))
            done = conn.execute(
                update(questions).where(q.id == question_id, q.session_id == session_id).values(**values)
            ).rowcount
            if not done:
                raise NotFound(f"no question {question_id} in session {session_id}")
