"""Findings of a new-user tester after the first round of issue 19, each with a test."""

from __future__ import annotations

import io
import os
import re
import stat

from bot.flows.conversation import MAX_BUTTONS
from bot.flows.events import More
from bot.flows.length import plain_text
from bot.render import render
from tests.answering import Answering, labels_of
from tests.driver import FlowDriver


def texts(out, tr) -> str:
    return "\n".join(m.text for s in out.screens for m in render(s, tr))


def all_buttons(screen) -> list[str]:
    return [b.data for row in screen.buttons for b in row]


def every_label(driver: FlowDriver) -> list[str]:
    """Every label of the question on screen, those behind "more…" and in groups of options
    included (each opened, read, and closed again with "‹ answers")."""
    seen = driver.labels()
    less = driver.tr("ui.btn.less")
    for label in labels_of(driver.labelled(), More):
        if label == less:
            continue
        driver.tap(label)
        seen += driver.labels()
        if less in driver.labels():
            driver.tap(less)
    return seen


def finish(driver: FlowDriver, extra_words: bool = False) -> None:
    count = 0
    while driver.conv.state == "asking":
        count += 1
        if extra_words and count % 3 == 0 and driver.slot().kind == "choice":
            driver.text(f"eigen woorden {count}")
        driver.answer_current()


# ----- c, d, j: wording ------------------------------------------------------------------

def test_discuss_button_does_not_read_as_a_busy_line(catalogs):
    label = catalogs.get("nl")("ui.btn.discuss")
    assert label != "In gesprek" and "liever" in label.lower()


def test_no_client_or_overview_label_reads_as_an_order(catalogs):
    """'Zorg dat werken geld kost' read as an order: no label starts with 'Zorg dat'."""
    tr = catalogs.get("nl")
    for msgid in ("profile.q.money_work_risk", "q.money_work_risk.short", "q.money_work_risk"):
        assert not tr(msgid).startswith("Zorg dat"), msgid


def test_plain_words_for_what_holds_back_and_room(catalogs):
    nl, en = catalogs.get("nl"), catalogs.get("en")
    assert "houden uw situatie" not in nl("q.holding")
    assert "keep your situation" not in en("q.holding")
    # Room for a value, also for someone without work: chances, with examples.
    assert "ruimte" not in nl("q.value.room", value="X")
    assert "room" not in en("q.value.room", value="X")
    assert "werk" in nl("q.value.room", value="X") and "thuis" in nl("q.value.room", value="X")


# ----- h: no back on the first question ------------------------------------------------------

def test_first_question_offers_no_back_not_even_behind_more(flow):
    driver = FlowDriver(flow)
    driver.consent()
    first = driver.slot().id
    back = driver.tr("ui.btn.back")
    assert back not in every_label(driver)
    driver.answer_current()
    assert back in every_label(driver) and driver.slot().id != first


# ----- g: no "your professional sees this too" when not linked --------------------------------

def test_unlinked_overview_and_agenda_never_say_the_professional_sees_it(flow, catalogs):
    for lang in ("nl", "en"):
        tr = catalogs.get(lang)
        driver = FlowDriver(flow, lang=lang)
        driver.consent()
        finish(driver)
        shown = texts(driver.last, tr) + texts(driver.tap(tr("ui.btn.agenda")), tr)
        assert tr("ui.share.unlinked") in shown
        assert tr("ui.agenda.title") not in shown
        assert tr("ui.agenda.title.unlinked") in shown


def test_linked_overview_says_the_professional_sees_the_agenda(flow, catalogs):
    from bot.flows.events import Start

    tr = catalogs.get("nl")
    driver = FlowDriver(flow)
    driver.send(Start(invite="abc"))
    driver.tap("Ja, ik begin")
    finish(driver)
    assert tr("ui.agenda.title") in texts(driver.last, tr)


# ----- e: own words beside buttons in the overview and the edit screen ----------------------

def test_overview_shows_words_typed_beside_every_kind_of_button_question(flow, catalogs):
    tr = catalogs.get("nl")
    driver = FlowDriver(flow)
    driver.consent()
    typed = []
    while driver.conv.state == "asking":
        slot = driver.slot()
        if slot.kind == "choice":
            words = f"woorden {len(typed)}"
            driver.text(words)
            typed.append(words)
        driver.answer_current()
    shown = texts(driver.last, tr)
    for words in typed:
        assert re.search(rf"{words}(?!\d)", shown), words


def test_edit_screen_shows_own_words_and_removes_them_alone(flow, catalogs):
    tr = catalogs.get("nl")
    driver = FlowDriver(flow)
    driver.consent()
    driver.answer_current()  # benefit
    driver.answer_current()  # situation
    driver.text("het wisselt erg")
    slot = driver.slot().id
    driver.answer_current()
    finish(driver)
    driver.tap("Hoe het nu gaat")
    out = driver.tap(tr(f"q.{slot}.short"))
    assert "het wisselt erg" in texts(out, tr)
    assert tr("ui.btn.remove_words") in every_label(driver)
    answer = driver.conv.answers[slot]
    out = driver.tap_anywhere(tr("ui.btn.remove_words"))
    assert out.answers == {slot + ".extra": None}
    assert slot + ".extra" not in driver.conv.answers
    assert driver.conv.answers[slot] == answer, "the button answer itself stays"


# ----- f: the work values' review screen -----------------------------------------------------

def test_values_review_has_one_short_button_per_value_within_the_limit(flow, content, catalogs):
    tr = catalogs.get("nl")
    driver = FlowDriver(flow)
    driver.consent()
    finish(driver)
    assert driver.conv.state == "review", driver.conv.state
    more = tr("ui.btn.more")
    # The seven values are asked in two parts; each part's review has a button per value.
    values_parts = [p for p in content.parts if any(q.value for q in p.questions)]
    assert len(values_parts) >= 2
    opened = set()
    for part in values_parts:
        out = driver.tap(f"✎ {tr(part.title_id)}")
        pages = [out.screens[0]]
        while more in driver.labels() and len(pages) <= 5:
            page = driver.tap(more).screens[0]
            if all_buttons(page) == all_buttons(pages[0]):
                break
            pages.append(page)
        in_part = set()
        for page in pages:
            assert sum(len(r) for r in page.buttons) <= MAX_BUTTONS
            for row in page.buttons:
                for button in row:
                    assert len(plain_text(button.label, tr)) <= 40, plain_text(button.label, tr)
            in_part |= {label for row in render(page, tr)[-1].buttons for label, _ in row}
        assert {f"✎ {tr(f'value.{q.value}')}" for q in part.questions} <= in_part
        opened |= in_part
        driver.tap(tr("ui.btn.to_review"))
    assert {f"✎ {tr(f'value.{v}')}" for v in content.values} <= opened
    driver.tap(f"✎ {tr(values_parts[0].title_id)}")
    value = content.values[0]
    while f"✎ {tr(f'value.{value}')}" not in driver.labels():
        driver.tap(more)
    out = driver.tap(f"✎ {tr(f'value.{value}')}")
    edits = [label for label in driver.labels() if label.startswith("✎")]
    assert len(driver.labels()) <= 4 and edits, driver.labels()
    driver.tap(edits[0])
    driver.answer_current(how=Answering(buttons="last"))
    assert driver.conv.review_part == f"values/{value}", "back on the value's own screen"


def test_long_parts_page_their_edit_buttons(flow):
    driver = FlowDriver(flow)
    driver.consent()
    finish(driver)
    tr = driver.tr
    for part in flow.content.parts:
        out = driver.tap(f"✎ {tr(part.title_id)}")
        assert sum(len(r) for r in out.screens[0].buttons) <= MAX_BUTTONS, part.id
        driver.tap(tr("ui.btn.to_review"))


# ----- b, i: the terminal preview -----------------------------------------------------------

async def test_preview_help_keeps_the_commands_together(core):
    from bot.console import Preview

    out = io.StringIO()
    preview = Preview(core, "nl", out)
    await preview.handle_line("/help")
    tr = core.catalogs.get("nl")
    shown = out.getvalue()
    quit_at, crisis_at = shown.index(tr("ui.preview.quit")), shown.index(tr("ui.crisis")[:30])
    assert shown.index(tr("ui.help")[-20:]) < quit_at < crisis_at


async def test_preview_pdf_is_private_and_gone_after_delete_and_quit(core, monkeypatch, tmp_path):
    import tempfile

    from bot.console import Preview, run_preview

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = io.StringIO()
    preview = Preview(core, "nl", out)
    from bot.flows.events import Start

    await preview.send(Start())
    await preview.handle_line("1")  # consent
    await preview.handle_line("Mijn rug doet pijn")
    await preview.handle_line("/mydata")
    pdfs = list(tmp_path.glob("voorbereid-mydata-*/*.pdf"))
    assert len(pdfs) == 1
    assert stat.S_IMODE(pdfs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(pdfs[0].parent.stat().st_mode) == 0o700
    assert str(pdfs[0]) in out.getvalue()
    await preview.handle_line("/delete")
    await preview.handle_line("1")  # yes
    assert not list(tmp_path.glob("voorbereid-mydata-*"))

    # End of input after /mydata: removed too; and a folder left by a killed preview goes.
    left = tmp_path / "voorbereid-mydata-999999999-x"
    left.mkdir()
    (left / "mijn.pdf").write_bytes(b"%PDF")
    mine = tmp_path / f"voorbereid-mydata-{os.getpid()}-y"
    mine.mkdir()
    lines = io.StringIO("1\nMijn rug doet pijn\n/mydata\n")
    await run_preview(core, "nl", stdin=lines, out=io.StringIO())
    assert not left.exists(), "a dead preview's folder is removed"
    assert mine.exists(), "a running preview's folder is left alone"
    assert [p for p in tmp_path.glob("voorbereid-mydata-*") if p != mine] == []
