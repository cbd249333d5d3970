"""The suggested agenda from fixture answers: expected points, order, limit, removals."""

from bot.summary.agenda import MAX_POINTS, agenda


def doc(**answers):
    return {"answers": answers}


def a(status="answered", value=None, part="now", private=False):
    entry = {"status": status, "part": part, "private": private}
    if value is not None:
        entry["value"] = value
    return entry


def test_order_discuss_most_questions_open():
    points = agenda(doc(
        health_day=a("discuss", part="health"),
        money_ends_meet=a("skipped", part="money"),
        money_work_risk=a("dont_know", part="money"),
        social_support=a("skipped", part="social"),
        holding=a(value=["money", "social"], part="holding"),
        **{"holding.most": a(value="money", part="holding")},
        helping=a(value=["work"], part="helping"),
        questions=a(value="Mag ik parttime werken?", part="ahead"),
    ))
    assert [p.id for p in points] == [
        "discuss:health_day", "most:holding", "most:helping", "questions",
        "open:money_ends_meet",
    ]
    assert len(points) == MAX_POINTS
    assert points[1].topic == "money" and points[2].topic == "work"


def test_private_answers_make_no_point():
    points = agenda(doc(
        health_day=a("discuss", part="health", private=True),
        questions=a(value="geheim", part="ahead", private=True),
    ))
    assert points == []


def test_removed_points_stay_removed():
    answers = doc(health_day=a("discuss", part="health"),
                  questions=a(value="Wat nu?", part="ahead"))
    assert [p.id for p in agenda(answers, removed=["discuss:health_day"])] == ["questions"]


def test_open_items_only_in_the_domain_that_weighs_most():
    points = agenda(doc(
        money_ends_meet=a("skipped", part="money"),
        home_pleasant=a("dont_know", part="home"),
        helping=a(value=["home"], part="helping"),
    ))
    assert [p.id for p in points] == ["most:helping", "open:home_pleasant"]
