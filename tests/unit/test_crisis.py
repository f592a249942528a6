"""Danger signs are recognised in every language and script, and ordinary questions are not alarms."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.base import require_knowledge
from knowledge.crisis import CATEGORIES, CrisisDetector, Frame, TermMatcher
from knowledge.folding import fold
from knowledge.model import CONTENT_LANGUAGES

CRISIS = yaml.safe_load((Path(__file__).resolve().parents[2] / "knowledge" / "crisis.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return require_knowledge().crisis


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_every_language_has_terms_and_examples_that_trigger(detector, category, lang):
    assert len(CRISIS[category]["terms"][lang]) >= 10
    examples = CRISIS[category]["examples"][lang]
    assert len(examples) >= 3
    for example in examples:
        assert category in detector.detect(example), example


def test_examples_typed_in_the_other_script_or_without_special_letters_still_trigger(detector):
    assert "self-harm" in detector.detect("ya bolshe ne hochu zhit")
    assert "trafficking" in detector.detect("хозяин забрал паспорт и не отпускает")
    assert "medical" in detector.detect("odam hushidan ketdi nafas olmayapti")


def test_negatives_never_trigger(detector):
    assert len(CRISIS["negatives"]) >= 40
    for negative in CRISIS["negatives"]:
        assert not detector.detect(negative), negative


def test_prefix_terms_match_endings_only_at_the_end():
    detector = CrisisDetector({"self-harm": {"ru": ["суицид*", "покончить с собой"]}})
    assert detector.detect("мысли о суициде") == {"self-harm"}
    assert detector.detect("хочу ПОКОНЧИТЬ С СОБОЙ") == {"self-harm"}
    assert not detector.detect("покончить с долгами")
    assert fold("суициде").startswith(fold("суицид"))


def test_a_long_past_event_leaves_the_decision_to_the_model():
    long_ago = Frame("long-ago", {"ru": ["года назад"]})
    detector = CrisisDetector(TermMatcher({"medical": {"ru": ["инсульт"]}}, frames=[long_ago]))
    assert detector.detect("у отца инсульт, лицо перекосило") == {"medical"}
    assert detector.detect("у отца был инсульт два года назад, где бесплатная реабилитация") == set()


def test_past_events_and_questions_about_them_stay_quiet(detector):
    for text in [
        "у мамы был инсульт два года назад, нужна реабилитация, где бесплатно",
        "onamda ikki yil oldin insult boʻlgan, bepul reabilitatsiya qayerda",
        "i was beaten on the street last year, the case was closed, can it be reopened",
        "апамда эки жыл мурун инсульт болгон, акысыз реабилитация кайда",
    ]:
        assert detector.detect(text) == set(), (text, detector.assess(text).scores)


def test_cutting_oneself_is_a_term_and_an_accidental_cut_is_not(detector):
    """Round 10: cutting one's arms was missed by the model in cross-validation, in every language.

    The accidental cuts are checked here rather than listed as `negatives` in crisis.yaml: those are
    training rows too, and hard look-alikes there move the model's thresholds.
    """
    for text in [
        "опять порезала себе руки, никто не знает",
        "у соседа по комнате свежие порезы на руках",
        "yana qoʻllarimni kesdim, hech kim bilmaydi",
        "яна қўлларимни кесдим",
        "боз дастҳоямро буридам, ҳеҷ кас намедонад",
        "кечээ кайра колдорумду кестим, эч ким билбейт",
        "cut my arms again last night, nobody knows",
        "my roommate has fresh cuts on both arms",
        "she cuts herself when she is stressed",
        "knife in my hand, i want to cut my veins",
    ]:
        assert "self-harm" in detector.detect_by_terms(text), text
    for text in [
        "порезал руки о стекло на стройке, нужна ли прививка от столбняка",
        "cut myself shaving this morning, it keeps bleeding a little",
        "my son cut himself on a can, do we need a tetanus shot",
        "I cut myself a piece of bread and the knife slipped",
        "she cut herself off from everyone after the divorce",
        "accidentally cut myself while cooking",
        "I cut my arm on a nail at work",
    ]:
        assert not detector.detect_by_terms(text), text


def test_a_squeezed_heart_is_sadness_unless_it_hurts(detector):
    """Uzbek "yuragim siqilyapti" (my heart is squeezed) says one is sad or homesick; as a term it
    raised medical on homesick messages. Chest pain told with it is still an emergency."""
    for text in ["yuragim siqilyapti", "уйдагиларни жуда соғиндим, юрагим сиқилади"]:
        assert "medical" not in detector.detect(text), text
    for text in [
        "yuragim siqilyapti nafas ololmayapman chap qolim ogriyapti",
        "отамнинг юраги сиқиб оғрияпти, терлаб кетди",
    ]:
        assert "medical" in detector.detect(text), text


def test_someone_else_wanting_to_die_is_a_term(detector):
    """Round 11: a brother or a friend who wants to die, and "how do I kill myself", missed in
    cross-validation on the train split; their look-alikes (a film's or a book's hero, a joke) stay quiet."""
    for text in [
        "dustam xudasha mekushad",
        "бародарам гуфт худашро мекушад",
        "чӣ хел худамро кушам ки дард накунад",
        "akam oʻzini osmoqchi",
        "досум өзүн өлтүргүсү келет",
        "карындашым өлгүсү келет дейт",
        "my sister said she will kill herself tonight",
        "he wants to die, he gave away his things",
        "как умереть без боли",
        "чи хел бе дард мурдан мумкин, чанд таблетка кифоя",
    ]:
        assert "self-harm" in detector.detect_by_terms(text), text
    for text in [
        "филм дидам дар бораи як бача ки худашро кушт",
        "китепте каарман өзүн өлтүрөт экен, эссе жазуу керек",
        "my friend jokes he'll hang himself if he loses at backgammon again",
        "patent olmoqchiman, qayerga boraman",
    ]:
        assert "self-harm" not in detector.detect_by_terms(text), text


def test_wanting_to_buy_is_not_wanting_to_die_in_uzbek(detector):
    # "oʻlgim keladi" (I want to die) and "olgim keladi" (I want to buy) fold alike.
    assert "self-harm" in detector.detect_by_terms("oʻlgim keladi, boshqa chidolmayman")
    bought = ["yangi telefon olgim keladi", "uyga sovgʻa olgim kelyapti", "дам олгим келяпти", "telefonni olgim keladi"]
    for text in bought:
        assert "self-harm" not in detector.detect_by_terms(text), text


def test_violence_told_plainly_is_a_term_and_its_look_alikes_are_not(detector):
    """Round 11: choking, an iron, the stairs, someone beaten now, missed in cross-validation on the train split."""
    for text in [
        "в общаге сейчас парня избивают, он душил его до этого",
        "он толкнул меня с лестницы, живот болит",
        "erim dazmol bilan kuydirdi",
        "u meni zinadan itarib yubordi",
        "шавҳарам бо дарзмол маро сӯзонд",
        "туро ёфта мекушем навиштанд",
        "курулушта бир киши шеригимди муунтту",
        "жатаканада бир жигитти азыр уруп жатышат",
        "someone is being beaten in our dorm right now",
        "got a message: we will find you and kill you",
        "отчимаш бачаро ҳар рӯз бо камар мезанад",
        "erim bolalarni kamar bilan uradi",
        "өгөй атасы баланы кур менен сабайт",
    ]:
        assert "violence" in detector.detect_by_terms(text), text
    for text in [
        "куртаамро бо дарзмол дарзмол кардам, сӯхт",
        "мектептин стадионунда топ тепкилеп жатабыз",
        "на курбан-байрам сосед зарежет барана, можно во дворе?",
        "bayramga qoʻy soʻyamiz, qassob kerak",
        "bro if you eat my plov again i kill you haha",
        "my wife beat me at backgammon again",
        "шавҳарам ҳар рӯз занг мезанад аз Москва",
    ]:
        assert "violence" not in detector.detect_by_terms(text), text


def test_round_12_terms_and_the_everyday_words_they_must_leave_alone(detector):
    """Round 12: explicit words missed in cross-validation on the train split; their look-alikes stay quiet."""
    self_harm = [
        "long smena, no money, better to be dead honestly",
        "i cant sleep, i want sleep and never wake",
        "мен үчүн өлгөнүм жакшы, карыз бүтпөйт",
        "оорутпай өлүүнүн жолу барбы",
        "ойгонбой калыш үчүн канча дары ичиш керек",
        "ман мехоҳам хоб равам ва дигар нахезам",
        "qarz tugamaydi, poyezd tagiga tashlanmoqchiman",
        "кредиты, долги, выход один в петлю",
        "ака ман худама куштан мехоҳам, ёрдам кунед",
        "кош таваллуд намешудам, ҳама чиз бад",
        "лучше бы я не родился вообще",
        "i wish i was never born, nothing works",
    ]
    for text in self_harm:
        assert "self-harm" in detector.detect_by_terms(text), text
    for text in [
        "эртең ойгонбой калышым мүмкүн, будильник коюп кой",  # oversleeping
        "telefonni arzon olganim yaxshi boʻldi",  # "olganim" (I bought) folds like "oʻlganim" (I died)
        "i will end it here, thanks for the answer",
        "i wont be around tomorrow, i am on night shift",
        "can i take them all at once, the vitamins?",
        # a native speaker's review of the round's terms: the everyday uses each must leave alone
        "хоть в петлю лезь, цены опять выросли",
        "смотрели фильм, парень попал в петлю времени",
        "my son never wake up for school without 3 alarm",
        "no point in living in Moscow, rent too expensive",
        "ба бачаи 5-сола аз таб чанд таблетка кифоя? парацетамол 500",
        "дар Маскав кор мекунем барои ки зинда монем",
        "bobom kecha abadiy uxlab qoldi, janozaga ulgurmayman",
        "brigadir aytdi brigadada ortiqcha odamman ekan",
        "xotinim obshejitiyada yashagisi kelmayapti, arzon kvartira bormi",
        "мышыгыбыз катуу ооруйт, ветеринар оорутпай өлтүрүп коёбуз дейт",
        "траншея казып жатып теректин тамырын кесип салдык",
    ]:
        assert "self-harm" not in detector.detect_by_terms(text), text
    violence = [
        "он опять таскал меня за волосы по коридору",
        "he dragged her by her hair to the car",
        "boshliq meni yechintirmoqchi boʻldi",
        "ал мени чачымдан сүйрөп чыкты",
        "прораб айтты: даттанасаң өлүгүңдү эч ким таппайт",
        "бригадир мегӯяд агар ба полис равӣ ҷасадатро ҳеҷ кас намеёбад",
    ]
    for text in violence:
        assert "violence" in detector.detect_by_terms(text), text
    for text in [
        "работаю с арматурой на стройке, перчатки порвались",
        "фильмде күйөөсү аны чачынан тартып кетти",  # a film scene, no drag
        "sochimni qisqa qildirdim, sartarosh yaxshi",
        "сколько сейчас платят за волосы? хочу продать, 50 см",
        "сыну 3 года, когда злится кидается вещами",
        "i miss last bus by the hair, again walking",
        "slept wrong, cant hold my neck straight",
        "kabelni transheyaga solib ertaga koʻmib yuboramiz",
        "бобоямро пагоҳ баъд аз пешин гӯр мекунем",
        "qizim sochimdan tortaverib hammasini yulib tashladi",
        "балам 2 жашта, колуна эмне тийсе дубалга ыргытат",
        "ukolni hamshira har kuni uradi, 10 kun",
        "уколро ҳамшира ҳар рӯз мезанад",
    ]:
        assert "violence" not in detector.detect_by_terms(text), text


def test_a_joke_leaves_the_decision_to_the_model_unless_it_says_it_is_not_one(detector):
    for text in [
        "не сдам экзамен на патент, повешусь хаха шучу конечно",
        "so hot in the vagon, want to die lol",
        "futbolda yutqazsak oʻzimni oʻldiraman, hazil",
    ]:
        assert detector.detect_by_terms(text) == set(), text
    for text in [
        "я не шучу, не хочу жить",  # "not joking"
        "i want to die, this is not a joke",
        "он душил меня, потом сказал что пошутил",  # the abuser's "only joking" afterwards
        "гарданамро фишор дод, баъд гуфт шӯхӣ кардам",
        "не хочу жить, схожу в мечеть в последний раз",  # "схожу" (I'll go) folds like "шучу"
    ]:
        assert detector.detect_by_terms(text), text


def test_a_film_a_song_or_the_news_leaves_the_decision_to_the_model_unless_it_is_the_writers_own(detector):
    for text in [
        "туркча сериалда эри хотинини калтаклади, йиғлаб кўрдик",
        "news say a man was stabbed in the metro, scary",
        "песня «не хочу жить без тебя», кто поёт?",
        "кинодо бирөө бычак менен коркутту, уктай албадым",
        "дар хабарҳо хондам ки дар Қазон як коргар худкушӣ кардааст, афсӯс",
    ]:
        assert detector.detect_by_terms(text) == set(), text
    for text in [
        "посмотрел фильм, я тоже не хочу жить",  # the story is the writer's own
        "after the movie i want to kill myself too, me too",
        "прораб сказал в волгу кину, если расскажешь, и избил",  # "кину" (I will throw) folds like "кино"
    ]:
        assert detector.detect_by_terms(text), text
