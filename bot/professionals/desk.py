"""The professional side's logic, without Telegram: linking clients to invites, what a
professional sees in /clients, what is queued when a client shares, and the timed work
(reminders, the status note a day before, the questions after the meeting).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.answers_format import AnswersDocument
from bot.app_core import Core
from bot.flows.plan import plan
from bot.flows.professional import SEEN
from bot.flows.screens import Msg
from bot.professionals.outbox import enqueue_in
from bot.professionals.registry import Invite, Registry
from bot.professionals.reminders import next_daytime, reminder_times
from bot.summary.shared import professional_profile

log = logging.getLogger(__name__)

STATUS_NOTE_BEFORE = timedelta(hours=24)
AFTER_MEETING = timedelta(hours=1)
EVALUATION_QUESTIONS = ("helped", "easy")
EVALUATION_OPTIONS = ("yes", "somewhat", "no")


@dataclass
class Desk:
    core: Core
    registry: Registry
    clock: Callable[[], datetime]

    # ----- the client side ---------------------------------------------------------------

    async def link(self, chat_id: int, code: str) -> tuple[str, Invite | None]:
        """Link a client to the invite behind a deep-link code and plan their reminders."""
        now = self.clock()
        status, invite = await self.registry.open_invite(code, chat_id, now)
        if status != "ok" or invite is None:
            return status, None
        times = reminder_times(invite.appointment_at, now)

        def plan_reminders(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM reminders WHERE chat_id = ? AND invite_id = ?",
                            [chat_id, invite.id]).fetchone():
                return
            conn.executemany("INSERT INTO reminders (invite_id, chat_id, due_at) "
                             "VALUES (?, ?, ?)",
                             [(invite.id, chat_id, t.isoformat()) for t in times])

        await self.core.store.transact(plan_reminders)
        return status, invite

    async def on_shared(self, chat_id: int) -> bool:
        """Queue the summary for the client's own professional; False when not linked yet."""
        invite = self.registry.invite_for_client(chat_id)
        if invite is None:
            return False
        professional = self.registry.by_id(invite.professional_id)
        if professional is None or not professional.active or professional.chat_id is None:
            return False
        now = self.clock()
        # The one filter of "only for me" for this share; the profile is built once, from
        # the shared copy, for the statistics and (kept with the row) for the summary.
        shared = AnswersDocument.read(self.core.export(chat_id, with_history=False)).shared_only()
        conv = self.core.store.load(chat_id)
        profile = self._profile(shared, professional.lang)
        payload = {"doc": shared.to_json(),
                   "removed": list(getattr(conv, "agenda_removed", []) or []),
                   "reference": invite.reference,
                   "appointment": invite.appointment_at.isoformat(),
                   "prepared": now.isoformat(), "lang": professional.lang}
        if profile is not None:
            payload["profile"] = profile
        facts = self._profile_facts(shared, profile or {})

        def queue(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM outbox WHERE kind = 'summary' AND invite_id = ?",
                            [invite.id]).fetchone():
                return  # one summary per invite, however often sharing is confirmed
            enqueue_in(conn, "summary", professional.chat_id, payload, now, invite.id)
            conn.execute("UPDATE invites SET delivery = 'pending' WHERE id = ?", [invite.id])
            conn.execute(
                "INSERT OR REPLACE INTO profiles (chat_id, invite_id, professional_id, benefit,"
                " selfview, most_likely, confidence, self_view_differs, value_gaps, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [chat_id, invite.id, professional.id, *facts, now.isoformat()])

        await self.core.store.transact(queue)
        return True

    def _profile(self, shared: AnswersDocument, lang: str) -> dict | None:
        """The profile JSON of the shared copy, in the professional's language; None when it
        cannot be built (the summary itself must still go out: it is tried again at send)."""
        try:
            return professional_profile(shared, content=self.core.content,
                                        rules=self.core.rules,
                                        translator=self.core.catalogs.get(lang))
        except Exception as exc:
            log.error("profile of a share failed: %s", type(exc).__name__)
            return None

    @staticmethod
    def _profile_facts(shared: AnswersDocument, profile: dict) -> list:
        """Anonymous facts for the statistics: ids only, no words."""
        selfview = shared.answers.get("selfview", {})
        gaps = [v["value"] for v in profile.get("values", []) if v.get("gaps")]
        return [shared.benefit,
                selfview.get("value") if selfview.get("status") == "answered" else None,
                # "too_little" when no pattern was named: counted apart in the statistics.
                profile.get("most_likely") or profile.get("state"),
                (profile.get("confidence") or {}).get("level"),
                int(bool((profile.get("self_view") or {}).get("differs"))), json.dumps(gaps)]

    async def set_reminders(self, chat_id: int, on: bool) -> None:
        await self.core.store.transact(lambda conn: conn.execute(
            "UPDATE conversations SET reminders_off = ? WHERE chat_id = ?", [int(not on),
                                                                           chat_id]))

    async def allow_partial(self, chat_id: int) -> None:
        await self.core.store.transact(lambda conn: conn.execute(
            "UPDATE conversations SET partial_ok = 1 WHERE chat_id = ?", [chat_id]))

    async def evaluate(self, chat_id: int, invite_id: int, question: str, answer: str) -> bool:
        if question not in EVALUATION_QUESTIONS or answer not in EVALUATION_OPTIONS:
            return False
        now = self.clock().isoformat()

        def save(conn: sqlite3.Connection) -> bool:
            if conn.execute("SELECT 1 FROM evaluations WHERE chat_id = ? AND invite_id = ? AND "
                            "question = ?", [chat_id, invite_id, question]).fetchone():
                return False  # a double tap stores one answer
            conn.execute("INSERT INTO evaluations (invite_id, chat_id, question, answer, "
                         "created_at) VALUES (?, ?, ?, ?, ?)",
                         [invite_id, chat_id, question, answer, now])
            return True

        return await self.core.store.transact(save)

    # ----- the professional side -----------------------------------------------------------

    def status(self, invite: Invite) -> Msg:
        """How far a client is, as the professional sees it in /clients."""
        now = self.clock()
        if invite.delivery in ("failed", "blocked"):
            return Msg.of("pro.status.delivery_failed")
        conv = self.core.store.load(invite.client_chat_id) if invite.client_chat_id else None
        if conv is None and invite.opened_at and invite.delivery not in ("sent", "sent_again"):
            # Opened, then left: the client deleted their data or opened another invite.
            return Msg.of("pro.status.unlinked")
        if conv is None and invite.opened_at:
            # Shared, then erased with /delete: what was sent stays with the professional,
            # nothing is kept here (issue 19).
            return Msg.of("pro.status.removed")
        if conv is None:
            if invite.delivery in ("sent", "sent_again"):
                return Msg.of("pro.status.shared")
            return Msg.of("pro.status.expired" if now > invite.expires_at
                          else "pro.status.not_opened")
        if conv.state == "done":
            if not conv.shared:
                return Msg.of("pro.status.kept")
            return Msg.of({"sent": "pro.status.shared", "sent_again": "pro.status.sent_again"}
                          .get(invite.delivery, "pro.status.sending"))
        if conv.state == "declined":
            return Msg.of("pro.status.declined")
        if now > invite.expires_at:
            return Msg.of("pro.status.expired")
        if conv.state in ("review", "editing", "sharing"):
            return Msg.of("pro.status.review")
        slots = plan(self.core.content, conv.answers)
        done = sum(1 for s in slots if s.id in conv.answers)
        key = "pro.status.paused" if conv.state == "paused" else "pro.status.in_progress"
        return Msg.of(key, done=done, total=len(slots))

    async def save_reflection(self, professional_id: int, values: dict) -> bool:
        invite = self.registry.invite(int(values.get("invite_id", 0)))
        if invite is None or invite.professional_id != professional_id:
            return False
        now = self.clock().isoformat()
        await self.core.store.transact(lambda conn: conn.execute(
            "INSERT INTO reflections (invite_id, professional_id, helped, seen, earlier,"
            " observations, created_at) VALUES (?, ?, ?, ?, seal(?), seal(?), ?)",
            [invite.id, professional_id, values.get("helped"), _seen(values.get("seen")),
             values.get("earlier"), values.get("observations"), now]))
        return True

    # ----- timed work ----------------------------------------------------------------------

    async def tick(self) -> int:
        """Queue what has come due; returns how many messages were queued."""
        now = self.clock()
        queued = await self.core.store.transact(lambda conn: self._due(conn, now))
        for chat_id in self._shared_without_summary():
            queued += await self.on_shared(chat_id)
        return queued

    def _shared_without_summary(self) -> list[int]:
        """Clients who said yes to sharing but whose summary was never queued: the handler
        queues it before replying, so only a crash at that moment leaves one behind.
        Queuing a summary sets the invite's delivery in the same transaction, so the linked
        invites still without one (a partial index) are all there is to look at."""
        rows = self.core.store.db.execute(
            "SELECT i.client_chat_id FROM invites i JOIN conversations c ON c.chat_id = "
            "i.client_chat_id WHERE i.delivery = '' AND i.client_chat_id IS NOT NULL "
            "AND c.step = 'done' AND json_extract(c.state, '$.shared') "
            "AND NOT EXISTS (SELECT 1 FROM outbox o "
            "WHERE o.kind = 'summary' AND o.invite_id = i.id)").fetchall()
        return [chat_id for (chat_id,) in rows
                if (conv := self.core.store.load(chat_id)) is not None and conv.shared]

    def _due(self, conn: sqlite3.Connection, now: datetime) -> int:
        queued = 0
        stamp = now.isoformat()
        morning = next_daytime(now)
        if morning != now:
            # Reminders wait for daytime, also those that came due while the bot was down.
            conn.execute("UPDATE reminders SET due_at = ? WHERE sent_at IS NULL AND cancelled = 0"
                         " AND due_at <= ?", [morning.isoformat(), stamp])
        for rid, invite_id, chat_id in conn.execute(
                "SELECT r.id, r.invite_id, r.chat_id FROM reminders r WHERE r.sent_at IS NULL "
                "AND r.cancelled = 0 AND r.due_at <= ?", [stamp]).fetchall():
            row = conn.execute("SELECT step, reminders_off, lang FROM conversations WHERE "
                               "chat_id = ?", [chat_id]).fetchone()
            invite = conn.execute("SELECT appointment_at FROM invites WHERE id = ?",
                                  [invite_id]).fetchone()
            still_preparing = row and row[0] not in ("done", "declined") and not row[1]
            if still_preparing and invite and datetime.fromisoformat(invite[0]) > now:
                enqueue_in(conn, "reminder", chat_id, {"appointment": invite[0],
                                                       "lang": row[2]}, now, invite_id)
                queued += 1
            conn.execute("UPDATE reminders SET sent_at = ?, cancelled = ? WHERE id = ?",
                         [stamp, int(not still_preparing), rid])
        for invite in conn.execute(
                "SELECT i.id, i.client_chat_id, p.chat_id, p.lang, unseal(i.reference), "
                "i.appointment_at FROM invites i JOIN professionals p ON p.id = "
                "i.professional_id WHERE i.status_note_at IS NULL AND p.chat_id IS NOT NULL "
                "AND p.active = 1 AND i.appointment_at > ? AND i.appointment_at <= ?",
                [stamp, (now + STATUS_NOTE_BEFORE).isoformat()]).fetchall():
            iid, client, pro_chat, lang, reference, appointment = invite
            conv = conn.execute("SELECT step, partial_ok FROM conversations WHERE chat_id = ?",
                                [client]).fetchone() if client else None
            if not (conv and conv[0] == "done"):
                enqueue_in(conn, "status_note", pro_chat,
                           {"invite_id": iid, "client": client, "reference": reference,
                            "appointment": appointment, "lang": lang,
                            "partial": bool(conv and conv[1])}, now, iid)
                queued += 1
            conn.execute("UPDATE invites SET status_note_at = ? WHERE id = ?", [stamp, iid])
        for iid, client, pro_chat, lang, reference, appointment in conn.execute(
                "SELECT i.id, i.client_chat_id, p.chat_id, p.lang, unseal(i.reference), "
                "i.appointment_at FROM invites i JOIN professionals p ON p.id = "
                "i.professional_id WHERE i.after_sent_at IS NULL AND p.chat_id IS NOT NULL "
                "AND p.active = 1 AND i.appointment_at <= ?",
                [(now - AFTER_MEETING).isoformat()]).fetchall():
            enqueue_in(conn, "reflection", pro_chat, {"invite_id": iid, "reference": reference,
                                                      "appointment": appointment,
                                                      "lang": lang}, now, iid)
            queued += 1
            if client:
                row = conn.execute("SELECT lang, step FROM conversations WHERE chat_id = ?",
                                   [client]).fetchone()
                if row and row[1] == "done":
                    enqueue_in(conn, "evaluation", client, {"invite_id": iid, "lang": row[0]},
                               now, iid)
                    queued += 1
            conn.execute("UPDATE invites SET after_sent_at = ? WHERE id = ?", [stamp, iid])
        return queued


def _seen(value: object) -> str | None:
    """The professional's reading (an id from SEEN) or None: never free text."""
    return value if isinstance(value, str) and value in SEEN else None
