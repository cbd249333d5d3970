"""Answers files for the summary tests and benchmark: rich, multilingual, with private answers.

`rich_answers()` is a full preparation by a client who answered the Dutch conversation but
typed in several languages (Dutch, English, Polish, Turkish, Ukrainian, Arabic), used emoji,
typed characters that mean something in Typst or HTML, kept some answers "only for me" (each
contains SECRET so a test can look for it), used every way out, a voice message and words
beside buttons. `long_answers()` fills every own-words answer up to the content's limit.
"""

from __future__ import annotations

import copy

SECRET = "GEHEIM-alleen-voor-mij"
WORDS = {
    "nl": "Ik wil graag weer werken, maar mijn rug laat het vaak niet toe",
    "en": "I would like a job where I can sit and stand in turns",
    "pl": "Chcę pracować, ale często źle się czuję i boję się, że znów zrezygnuję",
    "tr": "Çalışmak istiyorum ama ağrılarım yüzünden günüm belli olmuyor",
    "uk": "Я хочу працювати, але мені потрібен гнучкий графік і підтримка",
    "ar": "أريد أن أعمل في المستقبل مع فريق جيد",
}
# Short phrases (one line in any column of the PDF), for checking the extracted text exactly.
SHORT = {
    "nl": "Ik wil weer aan het werk",
    "en": "I want a job with people",
    "pl": "Chcę pracować z ludźmi",
    "tr": "Çalışmak istiyorum şimdi",
    "uk": "Хочу працювати в їдальні",
    "ar": "أريد أن أعمل مع فريق جيد",
}
MARKUP = r"#let x = 1 *vet* _schuin_ $x^2$ [link] @label <tag> \n // geen commentaar & <b>"
EMOJI = "Het gaat 👍🏽 maar soms 😢 en 👨‍👩‍👧 thuis 🇳🇱"


def _a(value: object = None, *, part: str, status: str = "answered", private: bool = False,
       at: str = "2026-11-24T09:40:00+00:00", **more: object) -> dict:
    entry: dict = {"status": status, "private": private, "part": part}
    if value is not None:
        entry["value"] = value
    if status == "answered":
        entry["at"] = at
    entry.update(more)
    return entry


def rich_answers() -> dict:
    answers = {
        "benefit": _a("wga_35_80", part="now"),
        "situation": _a(WORDS["nl"], part="now"),
        "change": _a("worse", part="now",
                     extra={"status": "answered", "value": WORDS["tr"], "private": False}),
        "change_why": _a(WORDS["pl"], part="now"),
        "health_day": _a(status="discuss", part="health"),
        "health_predictable": _a("no", part="health"),
        "health_understood_doctors": _a("partly", part="health"),
        "health_words": _a(f"{SECRET} mijn diagnose", part="health", private=True),
        "money_ends_meet": _a(status="dont_know", part="money"),
        "money_work_risk": _a("yes", part="money",
                              extra={"status": "answered", "value": f"{SECRET} schulden",
                                     "private": True}),
        "money_benefit_feeling": _a("hard", part="money"),
        "money_words": _a(MARKUP, part="money"),
        "social_support": _a("so_so", part="social"),
        "social_understood_family": _a("yes", part="social"),
        "social_care_for_others": _a("somewhat", part="social"),
        "social_words": _a(WORDS["uk"], part="social"),
        "home_pleasant": _a(status="skipped", part="home"),
        "home_getting_around": _a("well", part="home"),
        "home_words": _a(part="home", voice="AwACAgQAAxkBAAIB"),
        "work_looking_feeling": _a("hard", part="work"),
        "work_options_seen": _a("somewhat", part="work"),
        "work_want_dare": _a("know_not_dare", part="work"),
        "work_pressure": _a("yes", part="work"),
        "work_pressure_from": _a("benefit_rules", part="work"),
        "work_dropout": _a("once", part="work"),
        "work_understood_uwv": _a("no", part="work"),
        "work_wish_change": _a("yes", part="work"),
        "work_words": _a(WORDS["ar"], part="work"),
        "selfview": _a("c_held_back", part="selfview"),
        "selfview_words": _a(EMOJI, part="selfview"),
        "holding": _a(["health", "money", "social"], part="holding"),
        "holding.most": _a("money", part="holding"),
        "holding.note.health": _a(WORDS["en"], part="holding"),
        "holding.note.money": _a(f"{SECRET} beslag op loon", part="holding", private=True),
        "holding.note.social": _a(status="dont_know", part="holding"),
        "helping": _a(["work", "home"], part="helping"),
        "helping.most": _a("work", part="helping"),
        "helping.note.work": _a("Een werkgever die begrip heeft voor goede en slechte dagen",
                                part="helping"),
    }
    levels = {
        "use_skills": ("high", "low", "medium"), "develop_skills": ("medium", "medium", "low"),
        "decisions": ("low", None, None), "contacts": ("high", "high", "high"),
        "own_goals": ("medium", "medium", "medium"), "income": ("high", "low", "low"),
        "contribute": ("discuss", None, None),
    }
    for value, (important, room, able) in levels.items():
        for aspect, level in (("important", important), ("room", room), ("able", able)):
            if level == "discuss":
                answers[f"value.{value}.{aspect}"] = _a(status="discuss", part="values")
            elif level:
                answers[f"value.{value}.{aspect}"] = _a(level, part="values")
    answers.update({
        "goal": _a("Over een jaar 20 uur per week werken in de groenvoorziening", part="ahead"),
        "first_step": _a(WORDS["tr"], part="ahead"),
        "help_needed": _a("Hulp bij het gesprek met een werkgever over mijn rug", part="ahead"),
        "questions": _a("Mag ik proberen te werken zonder dat mijn uitkering meteen stopt? "
                        "Wat gebeurt er als het misgaat?", part="ahead"),
    })
    return {
        "format": "voorbereid.answers", "version": 1, "content_version": 1,
        "exported_at": "2026-11-24T10:00:00+00:00", "language": "nl", "step": "done",
        "shared": True, "benefit": {"answer": "wga_35_80", "from_invite": "wga_35_80"},
        "answers": answers,
    }


def long_answers(limit: int = 3000) -> dict:
    """Every own-words answer filled to `limit` characters, in several scripts."""
    doc = rich_answers()
    samples = list(WORDS.values())
    for index, (_, entry) in enumerate(sorted(doc["answers"].items())):
        if isinstance(entry.get("value"), str) and " " in entry["value"]:
            text = (samples[index % len(samples)] + ". ") * (limit // 40 + 1)
            entry["value"] = text[:limit]
        if isinstance(entry.get("extra"), dict):
            entry["extra"]["value"] = ("lange toelichting " * 200)[:limit]
    return doc


def short_multilingual() -> dict:
    """rich_answers with one short phrase per language in the own-words answers."""
    doc = copy.deepcopy(rich_answers())
    slots = {"nl": "situation", "en": "holding.note.health", "pl": "change_why",
             "tr": "first_step", "uk": "social_words", "ar": "work_words"}
    for lang, qid in slots.items():
        doc["answers"][qid]["value"] = SHORT[lang]
    return doc


def private_everywhere() -> dict:
    """rich_answers with the agenda-making answers private too (they must vanish)."""
    doc = copy.deepcopy(rich_answers())
    for qid in ("questions", "health_day", "holding.most", "goal"):
        doc["answers"][qid]["private"] = True
        doc["answers"][qid]["value"] = f"{SECRET} {qid}"
        doc["answers"][qid]["status"] = "answered"
    return doc
