"""What the client sees in /mydata about disclosures: "your summary — to Sanne de Vries on
Thursday 3 December 2026, 14:35", from the audit record (bot/storage/privacy.py)."""

from __future__ import annotations

from datetime import datetime

from bot.flows.appointments import show
from bot.flows.screens import Msg, Screen
from bot.storage import Store
from bot.storage.privacy import disclosures_of


def disclosures_screen(store: Store, chat_id: int, lang: str) -> Screen:
    rows = disclosures_of(store.db.conn, chat_id)
    if not rows:
        return Screen((Msg.of("privacy.shared.none"),))
    lines = [Msg.of("privacy.shared.header")]
    for at, kind, _parts, name in rows:
        lines.append(Msg.of("privacy.shared.line", what=Msg.of(f"privacy.part.{kind}"),
                            name=Msg.text(name or "—"),
                            when=Msg.text(show(datetime.fromisoformat(at), lang))))
    return Screen((Msg.join(*lines, sep="\n"),))
