"""The danger check: its data, its model and thresholds, its cost, and what a person sees."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from knowledge.base import require_knowledge
from knowledge.crisis import MAX_INPUT_CHARS, CrisisDetector
from knowledge.danger import (
    CATEGORIES,
    FLOOR,
    LANGUAGE_FILES,
    OUT_OF_FOLD_FALSE_ALARMS,
    Example,
    Features,
    SparseRows,
    choose_threshold,
    fit_logistic,
    load_examples,
    target_matrix,
)
from knowledge.danger_features import PIECE_BUCKETS, pieces
from knowledge.danger_model import BUDGET_SCALE, budget_floor
from knowledge.folding import fold_tokens
from knowledge.problems import ProblemLog
from tests.unit.knowledge_copy import copy_of_knowledge, errors

ROOT = Path(__file__).resolve().parents[2]
DANGER = ROOT / "knowledge" / "danger"


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return require_knowledge()


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    log = ProblemLog(ROOT / "knowledge")
    found = load_examples(DANGER, log)
    assert not log.errors, [str(p) for p in log.errors]
    return found


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_of_knowledge(tmp_path)


# -- the data --------------------------------------------------------------------------------------


def test_enough_messages_in_every_language_category_and_split(examples):
    assert len(examples) >= 600
    assert sum(e.danger for e in examples) >= 300 and sum(not e.danger for e in examples) >= 300
    cells = Counter((e.lang, e.label, e.categories[0], e.split) for e in examples)
    for lang in LANGUAGE_FILES:
        assert sum(n for (lang_, *_), n in cells.items() if lang_ == lang) >= 40, lang
        for category in CATEGORIES:
            for split in ("train", "test"):
                assert cells[(lang, "danger", category, split)] >= 5, (lang, category, split)
                assert cells[(lang, "none", category, split)] >= 5, (lang, category, split)
    # about a third of the messages written with the split in mind is kept for measuring; batch2, batch11
    # batch12-15, batch17, batch19, batch20 and batch22-32 (written later, for training) only add to train
    train_only = {"batch2", *(f"batch{n}" for n in (11, 12, 13, 14, 15, 17, 19, 20, *range(22, 33)))}
    # batch16: hard/ only
    planned = [e for e in examples if not train_only & set(e.tags)]
    assert 0.25 <= sum(e.split == "test" for e in planned) / len(planned) <= 0.4
    assert all(e.split == "train" for e in examples if train_only & set(e.tags))
    assert {e.who for e in examples} == {"self", "other"}
    assert any("indirect" in e.tags for e in examples) and any("mixed" in e.tags for e in examples)


def test_every_way_of_typing_is_there(examples):
    variants = Counter(e.variant for e in examples)
    for variant in ["uz with oʻ gʻ", "uz without oʻ gʻ", "tg special letters", "tg plain letters",
                    "ky special letters", "ky plain letters", "ru latin", "uz-Cyrl special letters"]:  # fmt: skip
        assert variants[variant] >= 10, (variant, variants)


def test_a_malformed_row_is_an_error_with_file_and_line(content):
    path = content / "danger" / "tg.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("\tdanger\t", "\tdangerous\t", 1)
    lines[5] = "train\tnone\tmedical\tself"
    lines.append(lines[10])  # the same message twice would let a test message leak into train
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = errors(content)
    assert any("danger/tg.tsv:4: error: label must be one of danger, none" in e for e in found)
    assert any("danger/tg.tsv:6: error: expected 6 tab-separated columns, found 4" in e for e in found)
    assert any(f"danger/tg.tsv:{len(lines)}: error: same message as tg.tsv:11" in e for e in found)


# -- the model and its thresholds -------------------------------------------------------------------


def test_the_model_learns_its_train_split(kb, examples):
    """Nearly every train message is classified as labelled, but not all: training stops early on purpose.

    A model fitted until it gets every one of 2,600 messages right learns their wording, and does
    worse on new wording (benchmarks/danger.py --cv): the few it gets wrong are the price of that.
    The false alarms counted are the model's: the terms alone flag 34 of the 2,957 harmless train
    messages (jokes, songs and news that use a listed term: "не сдам повешусь хаха шучу", "if i fail i
    will kill myself haha"; a listed term alarms whatever surrounds it, by design), which alone exceed
    1%; the model on its own flags none of the harmless train messages.
    """
    train = [e for e in examples if e.split == "train"]
    missed = [e for e in train if e.danger and not kb.crisis.detect(e.text) & set(e.categories)]
    alarmed = [e for e in train if not e.danger and kb.crisis.assess(e.text).by_model]
    assert len(missed) <= 0.05 * sum(e.danger for e in train), [e.text for e in missed]
    assert len(alarmed) <= 0.01 * sum(not e.danger for e in train), [e.text for e in alarmed]


def test_the_model_catches_what_no_term_lists(kb):
    for text, category in [
        ("хочу чтоб всё это закончилось навсегда", "self-harm"),
        ("kechasi skladga qulflab qo'yishadi, chiqib bo'lmaydi, pasportlar xo'jayinda", "trafficking"),
        ("my dad's face is drooping, he can't lift his arm, speech is slurred", "medical"),
    ]:
        assessment = kb.crisis.assess(text)
        assert category in assessment.by_model, (text, assessment)


def test_the_false_alarms_of_the_old_term_list_are_gone(kb):
    for text in [
        "паспорт забрали на регистрацию, когда должны вернуть?",
        "работодатель заставляет работать в выходные без доплаты",
        "немного отравился шаурмой, что выпить из аптеки",
        "shaurmadan ozgina zaharlandim, nima ichsam boʻladi",
        "каме аз шаурма заҳролуд шудам, аз дорухона чӣ гирам",
        "шаурмадан бир аз ууландым, дарыканадан эмне ичсем болот",
        "my boss will kill me if I'm late",
    ]:
        assert kb.crisis.detect(text) == set(), text


# A message only about one of these everyday troubles must stay quiet, in every language.
EVERYDAY = {
    "a child's fever": [
        "у ребёнка температура 38, что дать", "bolamning isitmasi 38, nima bersam boʻladi",
        "боламнинг иситмаси бор, қайси дори яхши", "бачаам таб дорад, 38, чӣ диҳам",
        "баламдын ысыгы 38, эмне берсем болот", "my child has a fever of 38, what can I give him",
    ],
    "a toothache": [
        "болит зуб, где недорогой стоматолог", "tishim ogʻriyapti, arzon stomatolog qayerda",
        "тишим оғрияпти, қаерга борсам бўлади", "дандонам дард мекунад, дандонпизишки арзон куҷо",
        "тишим ооруп жатат, арзан тиш доктур кайда", "I have a toothache, where is a cheap dentist",
    ],
    "unpaid wages": [
        "работодатель не платит зарплату два месяца, куда жаловаться",
        "ish beruvchi ikki oydan beri oylik bermayapti, qayerga shikoyat qilsam boʻladi",
        "иш берувчи маош бермаяпти, нима қилай", "кордеҳ ду моҳ боз маош намедиҳад, ба куҷо шикоят кунам",
        "жумуш берүүчү эки айдан бери айлык бербей жатат, кайда арыз жазам",
        "my employer has not paid my wages for two months, where can I complain",
    ],
    "a fine": [
        "пришёл штраф за патент, как оплатить", "patent uchun jarima keldi, qanday toʻlayman",
        "менга жарима келди, қаерда тўлаш мумкин", "барои патент ҷарима омад, чӣ тавр пардохт кунам",
        "патент үчүн айып пул келди, кантип төлөйм", "I got a fine for my patent, how do I pay it",
    ],
    "leaving a job": [
        "хочу уйти с этой работы, как уволиться правильно", "bu ishdan ketmoqchiman, qanday qilib boʻshasam boʻladi",
        "бу ишдан кетмоқчиман, нима қилишим керак", "мехоҳам аз ин кор равам, чӣ тавр озод шавам",
        "бул жумуштан кетким келет, кантип бошонсо болот", "I want to leave this job, how do I quit properly",
    ],
}  # fmt: skip


@pytest.mark.parametrize("trouble", sorted(EVERYDAY))
def test_everyday_troubles_stay_quiet(kb, trouble):
    for text in EVERYDAY[trouble]:
        assert kb.crisis.detect(text) == set(), (trouble, text, kb.crisis.assess(text).scores)


def test_the_lexicon_keeps_clear_of_folding_traps(kb):
    """Words of one language that fold like a concept word of another must not carry the concept."""
    featurizer = kb.crisis.model.featurizer
    for text, concept in [
        ("уулумду бакчага кантип берем", "die-wish"),  # Kyrgyz "my son" folds like "death"
        ("qanday qilib patent olaman", "red-flag"),  # Uzbek "how" folds like "sugar"
        ("hammasi tugasa ham pul bermaydi", "abuser"),  # Uzbek "ends" folds like "uncle"
        ("кыйкырып жатат", "beat"),  # Kyrgyz "shouting" folds like English "kick"
        ("burnidan qon keldi", "burn"),  # Uzbek "nose" folds like English "burn"
        ("the bus conductor insulted me", "stroke"),  # English "insult" folds like "инсульт"
        ("ошхона пичоқларини қаерда чархлаш мумкин", "stab-burn"),  # Uzbek "knives", not "stabbed"
    ]:
        assert concept not in featurizer.concepts(fold_tokens(text)), (text, concept)
    assert kb.crisis.detect_by_terms("the bus conductor insulted me, can I complain") == set()
    assert kb.crisis.detect_by_terms("ошхона пичоқларини қаерда чархлаш мумкин") == set()
    assert kb.crisis.detect_by_terms("у отца инсульт") == {"medical"}
    assert kb.crisis.detect_by_terms("meni pichoqlashdi") == {"violence"}


def test_a_category_learns_only_from_its_own_dangerous_messages():
    """A word shared by two kinds of danger (a threat) is evidence for both, not against either."""
    rows = [Features(("c:threat",), ()), Features(("c:threat",), ()), Features((), ("w:hello",))]
    examples = [
        Example("x", "ru", "train", "danger", ("violence",), "self", (), Path("x"), 1),
        Example("y", "ru", "train", "danger", ("trafficking",), "self", (), Path("x"), 2),
        Example("z", "ru", "train", "none", ("violence",), "self", (), Path("x"), 3),
    ]
    targets, counted = target_matrix(examples * 10)
    weights, _ = fit_logistic(SparseRows(rows * 10, {"c:threat": 0, "w:hello": 1}), targets, counted)
    assert weights[CATEGORIES.index("violence"), 0] > 1.0
    assert weights[CATEGORIES.index("trafficking"), 0] > 1.0
    assert counted[1, CATEGORIES.index("violence")] == 0  # the trafficking message is not a negative for violence


def test_thresholds_keep_out_of_fold_false_alarms_within_the_budget(kb):
    """The budget counts harmless situations: a look-alike and its translations are one."""
    model = kb.crisis.model
    harmless = [i for i, e in enumerate(model.train) if not e.danger and not kb.crisis.detect_by_terms(e.text)]
    situations = {model.groups[i] for i, e in enumerate(model.train) if not e.danger}
    for k, category in enumerate(CATEGORIES):
        budget = OUT_OF_FOLD_FALSE_ALARMS * BUDGET_SCALE.get(category, 1.0) * len(situations)
        assert 1 < budget < len(situations) / 30  # a small share: at most about 3% of the harmless situations
        over = {model.groups[i] for i in harmless if model.out_of_fold[i, k] >= model.thresholds[k]}
        # a fraction of a place: the floor lies between two harmless scores, so the next one may pass
        assert len(over) <= math.ceil(budget), (category, len(over), budget)


def test_self_harm_has_the_larger_budget():
    """Same scores, same messages: self-harm's threshold lets more through than medical's."""

    def example(label: str, category: str) -> Example:
        return Example("x", "ru", "train", label, (category,), "self", (), Path("x"), 1)

    scores = np.concatenate([np.linspace(-5, 2, 1000), [1.99, 1.97, 1.95, 1.93, 1.91, 1.89]])
    thresholds = {}
    for category in ("self-harm", "medical"):
        train = [example("none", category)] * 1000 + [example("danger", category)] * 6
        thresholds[category] = choose_threshold(scores, train, [set()] * len(train), category)
    assert BUDGET_SCALE["self-harm"] > BUDGET_SCALE.get("medical", 1.0)
    assert thresholds["self-harm"] < thresholds["medical"]


def test_one_look_alike_in_six_languages_uses_one_place_of_the_budget():
    def example(label: str) -> Example:
        return Example("x", "ru", "train", label, ("medical",), "self", (), Path("x"), 1)

    train = [example("none")] * 400 + [example("danger")] * 2
    groups = [0] * 6 + list(range(1, 395)) + [1000, 1001]
    # six translations of one look-alike score highest; the danger messages score 4 and 2
    scores = np.concatenate([[5.0] * 6, np.linspace(-5, 0, 394), [4.0, 2.0]])
    flagged = [set() for _ in train]
    by_message = choose_threshold(scores, train, flagged, "medical")  # 2 of 400 messages: both are translations
    assert by_message > 5.0
    by_situation = choose_threshold(scores, train, flagged, "medical", groups)  # 2 of 395 situations
    assert 0.0 < by_situation < 2.0


def test_budget_floor_moves_between_neighbouring_scores_by_the_fraction():
    negatives = np.array([5.0, 3.0, 2.0, 1.0])
    assert budget_floor(negatives, 1.0) == 3.0  # a whole budget: the first harmless score past it
    assert budget_floor(negatives, 1.25) == 2.75
    assert budget_floor(negatives, 1.99) > budget_floor(negatives, 2.0) == 2.0  # no jump at a whole number
    assert budget_floor(negatives, 4.0) == -np.inf  # more budget than harmless scores: nothing to stay above


def test_choose_threshold_catches_the_most_within_the_budget():
    def example(label: str, category: str = "medical") -> Example:
        return Example("x", "ru", "train", label, (category,), "self", (), Path("x"), 1)

    train = [example("none")] * 400 + [example("danger")] * 4 + [example("danger", "violence")]
    scores = np.concatenate([np.linspace(-5, 1, 400), [3.0, 1.5, 0.5, -2.0], [9.0]])
    flagged = [set() for _ in train]
    # 2 false alarms allowed (0.5% of 400): 3.0 and 1.5 can be caught, 0.5 cannot (the harmless
    # messages above it are more than 2); the threshold sits between 1.5 and the third-highest
    # harmless score, which must stay below it.
    threshold = choose_threshold(scores, train, flagged, "medical")
    negatives = np.sort(scores[:400])[::-1]
    assert negatives[2] < threshold < 1.5
    assert (scores[:400] >= threshold).sum() <= 2
    flagged[400] = {"medical"}  # a message the terms already catch does not pull the threshold down
    assert choose_threshold(scores, train, flagged, "medical") == threshold


def test_the_test_split_is_measured_and_above_the_floor(kb):
    test = kb.crisis.model.test
    assert test.recall.total >= 200 and test.false_alarms.total >= 200
    assert not test.failures(FLOOR)
    baseline = kb.crisis.model.test_terms_only
    assert test.recall.rate > baseline.recall.rate + 0.3  # the model is what catches indirect wording


def test_kb_check_fails_when_the_test_split_gets_worse(content):
    for path in (content / "danger").glob("*.tsv"):  # a model with no dangerous message to learn from
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(line for line in lines if not line.startswith("train\tdanger\t")) + "\n")
    found = errors(content)
    assert any("the danger check got worse on the test split: recall" in e for e in found), found


def test_letter_pieces_tie_a_typo_to_the_word_and_stay_bounded():
    right, typo, other = (set(pieces(fold_tokens(w)).tolist()) for w in ("отравился", "отровился", "патент"))
    assert len(right & typo) / len(right | typo) > 0.3  # most letter n-grams survive one wrong letter
    assert not right & other or len(right & other) < len(right & typo) / 3
    flood = pieces(fold_tokens("не " * 2000))  # a long message of one repeated word costs that word once
    assert len(flood) <= len(pieces(fold_tokens("не не не")))
    assert all(0 <= p < PIECE_BUCKETS for p in flood.tolist())


def test_the_model_has_a_fixed_width_whatever_the_data(kb):
    model = kb.crisis.model
    assert model.weights.shape == (len(CATEGORIES), len(model.vocabulary) + PIECE_BUCKETS)
    assert model.weights.dtype == np.float32


# -- what it costs ------------------------------------------------------------------------------------


def test_input_is_capped_at_telegrams_message_limit(kb):
    filler = "как продлить патент " * 300
    assert len(filler) > MAX_INPUT_CHARS
    assert kb.crisis.detect(filler[: MAX_INPUT_CHARS - 40] + " я больше не хочу жить") == {"self-harm"}
    assert kb.crisis.detect(filler + " я больше не хочу жить") == set()


def test_a_long_message_costs_one_lookup_per_word_not_one_per_term(kb):
    detector: CrisisDetector = kb.crisis
    lexicon = detector.model.featurizer.lexicon
    before = detector.terms.comparisons + lexicon.comparisons
    assert detector.detect("1 " * 2048) == set()  # 4 KB of "1 1 1 ...": no term starts with "1"
    assert detector.terms.comparisons + lexicon.comparisons == before
    before = detector.terms.comparisons
    detector.detect_by_terms("не " * 2000)  # many terms start with "не": each is compared once per word
    starting_with_ne = sum(
        1 for line in (ROOT / "knowledge" / "crisis.yaml").read_text().split('"') if line.startswith("не ")
    )
    assert detector.terms.comparisons - before <= 2000 * starting_with_ne * 2
    assert detector.terms.comparisons - before < 2000 * len(detector.terms) / 10  # the old scan compared every term


def test_invisible_characters_do_not_hide_danger(kb):
    assert kb.crisis.detect("не хочу жи\u200bть") == {"self-harm"}
    assert kb.crisis.detect("o\u00adzimni o\u2060ldiraman") == {"self-harm"}


# -- what a person sees -------------------------------------------------------------------------------


def test_taking_rows_keeps_each_rows_columns():
    vocabulary = {"c:threat": 0, "w:hello": 1, "w:home": 2}
    rows = [
        Features(("c:threat",), ("w:hello",), np.asarray([5, 9], dtype=np.uint32)),
        Features((), (), np.zeros(0, dtype=np.uint32)),
        Features((), ("w:home", "w:hello"), np.asarray([7], dtype=np.uint32)),
    ]
    taken = SparseRows(rows, vocabulary).take(np.asarray([2, 0, 1]))
    alone = SparseRows([rows[2], rows[0], rows[1]], vocabulary)
    assert taken.pointers.tolist() == alone.pointers.tolist()
    assert taken.indices.tolist() == alone.indices.tolist()
    weights = np.arange(2 * alone.width, dtype=np.float32).reshape(2, alone.width)
    assert np.array_equal(taken.dot(weights), alone.dot(weights))


def test_talk_about_suicide_prevention_stays_quiet(kb):
    for text in [
        "в техникуме задали проект по профилактике суицида среди подростков, какие есть телефоны доверия",
        "talabalar uchun suitsidning oldini olish boʻyicha plakat chizyapmiz",
        "our class is making posters for suicide prevention week",
    ]:
        assert "self-harm" not in kb.crisis.detect(text), (text, kb.crisis.assess(text).scores)


def test_control_at_home_is_a_concept_in_every_language(kb):
    """Violence at home is often told as control: "he doesn't let me go out", "afraid to go home"."""
    featurizer = kb.crisis.model.featurizer
    for text in [
        "муж не выпускает из дома",
        "erim uydan chiqarmayapti",
        "шавҳарам маро аз хона намебарорад",
        "күйөөм үйдөн чыгарбайт",
        "he doesnt let me go out",
        "i am afraid to go home",
    ]:
        assert "control" in featurizer.concepts(fold_tokens(text)), text
    assert "control" not in featurizer.concepts(fold_tokens("не пускают в общежитие без пропуска после 23"))


def test_violence_has_a_larger_budget_than_trafficking():
    """Same scores, same messages: violence (the weakest recall) lets more through than trafficking."""

    def example(label: str, category: str) -> Example:
        return Example("x", "ru", "train", label, (category,), "self", (), Path("x"), 1)

    scores = np.concatenate([np.linspace(-5, 2, 1000), [1.99, 1.97, 1.95, 1.93, 1.91, 1.89]])
    thresholds = {}
    for category in ("violence", "trafficking"):
        train = [example("none", category)] * 1000 + [example("danger", category)] * 6
        thresholds[category] = choose_threshold(scores, train, [set()] * len(train), category)
    assert thresholds["violence"] < thresholds["trafficking"]
