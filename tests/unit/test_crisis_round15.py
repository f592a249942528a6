"""Round 15's term changes: laughing faces read as "haha", and the look-alikes the terms flagged on the train split."""

from __future__ import annotations

import pytest

from knowledge.base import require_knowledge
from knowledge.crisis import CrisisDetector
from knowledge.danger import message_tokens


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return require_knowledge().crisis


def test_laughing_faces_are_read_as_haha_and_other_emoji_are_dropped():
    assert message_tokens("аз ин смена худамро мекушам 😂😂") == message_tokens("аз ин смена худамро мекушам хаха хаха")
    assert message_tokens("хочу умереть 😭") == message_tokens("хочу умереть")


def test_a_laughing_face_leaves_a_term_to_the_model_unless_the_message_says_it_is_no_joke(detector):
    for text in ["аз ин смена худамро мекушам 😂 12 соат, ҳозир хоб", "дем ала албай калдым 🤣 лифт иштебейт"]:
        assert detector.detect_by_terms(text) == set(), text
    for text in ["хочу умереть 😅 я не шучу", "i want to die 😂 not joking", "хочу умереть 😭"]:
        assert "self-harm" in detector.detect_by_terms(text), text


def test_a_known_illness_or_a_small_shock_is_not_a_term_and_a_seizure_or_shock_now_still_is(detector):
    for text in [
        "qo'shnimning bolasida tutqanoq kasali bor, dori ichadi",
        "хонадошимда эпилепсия бор, 2 йилдан бери тутқаноқ тутмаган",
        "розеткани тузатаётиб озгина ток урди, бўлди холос",
        "розеткадан бир аз ток урду, эч нерсе болгон жок",
        "розетка каме барқ зад, ҳеҷ гап не",
        "немного ударило током от розетки, уже всё нормально",
    ]:
        assert detector.detect_by_terms(text) == set(), text
    for text in [
        "ukamni tutqanoq tutyapti",
        "akamni tok urdi, qimirlamayapti",
        "ток урду, эсин жоготту",
        "барқ зад, беҳуш аст",
    ]:
        assert "medical" in detector.detect_by_terms(text), text


def test_a_parents_evening_curfew_is_not_confinement_but_being_kept_in_is(detector):
    assert detector.detect_by_terms("апам кечинде сыртка чыгарбайт, 25 жаштамын") == set()
    assert "trafficking" in detector.detect_by_terms("кожоюн бизди сыртка чыгарбайт, паспортторду алып койду")


def test_venting_that_one_cannot_go_on_like_this_is_left_to_the_model(detector):
    venting = "i cant go on like this with the landlord raising rent, where do i complain"
    assert detector.detect_by_terms(venting) == set()
    assert "self-harm" in detector.detect_by_terms("i cant go on anymore, i want to end it")


def test_something_that_passed_and_left_the_person_fine_is_left_to_the_model(detector):
    for text in [
        "кузен в теплице от жары в обморок упал, воды попил, уже всё нормально",
        "кошунанын кызы аптапта эси ооп калды, суу бердик, азыр жакшы",
        "ҳамкорам дар гармо беҳуш шуд, об додем, ҳоло хуб",
        "my friend passed out from the heat, gave him water, he is fine now",
        "падарам пирор сол инсулт шуд, ҳоло гапаш равшан",
    ]:
        assert detector.detect_by_terms(text) == set(), text
    for text in [
        "ҳамкорам беҳуш шуд, ҳоло хуб нест, нафас намегирад",
        "он потерял сознание, сейчас не в порядке, не отвечает",
        "he passed out, he is not ok, not breathing",
    ]:
        assert "medical" in detector.detect_by_terms(text), text


def test_any_spelling_of_laughter_is_a_joke(detector):
    for text in [
        "otchyot tugamasa o'zimni o'ldiraman hahah",
        "want to die ha ha this heat",
        "хочу умереть ахахах жара",
    ]:
        assert detector.detect_by_terms(text) == set(), text
