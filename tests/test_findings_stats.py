"""The second tester's findings on `python -m bot stats`: a wrong data key is refused in one
line with a non-zero exit (as `export` does), and the Dutch figures speak one language."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app_core import build_core
from bot.cli import main
from bot.professionals.registry import Registry
from bot.storage.crypto import KEY_ENV, new_key


def a_database(tmp_path):
    path = tmp_path / "bot.db"
    core = build_core(str(path))
    Registry(core.store).add_professional("Sanne de Vries", datetime.now(UTC))
    core.close()
    return path


def test_stats_with_a_wrong_key_refuses_in_one_line(tmp_path, capsys, monkeypatch):
    path = a_database(tmp_path)
    assert main(["stats", "--db", str(path), "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "Sanne de Vries" in out and "None" not in out
    monkeypatch.setenv(KEY_ENV, new_key())
    code = main(["stats", "--db", str(path), "--lang", "nl"])
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "does not open this database" in lines[0], lines


def test_stats_without_a_key_leaves_names_blank_not_none(tmp_path, capsys, monkeypatch):
    path = a_database(tmp_path)
    monkeypatch.delenv(KEY_ENV, raising=False)
    assert main(["stats", "--db", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "None" not in out and "Sanne" not in out


def test_dutch_stats_say_begeleider_and_translate_other(tmp_path, capsys):
    import sqlite3

    from tests.test_stats import seed_database

    path = seed_database(tmp_path / "stats.db")
    with sqlite3.connect(path) as conn:  # a value id the content does not know, five times
        for chat in range(5):
            conn.execute("INSERT INTO profiles (chat_id, invite_id, professional_id, "
                         "most_likely, self_view_differs, value_gaps, created_at) VALUES "
                         "(?, 1, 1, 'growth', 0, '[\"autonomy\"]', '2026-03-10T10:00:00+00:00')",
                         [800000 + chat])
    assert main(["stats", "--db", str(path), "--lang", "nl",
                 "--plots", str(tmp_path / "plots")]) == 0
    out = capsys.readouterr().out
    assert "overig (onbekende waarde)" in out
    words = out.lower().split()
    assert "other" not in words and "professional" not in out.lower(), out
