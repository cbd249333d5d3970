"""The crisis rule format, one feature at a time, on small rule files written here.

Each fixture is a tiny crisis.toml; the real rules are tested by the corpus
(tests/test_crisis_corpus.py). Reading the fixtures should be enough to learn the format.
"""

from __future__ import annotations

from bot.flows.crisis import CrisisMatcher, phone_fold, sentences
from bot.flows.crisis_rules import read_rules

WORDS = """
[nl.words]
willen = ["wil", "wilt", "willen", "wou", "wilde"]
maken = ["maak", "maakt", "maken", "maakte", "gemaakt", "te maken"]
einde = ["einde", "eind"]
"""


def matcher(text: str, languages: tuple[str, ...] = ("nl",)) -> CrisisMatcher:
    sets, problems = read_rules(text, list(languages))
    assert problems == []
    return CrisisMatcher(sets)


def test_any_order_finds_inversion_and_verb_final_clauses():
    m = matcher(WORDS + """
[[nl.rule]]
id = "eind-eraan"
words = ["er", "{einde}", "aan", "{maken}"]
""")
    assert m.matches("Ik wil er een eind aan maken.")
    assert m.matches("soms denk ik dat ik er een einde aan wil maken")  # verb last
    assert m.matches("Maak ik er dan maar een eind aan?")  # inversion, separable verb
    assert not m.matches("Er komt een eind aan mijn contract.")  # no form of maken


def test_given_order_needs_the_words_in_that_order():
    m = matcher("""
[[nl.rule]]
id = "volgorde"
words = ["voor de trein", "springen"]
order = "given"
""")
    assert m.matches("ik wil voor de trein springen")
    assert not m.matches("springen is leuk, voor de trein ga ik naar huis")


def test_within_limits_the_gap_between_the_words():
    rules = """
[[nl.rule]]
id = "dood-willen"
words = ["wil", "dood"]
within = 4
"""
    m = matcher(rules)
    assert m.matches("ik wil dood")
    assert m.matches("wil ik gewoon dood")  # a stretch of four words, wil … dood
    assert not m.matches("wil ik eigenlijk gewoon dood")  # five
    assert not m.matches("ik wil morgen naar de verjaardag van een dood zieke tante")


def test_words_must_be_in_one_sentence():
    m = matcher("""
[[nl.rule]]
id = "leven"
words = ["niet meer", "leven"]
""")
    assert m.matches("Ik wil niet meer leven")
    assert not m.matches("Ik werk niet meer. Het leven is duur.")


def test_word_families_cover_inflections_and_phone_spellings():
    m = matcher(WORDS + """
[[nl.rule]]
id = "eind-eraan"
words = ["er", "{einde}", "aan", "{maken}"]
within = 8
""")
    for sentence in ("ik wou er een einde aan maken", "ik heb er een eind aan gemaakt",
                     "ik probeerde er een eind aan te maken", "IK WIL ER EEN EIND AAN MAKEN"):
        assert m.matches(sentence), sentence


def test_a_final_star_matches_any_ending_and_accents_do_not_matter():
    m = matcher("""
[[nl.rule]]
id = "zelfdoding"
words = ["zelfmoord*|suicid*"]
""")
    for sentence in ("Ik heb zelfmoordgedachten", "ik ben suïcidaal", "Suïcide", "SUICIDE?"):
        assert m.matches(sentence), sentence
    assert not m.matches("zelfzorg is belangrijk")


def test_phone_typing_folds_apostrophes_and_capitals():
    assert phone_fold("I DON’T want") == "i dont want"
    assert phone_fold("m'n leven") == "mn leven"
    m = matcher("""
[[en.rule]]
id = "dont-live"
words = ["don't want to live"]
""", ("en",))
    assert m.matches("i dont want to live")
    assert m.matches("I don’t want to live")


def test_dollar_is_the_end_of_the_sentence():
    m = matcher("""
[[nl.rule]]
id = "wil-niet-meer"
words = ["wil", "niet meer $"]
order = "given"
""")
    assert m.matches("Ik wil niet meer.")
    assert m.matches("ik wil gewoon niet meer")
    assert not m.matches("Ik wil niet meer in de bouw werken.")


def test_an_exception_removes_only_the_words_it_shares():
    m = matcher("""
[[en.rule]]
id = "kill-myself"
words = ["kill|killing", "myself"]
order = "given"
within = 3

[[en.except]]
id = "at-work"
words = ["killing myself", "at work"]
within = 5
""", ("en",))
    assert not m.matches("I'm killing myself at work.")
    # The exception covers the first clause only; the second match shares no word with it.
    assert m.matches("I'm killing myself at work and I want to kill myself.")


def test_an_exception_is_void_when_an_unless_term_occurs():
    m = matcher("""
[[en.rule]]
id = "cut"
words = ["cut", "myself"]
within = 3

[[en.except]]
id = "cooking"
words = ["cut", "cooking"]
within = 6
unless = ["on purpose"]
""", ("en",))
    assert not m.matches("I cut myself while cooking")
    assert m.matches("I cut myself while cooking, on purpose")


def test_an_exception_can_be_limited_to_some_rules():
    m = matcher("""
[[nl.rule]]
id = "a"
words = ["dood"]

[[nl.rule]]
id = "b"
words = ["moe"]

[[nl.except]]
id = "only-a"
words = ["dood moe"]
rules = ["a"]
""")
    assert m.matching_rules("ik ben dood moe") == ["nl:b"]
    assert m.matching_rules("ik wil dood") == ["nl:a"]


def test_the_clients_language_explains_matches_of_the_other_languages():
    m = matcher("""
[[nl.rule]]
id = "zelfdoding"
words = ["suicid*"]

[[en.rule]]
id = "suicide"
words = ["suicid*"]

[[en.except]]
id = "career-suicide"
words = ["career suicide"]
""", ("nl", "en"))
    assert not m.matches("That would be career suicide.", "en")
    assert not m.matches("That would be career suicide.")  # all languages alike
    assert m.matches("Ik denk aan suïcide.", "nl")


def test_matching_rules_names_what_matched():
    m = matcher(WORDS + """
[[nl.rule]]
id = "dood-willen"
words = ["{willen}", "dood"]
within = 3
""")
    assert m.matching_rules("ik wou dood") == ["nl:dood-willen"]
    assert m.matching_rules("ik ben moe") == []


def test_sentences_split_on_marks_and_line_breaks():
    assert sentences("Hoi. Ik wil dood!\nnu") == [["hoi", "$"], ["ik", "wil", "dood", "$"],
                                                 ["nu", "$"]]
