"""The client's steps as a `transitions` machine, and the conversation state it moves.

The steps are the machine's states, built once; triggers are the only way to move between
steps (`fire`, MachineError otherwise). `Conversation` is everything the flow needs to continue
a client's preparation after any restart: storage saves it, the flow changes a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transitions import Machine

from bot.flows.answers import Answer

STATES = ["new", "welcome", "declined", "asking", "paused", "review", "editing", "sharing", "done"]
ACTIVE = ["asking", "review", "editing", "sharing"]
TRANSITIONS = [
    {"trigger": "start", "source": ["new", "declined"], "dest": "welcome"},
    {"trigger": "accept", "source": "welcome", "dest": "asking"},
    {"trigger": "decline", "source": "welcome", "dest": "declined"},
    {"trigger": "complete", "source": "asking", "dest": "review"},
    {"trigger": "reopen", "source": "review", "dest": "asking"},
    {"trigger": "edit", "source": "review", "dest": "editing"},
    {"trigger": "edited", "source": "editing", "dest": "review"},
    {"trigger": "to_sharing", "source": "review", "dest": "sharing"},
    {"trigger": "to_review", "source": "sharing", "dest": "review"},
    {"trigger": "finish", "source": "sharing", "dest": "done"},
    # A new invite after finishing: the client looks again and decides again about sharing.
    {"trigger": "reconsider", "source": "done", "dest": "review"},
    {"trigger": "pause", "source": ACTIVE, "dest": "paused"},
    *[
        {"trigger": "resume", "source": "paused", "dest": step, "conditions": f"resumes_to_{step}"}
        for step in ACTIVE
    ],
    {"trigger": "restart", "source": STATES[1:], "dest": "welcome"},
    {"trigger": "forget", "source": STATES, "dest": "new"},
]


@dataclass
class Conversation:
    """Everything the flow needs to continue a client's preparation after any restart."""

    chat_id: int
    lang: str
    state: str = "new"
    slot: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    # Options ticked in the multi-select on screen, before "done".
    draft: list[str] = field(default_factory=list)
    # A pending yes/no question: "restart" or "delete".
    confirm: str = ""
    resume_to: str = ""
    review_part: str = ""
    crisis_shown: bool = False
    # When a crisis referral was last shown (for "at most once an hour"); never the words.
    crisis_at: str = ""
    shared: bool = False
    # The benefit an invite named; shown as the proposed answer until the client answers.
    invite_benefit: str = ""
    # Hash of the deep-link code the client opened; the professional side resolves it.
    invite: str = ""
    # Agenda points the client removed at review (ids from bot.flows.agenda).
    agenda_removed: list[str] = field(default_factory=list)
    # Up to three agenda points of the client's own, in their own words (they come first).
    agenda_own: list[str] = field(default_factory=list)
    # At review, the next text the client types is a new agenda point.
    agenda_adding: bool = False

    def copy(self) -> Conversation:
        """A copy safe to change: answers are immutable values, so a shallow dict copy is enough
        (a deepcopy here was the single largest cost per update)."""
        twin = object.__new__(Conversation)
        twin.__dict__.update(self.__dict__)  # dataclasses.replace re-runs __init__: slower
        twin.answers = dict(self.answers)
        twin.draft = list(self.draft)
        twin.agenda_removed = list(self.agenda_removed)
        twin.agenda_own = list(self.agenda_own)
        return twin

    # Conditions for the generated resume transitions.
    def __getattr__(self, name: str):
        if name.startswith("resumes_to_"):
            step = name.removeprefix("resumes_to_")
            return lambda *_: self.resume_to == step
        raise AttributeError(name)


class Steps:
    """The machine, built once; `fire` moves one conversation along one trigger."""

    def __init__(self) -> None:
        self.machine = Machine(
            model=None,
            states=STATES,
            transitions=TRANSITIONS,
            initial="new",
            auto_transitions=False,
        )

    def fire(self, conv: Conversation, trigger: str) -> None:
        """Move between steps only along the machine's transitions (MachineError otherwise).

        The conversation is not added to the machine as a model: triggering the shared event
        directly costs microseconds, where add_model/remove_model per update cost 0.2 ms."""
        self.machine.events[trigger].trigger(conv)
