"""The professional side's service for what ties a client to a professional, without
Telegram: linking a client to an invite (and planning reminders), queuing the summary when a
client shares (with the anonymous facts for the statistics), and how far a client is in
/clients. The professional's own chat is applied by bot/professionals/dialog.py, the
follow-up buttons by followups.py, the timed work by timed.py; the SQL is in bot/storage/.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.answers_format import AnswersDocument
from bot.app_core import Core
from bot.flows.plan import plan
from bot.flows.screens import Msg
from bot.professionals.registry import Invite, Registry
from bot.professionals.reminders import reminder_times
from bot.professionals.timed import TimedWork
from bot.storage import Connection, invites, timed
from bot.storage.followups import ProfileFacts, save_profile_facts
from bot.storage.outbox_queue import enqueue_in, summary_queued
from bot.summary.shared import professional_profile

log = logging.getLogger(__name__)


@dataclass
class Desk:
    core: Core
    registry: Registry
    clock: Callable[[], datetime]
    timed_work: TimedWork = field(init=False)

    def __post_init__(self) -> None:
        # late-bound, so the timed work always queues through the desk's current on_shared
        self.timed_work = TimedWork(self.core.store, self.clock,
                                    lambda chat_id: self.on_shared(chat_id))

    # ----- the client side ---------------------------------------------------------------

    async def link(self, chat_id: int, code: str) -> tuple[str, Invite | None]:
        """Link a client to the invite behind a deep-link code and plan their reminders."""
        now = self.clock()
        status, invite = await self.registry.open_invite(code, chat_id, now)
        if status != "ok" or invite is None:
            return status, None
        times = [t.isoformat() for t in reminder_times(invite.appointment_at, now)]
        await self.core.store.transact(
            lambda conn: timed.plan_reminders(conn, invite.id, chat_id, times))
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

        def queue(conn: Connection) -> None:
            if summary_queued(conn, invite.id):
                return  # one summary per invite, however often sharing is confirmed
            enqueue_in(conn, "summary", professional.chat_id, payload, now, invite.id)
            invites.mark_summary_pending(conn, invite.id)
            save_profile_facts(conn, chat_id, invite.id, professional.id, facts,
                               now.isoformat())

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
    def _profile_facts(shared: AnswersDocument, profile: dict) -> ProfileFacts:
        """Anonymous facts for the statistics: ids only, no words."""
        selfview = shared.answers.get("selfview", {})
        gaps = [v["value"] for v in profile.get("values", []) if v.get("gaps")]
        return ProfileFacts(
            shared.benefit,
            selfview.get("value") if selfview.get("status") == "answered" else None,
            # "too_little" when no pattern was named: counted apart in the statistics.
            profile.get("most_likely") or profile.get("state"),
            (profile.get("confidence") or {}).get("level"),
            int(bool((profile.get("self_view") or {}).get("differs"))), json.dumps(gaps))

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

    # ----- timed work ----------------------------------------------------------------------

    async def tick(self) -> int:
        """Queue what has come due (bot/professionals/timed.py); returns how many messages
        were queued."""
        return await self.timed_work.tick()
