"""`python -m bot stats` on a database seeded with known numbers.

The seed has groups of 5 and more (shown as they are), groups of 1 to 4 (shown as "<5"),
free text, references, names of clients and chat ids that must never appear anywhere, and rows
outside the period to check --since / --until.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.cli import main
from bot.content.model import load_content
from bot.storage import open_store

CONTENT = load_content()
FIRST_OF_PART = {p.id: p.questions[0].id for p in CONTENT.parts}
SECRETS = ("Jan Jansen", "123456789", "CASE-SECRET-42", "Mevrouw Pietersen", "900000")
MARCH = datetime(2026, 3, 2, 10, 0)


def stamp(moment: datetime) -> str:
    return moment.isoformat() + "+00:00"


class Seed:
    def __init__(self, path: Path):
        open_store(path).close()  # the real schema, migrated
        self.db = Database(path)
        self.answer_id = 0

    def conversation(self, chat: int, step: str, created: datetime, minutes: int | None = None,
                     shared: bool = False, resume_to: str = "") -> None:
        state = {"chat_id": chat, "lang": "nl", "state": step, "shared": shared,
                 "resume_to": resume_to, "invite": "hash-of-code"}
        finished = stamp(created + timedelta(minutes=minutes)) if minutes is not None else None
        self.db["conversations"].insert({
            "chat_id": chat, "state": json.dumps(state), "lang": "nl", "step": step,
            "created_at": stamp(created), "updated_at": stamp(created), "finished_at": finished})

    def answer(self, chat: int, question: str, status: str = "answered",
               value: object = None) -> None:
        self.answer_id += 1
        self.db["answers"].insert({
            "id": self.answer_id, "chat_id": chat, "question": question, "status": status,
            "value": json.dumps(value) if value is not None else None, "private": 0,
            "at": "2026-03-02T10:00:00+00:00"})

    def every_part(self, chat: int, statuses: dict[str, str] | None = None) -> None:
        for part, question in FIRST_OF_PART.items():
            status = (statuses or {}).get(part, "answered")
            kind = CONTENT.question(question).kind
            value = None if status != "answered" else (
                "Jan Jansen, BSN 123456789" if kind == "text" else
                ["money"] if kind == "multi" else CONTENT.question(question).options.options[0])
            self.answer(chat, question, status, value)


@pytest.fixture
def database(tmp_path) -> Path:
    return seed_database(tmp_path / "stats.db")


def seed_database(path: Path) -> Path:
    """The known numbers the tests below expect (also handy to look at the plots)."""
    seed = Seed(path)
    db = seed.db
    db["professionals"].insert_all([
        {"id": 1, "name": "Anna de Vries", "created_at": stamp(MARCH)},
        {"id": 2, "name": "Bram Bakker", "created_at": stamp(MARCH)}])
    minutes = [10, 12, 15, 20, 25, 30, 40]
    a_group = [900000001 + i for i in range(7)]
    for i, chat in enumerate(a_group):  # 7 finished, 6 of them shared
        seed.conversation(chat, "done", MARCH + timedelta(days=i), minutes[i], shared=i < 6)
        health = "skipped" if i < 5 else "dont_know" if i == 5 else "answered"
        values = "discuss" if i < 5 else "answered"
        seed.every_part(chat, {"health": health, "values": values})
        seed.answer(chat, "selfview", value="b_is_what_it_is" if i < 6 else "c_held_back")
        seed.answer(chat, "situation", value="Jan Jansen, BSN 123456789")
    for chat in (900000101, 900000102, 900000103):  # 3 stopped in health
        seed.conversation(chat, "asking", MARCH)
        seed.answer(chat, FIRST_OF_PART["now"], value="wajong")
        seed.answer(chat, FIRST_OF_PART["health"], value="well")
    seed.conversation(900000201, "declined", MARCH)
    seed.conversation(900000301, "review", MARCH)  # at review, not finished
    seed.every_part(900000301)
    seed.conversation(900000401, "paused", MARCH, resume_to="asking")  # no answers at all
    for chat in (900000501, 900000502):  # May: outside the March period
        seed.conversation(chat, "done", datetime(2026, 5, 4, 9), 60, shared=True)
        seed.every_part(chat)

    invites = [(1, chat, True) for chat in a_group] + [(1, None, False)]
    invites += [(2, 900000101, True), (2, 900000102, True)]
    for number, (pid, chat, opened) in enumerate(invites, start=1):
        db["invites"].insert({"id": number, "professional_id": pid, "code_hash": f"h{number}",
                              "reference": "CASE-SECRET-42", "appointment_at": stamp(MARCH),
                              "client_chat_id": chat, "created_at": stamp(MARCH),
                              "opened_at": stamp(MARCH) if opened else None})
    for number, chat in enumerate((900000501, 900000502), start=100):
        db["invites"].insert({"id": number, "professional_id": 1, "code_hash": f"h{number}",
                              "reference": "CASE-SECRET-42", "appointment_at": stamp(MARCH),
                              "client_chat_id": chat, "created_at": "2026-05-04T09:00:00+02:00",
                              "opened_at": "2026-05-04T09:05:00+02:00"})
    for i, chat in enumerate(a_group[:6]):
        db["profiles"].insert({"chat_id": chat, "invite_id": i + 1, "professional_id": 1,
                               "selfview": "b_is_what_it_is",
                               "most_likely": "equilibrium" if i < 5 else "growth",
                               "self_view_differs": 1 if i < 5 else 0,
                               "value_gaps": json.dumps(["income", "contacts"] if i < 5
                                                        else ["income"]),
                               "created_at": stamp(MARCH)})
    db["profiles"].insert({"chat_id": 900000501, "invite_id": 100, "professional_id": 1,
                           "most_likely": "running", "self_view_differs": 0, "value_gaps": "[]",
                           "created_at": "2026-05-04T10:00:00+00:00"})
    for helped in ["yes"] * 5 + ["no"]:
        db["reflections"].insert({"invite_id": 1, "professional_id": 1, "helped": helped,
                                  "earlier": "Mevrouw Pietersen", "observations":
                                  "Mevrouw Pietersen was boos", "created_at": stamp(MARCH)})
    db["reflections"].insert({"invite_id": 100, "professional_id": 1, "helped": "somewhat",
                              "created_at": "2026-05-05T10:00:00+00:00"})
    for question, answer, times in (("helped", "yes", 5), ("easy", "somewhat", 2)):
        for i in range(times):
            db["evaluations"].insert({"invite_id": 1, "chat_id": a_group[i], "question":
                                      question, "answer": answer, "created_at": stamp(MARCH)})
    db.conn.close()
    return path


def stats(database: Path, capsys, *args: str) -> str:
    assert main(["stats", "--db", str(database), "--lang", "en", *args]) == 0
    return capsys.readouterr().out


def read_csv(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_known_numbers_in_march_with_small_groups_hidden(database, capsys, tmp_path):
    out = stats(database, capsys, "--since", "2026-03-01", "--until", "2026-03-31",
                "--csv", str(tmp_path / "csv"))
    assert "Period: from 2026-03-01 up to and including 2026-03-31" in out
    folder = tmp_path / "csv"
    assert dict(read_csv(folder, "overview")[1:]) == {
        "conversations": "13", "declined": "<5", "finished": "7", "shared": "6",
        "median_minutes": "20", "invites_sent": "10", "invites_opened": "9",
        "invites_finished": "7", "invites_shared": "6"}
    funnel = {row[0]: row[1:] for row in read_csv(folder, "funnel")[1:]}
    assert read_csv(folder, "funnel")[0] == ["part", "reached", "answered", "skipped",
                                             "dont_know", "discuss", "stopped"]
    assert funnel["start"] == ["12", "", "", "", "", "<5"]
    assert funnel["now"] == ["11", "11", "<5", "<5", "<5", "<5"]
    assert funnel["health"] == ["11", "5", "5", "<5", "<5", "<5"]
    assert funnel["values"] == ["8", "<5", "<5", "<5", "5", "<5"]
    assert funnel["review"] == ["8", "", "", "", "", "<5"]
    assert dict(read_csv(folder, "selfview")[1:])["b_is_what_it_is"] == "6"
    assert dict(read_csv(folder, "selfview")[1:])["c_held_back"] == "<5"
    assert dict(read_csv(folder, "selfview")[1:])["a_dont_know"] == "<5"
    stagnations = dict(read_csv(folder, "stagnations")[1:])
    assert stagnations["equilibrium"] == "5" and stagnations["growth"] == "<5"
    assert stagnations["running"] == "<5", "May is outside the period"
    assert read_csv(folder, "self_view_differs")[1:] == [["yes", "5"], ["no", "<5"]]
    assert read_csv(folder, "value_gaps")[1:3] == [["income", "6"], ["contacts", "5"]]
    assert dict(read_csv(folder, "reflections")[1:]) == {"yes": "5", "somewhat": "<5",
                                                         "no": "<5", "skipped": "<5"}
    assert read_csv(folder, "evaluations")[1:] == [["easy", "somewhat", "<5"],
                                                   ["helped", "yes", "5"]]
    assert read_csv(folder, "professionals")[1:] == [
        ["1", "Anna de Vries", "8", "7", "7", "6", "6"],
        ["2", "Bram Bakker", "<5", "<5", "<5", "<5", "<5"]]


def test_nothing_personal_ever_shown(database, capsys, tmp_path):
    out = stats(database, capsys, "--csv", str(tmp_path / "out"))
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.csv"))
    for secret in SECRETS:
        assert secret not in out and secret not in written, secret
    # A count under 5 never appears as a number (professionals: the first column is their
    # number, not a count).
    counts = [cell for path in (tmp_path / "out").glob("*.csv") if path.stem != "professionals"
              for row in read_csv(path.parent, path.stem)[1:] for cell in row[1:]]
    assert not {"0", "1", "2", "3", "4"} & set(counts)


def test_since_and_until_filter(database, capsys, tmp_path):
    stats(database, capsys, "--since", "2026-05-01", "--csv", str(tmp_path / "may"))
    overview = dict(read_csv(tmp_path / "may", "overview")[1:])
    assert overview["conversations"] == "<5" and overview["finished"] == "<5"
    assert overview["median_minutes"] == "<5", "a median of 2 people is not shown"
    stats(database, capsys, "--until", "2026-04-30", "--csv", str(tmp_path / "early"))
    assert dict(read_csv(tmp_path / "early", "overview")[1:])["conversations"] == "13"
    stats(database, capsys, "--csv", str(tmp_path / "all"))
    assert dict(read_csv(tmp_path / "all", "overview")[1:])["conversations"] == "15"


def test_text_output_is_translated(database, capsys):
    out = stats(database, capsys)
    assert "Voorbereid in figures" in out and "How far did clients get? (per part)" in out
    assert "Groups smaller than 5 are shown as <5" in out
    dutch = main(["stats", "--db", str(database), "--lang", "nl"])
    assert dutch == 0 and "Voorbereid in cijfers" in capsys.readouterr().out


def test_plots_are_png_files(database, capsys, tmp_path):
    out = stats(database, capsys, "--plots", str(tmp_path / "plots"))
    pngs = sorted(p.stem for p in (tmp_path / "plots").glob("*.png"))
    assert pngs == ["evaluations", "funnel", "reflection_seen", "reflections",
                    "self_view_differs", "selfview", "stagnations", "value_gaps"]
    for name in pngs:
        data = (tmp_path / "plots" / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000
    assert "8 files written to" in out


def test_missing_database_and_bad_date(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["stats", "--since", "31-03-2026"])


def test_rows_read_as_words_in_text_and_plots_while_csv_keeps_ids(database, capsys, tmp_path):
    from bot.content.model import load_content
    from bot.i18n import Catalogs
    from bot.stats.labels import labeller
    from bot.stats.plots import plot_data
    from bot.stats.report import Table

    out = stats(database, capsys, "--csv", str(tmp_path / "csv"))
    content = load_content()
    en = Catalogs(content.languages, content.default_language).get("en")
    # Professional-facing names (no "your"), not the client's titles.
    for msgid in ("profile.outcome.equilibrium", "profile.name.value.income",
                  "stats.part.start", "profile.name.part.health",
                  content.question("selfview").options.label_id("b_is_what_it_is")):
        assert en(msgid) in out, msgid
    for raw in ("b_is_what_it_is", "moving_well", "use_skills"):
        assert raw not in out, raw
    assert dict(read_csv(tmp_path / "csv", "selfview")[1:])["b_is_what_it_is"] == "6"
    table = Table("stagnations", ("stagnation", "count"), (("running", 5), ("other", "<5")),
                  "count")
    bars = plot_data(table, en, labeller(en, content))["bars"]
    assert [b["label"] for b in bars] == [en("profile.outcome.running"), en("stats.other")]


def _agreement(database, capsys, tmp_path) -> dict[str, str]:
    stats(database, capsys, "--csv", str(tmp_path / "csv"))
    return dict(read_csv(tmp_path / "csv", "agreement")[1:])


def test_the_professionals_reading_is_set_beside_the_profiles(database, capsys, tmp_path):
    import sqlite3

    conn = sqlite3.connect(database)
    # Invite 1: the profile read equilibrium; five professionals' reflections agree, one not.
    ids = [row[0] for row in conn.execute("SELECT id FROM reflections WHERE invite_id = 1")]
    for number, rid in enumerate(ids):
        conn.execute("UPDATE reflections SET seen = ? WHERE id = ?",
                     ["equilibrium" if number < 5 else "running", rid])
    conn.commit()
    found = _agreement(database, capsys, tmp_path)
    # One differing reflection: its group is too small, and so is the share it would reveal.
    assert found == {"compared": "6", "agree": "5", "differ": "<5", "agree_percent": "<5",
                     "too_little": "<5"}
    # Five more on invite 6 (the profile read growth), seen as running: both groups are big.
    for _ in range(5):
        conn.execute("INSERT INTO reflections (invite_id, professional_id, helped, seen, "
                     "created_at) VALUES (6, 1, 'yes', 'running', ?)", [stamp(MARCH)])
    # A file where the profile named no pattern is counted apart, never as agreeing.
    conn.execute("UPDATE profiles SET most_likely = 'too_little' WHERE invite_id = 2")
    conn.execute("INSERT INTO reflections (invite_id, professional_id, helped, seen, "
                 "created_at) VALUES (2, 1, 'yes', 'none', ?)", [stamp(MARCH)])
    conn.commit()
    conn.close()
    found = _agreement(database, capsys, tmp_path)
    assert found == {"compared": "11", "agree": "5", "differ": "6", "agree_percent": "45",
                     "too_little": "<5"}
    seen = dict(read_csv(tmp_path / "csv", "reflection_seen")[1:])
    assert seen["running"] == "6" and seen["equilibrium"] == "5" and seen["none"] == "<5"
    out = stats(database, capsys)
    assert "Profile and professional: same pattern?" in out and "same pattern (%)" in out
