"""The plan is computed once per event, and again only when an answer that decides it changed.

`Planner.decides` names the answers the plan depends on; these tests check that no other
answer can change the plan, so skipping the second computation never leaves a stale plan.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.model import load_content
from bot.flows.answers import ANSWERED, DISCUSS, DONT_KNOW, SKIPPED, Answer
from bot.flows.plan import Planner, next_open, plan
from tests.driver import FlowDriver

CONTENT = load_content()
PLANNER = Planner(CONTENT)
WAYS_OUT = (SKIPPED, DONT_KNOW, DISCUSS)


def possible(question) -> st.SearchStrategy:
    """Any answer the client could give this question (or none)."""
    ways = st.sampled_from(WAYS_OUT).map(lambda status: Answer(status))
    if question.kind == "choice":
        given_ = st.sampled_from(question.options.options).map(lambda o: Answer(ANSWERED, o))
    elif question.kind == "multi":
        given_ = st.lists(st.sampled_from(question.options.options), unique=True,
                          max_size=question.max).map(lambda os: Answer(ANSWERED, os))
    else:
        given_ = st.text(min_size=1, max_size=5).map(lambda t: Answer(ANSWERED, t))
    return st.one_of(st.none(), ways, given_)


ANSWERS = st.fixed_dictionaries({qid: possible(q) for qid, q in CONTENT.questions.items()}).map(
    lambda chosen: {qid: a for qid, a in chosen.items() if a is not None})


def ids(slots) -> list[str]:
    return [s.id for s in slots]


@settings(max_examples=60, deadline=None)
@given(ANSWERS, st.data())
def test_an_answer_that_does_not_decide_never_changes_the_plan(answers, data):
    before = ids(PLANNER.plan(answers))
    for qid, question in CONTENT.questions.items():
        if PLANNER.decides(qid):
            continue
        changed = dict(answers)
        other = data.draw(possible(question), label=qid)
        if other is None:
            changed.pop(qid, None)
        else:
            changed[qid] = other
        assert ids(PLANNER.plan(changed)) == before, qid


@settings(max_examples=60, deadline=None)
@given(ANSWERS)
def test_the_flows_planner_and_the_free_function_agree(answers):
    assert PLANNER.plan(answers) == plan(CONTENT, answers)


def test_conditions_and_multi_selects_decide(content):
    planner = Planner(content)
    for question in content.questions.values():
        if question.ask_if is not None:
            assert planner.decides(question.ask_if.question)
        if question.kind == "multi":
            assert planner.decides(question.id)


def test_every_question_of_a_walk_is_the_next_open_one_of_a_fresh_plan(flow):
    """The plan passed along within an event is never stale: after each answer the question
    shown is the one a plan computed from scratch names."""
    for mode in ("first", "skipped", "discuss"):
        driver = FlowDriver(flow)
        driver.consent()
        previous = ""
        while driver.conv.state == "asking":
            fresh = plan(flow.content, driver.conv.answers)
            assert driver.slot() == next_open(fresh, driver.conv.answers, previous)
            previous = driver.slot().id
            driver.answer_current(mode)
        assert next_open(plan(flow.content, driver.conv.answers), driver.conv.answers, "") is None
