"""The content as the rest of the bot sees it: frozen dataclasses for parts, questions, options.

Built only by bot/content/model.py (`load_content`), which reads and checks flow.toml; every
message id a text needs is derived here from stable ids (see the header of flow.toml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Kinds the flow derives from a multi-select question: which chosen topic weighs most, and
# the client's own words for each chosen topic.
MOST_SUFFIX = ".most"
NOTE_SUFFIX = ".note"
# The overview's short label of a question (written for the overview, not the question).
SHORT_SUFFIX = ".short"


class ContentError(ValueError):
    """A content file is wrong; the message says where and how to fix it."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class OptionSet:
    id: str
    options: tuple[str, ...]

    def label_id(self, option: str) -> str:
        return f"opt.{self.id}.{option}"


@dataclass(frozen=True)
class Condition:
    """Ask a question only when another question's answer is one of `any_of`, or (with
    `none_of`) is anything but those options — including no answer or a way out."""

    question: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """Two work-value aspects asked on one screen: each option stores both answers, under
    the two questions' own ids and on their own scale (the answers format is unchanged)."""

    partner: str
    options: OptionSet
    answers: tuple[tuple[str, tuple[str, str]], ...]
    text_id: str

    def values(self, option: str) -> tuple[str, str] | None:
        return dict(self.answers).get(option)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    part: str
    options: OptionSet | None = None
    max: int = 0
    ask_if: Condition | None = None
    # Work-value questions: the value and aspect they ask about (text id q.value.<aspect>).
    value: str = ""
    aspect: str = ""
    # Options shown behind one button (group id, its options), to keep a question's buttons
    # few: e.g. the three WGA subtypes behind one "WGA" button.
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The first of two aspects asked together (its screen stores both), and the second's
    # pointer back to it.
    pair: Pair | None = None
    paired_to: str = ""

    def group_of(self, option: str) -> str:
        return next((gid for gid, members in self.groups if option in members), "")

    def group_label_id(self, group: str) -> str:
        return f"q.{self.id}.group.{group}"

    @property
    def text_id(self) -> str:
        return f"q.value.{self.aspect}" if self.value else f"q.{self.id}"

    @property
    def why_id(self) -> str:
        return f"{self.text_id}.why"


@dataclass(frozen=True)
class Part:
    id: str
    questions: tuple[Question, ...]
    domain: str = ""
    examples: bool = False
    skippable: bool = False

    @property
    def title_id(self) -> str:
        return f"part.{self.id}.title"

    @property
    def intro_id(self) -> str:
        return f"part.{self.id}.intro"

    @property
    def examples_id(self) -> str:
        return f"part.{self.id}.examples"


@dataclass(frozen=True)
class Content:
    version: int
    languages: tuple[str, ...]
    default_language: str
    max_text_length: int
    option_sets: dict[str, OptionSet]
    parts: tuple[Part, ...]
    values: tuple[str, ...] = ()
    value_aspects: tuple[str, ...] = ()
    questions: dict[str, Question] = field(default_factory=dict)
    # Question ids of earlier versions: the id it is read under, or "ignored".
    retired: dict[str, str] = field(default_factory=dict)
    # The folder the content was read from: crisis.toml and profile.toml sit beside flow.toml.
    directory: Path | None = None

    def question(self, qid: str) -> Question | None:
        return self.questions.get(qid)

    def part(self, pid: str) -> Part | None:
        return next((p for p in self.parts if p.id == pid), None)

    def part_index(self, pid: str) -> int:
        return next(i for i, p in enumerate(self.parts) if p.id == pid)

    def message_ids(self) -> dict[str, str]:
        """Every catalog id the content needs, with where it comes from (for checks/extraction)."""
        ids: dict[str, str] = {}
        for part in self.parts:
            ids[part.title_id] = f"part {part.id}"
            ids[part.intro_id] = f"part {part.id}"
            if part.examples:
                ids[part.examples_id] = f"part {part.id}"
            for q in part.questions:
                ids[q.text_id] = f"question {q.id}"
                # The "why do we ask this?" button shows this text: every question needs one.
                ids[q.why_id] = f"why we ask question {q.id}"
                ids[q.text_id + SHORT_SUFFIX] = f"overview label of question {q.id}"
                if q.pair:
                    ids[q.pair.text_id] = f"question {q.id} with {q.pair.partner}"
                    ids[q.pair.text_id + ".why"] = f"why we ask question {q.id}"
                for gid, _ in q.groups:
                    ids[q.group_label_id(gid)] = f"option group {gid} of question {q.id}"
                if q.kind == "multi":
                    for suffix in (MOST_SUFFIX, NOTE_SUFFIX):
                        ids[q.text_id + suffix] = f"question {q.id}"
                        ids[q.text_id + suffix + ".why"] = f"why we ask question {q.id}"
                        ids[q.text_id + suffix + SHORT_SUFFIX] = f"overview label of {q.id}"
        for value in self.values:
            ids[f"value.{value}"] = f"work value {value}"
            ids[f"value.{value}.hint"] = f"work value {value}"
        for oset in self.option_sets.values():
            for option in oset.options:
                ids[oset.label_id(option)] = f"option set {oset.id}"
        ids["part.review.title"] = "review step"
        return ids
