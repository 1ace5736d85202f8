"""Segmentation with the domain dictionary, pinyin keys, and how queries are analysed."""

import pytest

from search.chinese import index_tokens, normalise, pinyin_keys, segment_query
from search.models import SearchTerm, SynonymGroup
from search.query import analyse_query


def test_domain_words_stay_whole_and_long_words_also_give_their_parts():
    tokens = index_tokens("申请城市最低生活保障和特困供养，办理流动党员活动证、居住证")
    for word in ("最低生活保障", "最低", "保障", "特困供养", "流动党员", "活动证", "居住证"):
        assert word in tokens, " ".join(tokens)
    assert "，" not in tokens and "、" not in tokens


def test_query_words_are_the_longest_dictionary_words():
    assert [word for word, _, _ in segment_query("办居住证")] == ["办", "居住证"]
    assert [word for word, _, _ in segment_query("养老补贴")] == ["养老补贴"]


def test_full_width_and_upper_case_are_normalised():
    assert normalise("ＤｉＢａｏ　低保") == "dibao 低保"


def test_pinyin_keys_are_toneless_full_pinyin_and_initials():
    assert pinyin_keys("低保") == ("dibao", "db")
    assert pinyin_keys("居住证") == ("juzhuzheng", "jzz")
    assert pinyin_keys("重庆")[0] == "chongqing"  # heteronym read in its phrase


@pytest.mark.django_db
def test_stop_words_and_lone_characters_are_dropped_from_queries():
    analysed = analyse_query("我想问一下低保怎么申请")
    assert [group.text for group in analysed.groups] == ["低保", "申请"]


@pytest.mark.django_db
def test_synonyms_expand_both_ways():
    SynonymGroup.objects.create(terms="困难户, 特困人员")
    alternatives = analyse_query("特困人员").groups[0].alternatives
    assert ("困难户",) in alternatives
    alternatives = analyse_query("困难户").groups[0].alternatives
    assert ("特困人员",) in alternatives


@pytest.mark.django_db
def test_latin_letters_read_as_pinyin_or_initials_of_known_words():
    SearchTerm.objects.create(word="地板", pinyin="diban", initials="db", frequency=50)
    words = analyse_query("db").highlight_words()
    assert "低保" in words  # a domain word comes before a merely common one
    assert ("地板",) in analyse_query("diban").groups[0].alternatives


@pytest.mark.django_db
def test_homophone_typos_become_the_known_word():
    SearchTerm.objects.create(word="居住证", pinyin="juzhuzheng", initials="jzz", frequency=3)
    groups = analyse_query("居住正").groups
    assert len(groups) == 1
    assert ("居住证",) in groups[0].alternatives


@pytest.mark.django_db
def test_a_correct_known_word_is_not_corrected():
    SearchTerm.objects.create(word="地板", pinyin="diban", initials="db", frequency=3)
    SearchTerm.objects.create(word="低保", pinyin="dibao", initials="db", frequency=3)
    assert ("地板",) not in analyse_query("低保").groups[0].alternatives
