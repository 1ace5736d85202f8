"""Chinese text analysis shared by indexing and querying: jieba segmentation with our domain
dictionary, normalisation, and pinyin keys (pypinyin) for typing on a Latin keyboard.

`index_tokens(text)` is the reusable entry point: it turns any Chinese (or mixed) text into the
tokens an index should hold. The data centre may reuse it for resident name/address search.
"""

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin

DOMAIN_DICTIONARY = Path(__file__).with_name("domain_dictionary.txt")

# A token worth indexing: letters, digits or CJK characters (punctuation and spaces are dropped).
WORD = re.compile(r"\w+")
HAN = re.compile(r"^[\u3400-\u9fff]+$")
ASCII_LETTERS = re.compile(r"^[a-z]+$")

# Words a resident types around the subject that say nothing about which page they want:
# "低保怎么申请" is about 低保 and 申请, not 怎么.
QUERY_STOPWORDS = frozenset(
    "的 了 吗 呢 啊 吧 我 我要 我想 想 要 请问 请 怎么 怎么办 怎样 如何 哪里 在哪 在哪里 哪儿 什么 哪些 "
    "需要 可以 能 能不能 去 到 和 与 及 或 是 有 在 给 找 查 查询 问 一下".split()
)

_tokenizer = None
_tokenizer_lock = threading.Lock()


def tokenizer():
    """One jieba tokenizer for the process, with the domain dictionary loaded (about a second, once)."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                built = jieba.Tokenizer()
                built.initialize()
                built.load_userdict(str(DOMAIN_DICTIONARY))
                _tokenizer = built
    return _tokenizer


def add_words(words):
    """Teach the tokenizer words it must keep whole (synonyms staff add in the admin)."""
    engine = tokenizer()
    for word in words:
        if word and word not in engine.FREQ:
            engine.add_word(word)
            segment_query.cache_clear()


def normalise(text):
    """Full-width to half-width (NFKC) and lower case, so ＤＩＢＡＯ, Dibao and dibao are one thing."""
    return unicodedata.normalize("NFKC", text or "").lower()


def is_han(word):
    return bool(HAN.match(word))


def is_latin(word):
    return bool(ASCII_LETTERS.match(word))


def index_tokens(text):
    """Tokens to index for `text`: each word in precise mode preceded by the dictionary words inside
    it (最低生活保障 -> 最低, 生活, 保障, 最低生活保障), so a query for any of them matches.

    Like jieba's search mode, but it looks for inner words of every length, not only two and three
    characters: 流动党员活动证 still yields 流动党员 once staff make it a synonym (a whole word).
    """
    tokens = []
    for word in tokenizer().cut(normalise(text)):
        if WORD.fullmatch(word):
            tokens.extend(inner_words(word))
            tokens.append(word)
    return tokens


def inner_words(word):
    """Dictionary words strictly inside a Han word, shorter ones first."""
    if len(word) <= 2 or not is_han(word):
        return []
    frequencies = tokenizer().FREQ
    return [
        word[start : start + length]
        for length in range(2, len(word))
        for start in range(len(word) - length + 1)
        if frequencies.get(word[start : start + length])
    ]


@lru_cache(maxsize=4096)
def segment_query(text):
    """The words of a query in precise mode (the longest dictionary words), with their spans.

    Returns a tuple of (word, start, end) in the normalised text; punctuation is dropped.
    """
    text = normalise(text)
    return tuple(
        (word, start, end) for word, start, end in tokenizer().tokenize(text, mode="default") if WORD.fullmatch(word)
    )


def sub_words(word):
    """The dictionary words inside `word` (empty for short or unknown words)."""
    return inner_words(normalise(word))


@lru_cache(maxsize=65536)
def pinyin_keys(word):
    """(full pinyin, initials) without tones or separators: 低保 -> ("dibao", "db").

    Heteronyms take pypinyin's phrase-aware reading (重庆 -> chongqing). Non-Han characters are kept.
    """
    full = "".join(lazy_pinyin(word, errors=lambda chars: list(chars))).lower()
    initials = "".join(
        syllable[0] for syllable in lazy_pinyin(word, style=Style.FIRST_LETTER, errors=lambda c: list(c)) if syllable
    ).lower()
    return full, initials


@lru_cache(maxsize=1)
def domain_words():
    """The words of our domain dictionary (低保, 特困供养, 活动证 ...), in file order."""
    with DOMAIN_DICTIONARY.open(encoding="utf-8") as handle:
        return tuple(line.split()[0] for line in handle if line.strip() and not line.startswith("#"))


def is_query_stopword(word):
    return word in QUERY_STOPWORDS
