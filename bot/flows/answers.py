"""What a client answered, kept apart from how it is shown.

Every question can end in one of four statuses. The three ways out (skip, don't know, discuss
in person) are answers of their own: they count for progress, can be changed at review, and
appear in the answers format as distinct values — never as an empty string.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

ANSWERED = "answered"
SKIPPED = "skipped"
DONT_KNOW = "dont_know"
DISCUSS = "discuss"
WAYS_OUT = (SKIPPED, DONT_KNOW, DISCUSS)
STATUSES = (ANSWERED, *WAYS_OUT)

# Own words typed at a button question are kept under "<question>.extra".
EXTRA_SUFFIX = ".extra"


@dataclass(frozen=True)
class Answer:
    status: str
    # An option id (choice), a list of option ids (multi) or the client's own words (text).
    value: str | list[str] | None = None
    # Telegram file id of a voice message given as the answer.
    voice: str | None = None
    # "Only for me": never shared with the professional.
    private: bool = False
    at: str = ""

    @property
    def counts(self) -> bool:
        return self.status in STATUSES

    def with_private(self, private: bool) -> Answer:
        return replace(self, private=private)

    def to_dict(self) -> dict:
        data = asdict(self)
        return {k: v for k, v in data.items() if v not in (None, "") or k == "status"}

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        value = data.get("value")
        if isinstance(value, tuple):
            value = list(value)
        return cls(
            status=str(data.get("status", SKIPPED)),
            value=value,
            voice=data.get("voice"),
            private=bool(data.get("private", False)),
            at=str(data.get("at", "")),
        )
