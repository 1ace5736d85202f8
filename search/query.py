"""From what a resident typed to what the backends look for.

A query becomes groups of alternatives. Every group must match (or, when that finds nothing, any
group may: see search/api.py); a group matches when any of its alternatives does, and an
alternative is a set of tokens that must all be in the document:

    低保怎么申请   ->  (低保 | 最低生活保障 | 最低&生活&保障)  AND  (申请)
    dibao          ->  (dibao | 低保 | 最低生活保障 | ...)
    低宝 (typo)    ->  (低宝 | 低保 | 最低生活保障 | ...)

Where alternatives come from:
- synonyms staff keep in the admin (`SynonymGroup`), both ways;
- the index's own vocabulary with its pinyin (`SearchTerm`): a Latin-letter word is read as full
  pinyin or initials (dibao, db -> 低保), and a Chinese word the index does not know is read as a
  homophone typo of one it does (低宝, 居住正 -> 低保, 居住证: pinyin input methods make exactly
  these mistakes);
- jieba's sub-words, so a document indexed before a long word joined the dictionary still matches.

Words that carry no subject (怎么, 如何, 我要) and lone characters next to real words are dropped.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from search.chinese import (
    add_words,
    domain_words,
    is_han,
    is_latin,
    is_query_stopword,
    normalise,
    pinyin_keys,
    segment_query,
    sub_words,
)

MAX_INITIALS_MATCHES = 4  # "db" could be 低保, 地板, 大病...: keep the most common words
MAX_PINYIN_MATCHES = 6
TYPO_WINDOW = (2, 4)
MAX_SUB_WORD_SYNONYMS = 3  # a homophone typo spans two to four characters


@dataclass
class QueryGroup:
    text: str  # what the resident typed for this group
    alternatives: list[tuple[str, ...]] = field(default_factory=list)

    def add(self, tokens):
        tokens = tuple(token for token in tokens if token)
        if tokens and tokens not in self.alternatives:
            self.alternatives.append(tokens)

    def add_word(self, word):
        """The word itself, and its sub-words all together."""
        self.add((word,))
        parts = sub_words(word)
        if len(parts) > 1:
            self.add(tuple(dict.fromkeys(parts)))


@dataclass
class AnalysedQuery:
    text: str
    groups: list[QueryGroup]

    @property
    def is_empty(self):
        return not self.groups

    def highlight_words(self):
        """Every whole word an alternative looks for (for <mark>), longest first."""
        words = {token for group in self.groups for alternative in group.alternatives for token in alternative}
        return sorted(words, key=lambda word: (-len(word), word))


def synonym_table():
    """{word: [its synonyms]} from the admin's synonym groups (one query)."""
    from search.models import SynonymGroup, parse_synonym_words

    table = {}
    all_words = []
    for terms in SynonymGroup.objects.values_list("terms", flat=True):
        words = parse_synonym_words(terms)
        all_words.extend(words)
        for word in words:
            table.setdefault(word, [])
            table[word].extend(other for other in words if other != word and other not in table[word])
    add_words(word for word in all_words if is_han(word))
    return table


def _append_once(words, word):
    if word not in words:
        words.append(word)


def han_windows(text):
    """Substrings of the Han runs of `text` that may be a mistyped word, with their spans."""
    windows = []
    start = None
    for position, char in enumerate(text + " "):
        if is_han(char):
            start = position if start is None else start
            continue
        if start is not None:
            run_end = position
            for length in range(TYPO_WINDOW[0], TYPO_WINDOW[1] + 1):
                for begin in range(start, run_end - length + 1):
                    windows.append((text[begin : begin + length], begin, begin + length))
            start = None
    return windows


def analyse_query(text):
    """Split, clean and expand a query (two queries: synonyms and vocabulary)."""
    from search.models import SearchTerm

    synonyms = synonym_table()
    text = normalise(text).strip()
    words = [(word, start, end) for word, start, end in segment_query(text) if word.strip()]
    if not words:
        return AnalysedQuery(text=text, groups=[])

    han_words = {word for word, _, _ in words if is_han(word)}
    latin_words = [word for word, _, _ in words if is_latin(word) and len(word) >= 2]
    joined_latin = "".join(word for word, _, _ in words if is_latin(word))
    latin_keys = set(latin_words) | ({joined_latin} if len(joined_latin) >= 2 else set())
    windows = han_windows(text)
    window_pinyin = {window: pinyin_keys(window)[0] for window, _, _ in windows}

    vocabulary = list(
        SearchTerm.objects.filter(
            Q(word__in=han_words | set(window_pinyin))
            | Q(pinyin__in=set(window_pinyin.values()) | latin_keys)
            | Q(initials__in=latin_keys)
        ).values_list("word", "pinyin", "initials", "frequency")
    )
    known = {word for word, _, _, _ in vocabulary}
    by_pinyin, by_initials = {}, {}
    # Domain and synonym words first (低保 before 地板 for "db"), then the index's words by frequency.
    for word in [*domain_words(), *(word for word in synonyms if is_han(word))]:
        full, initials = pinyin_keys(word)
        if full in latin_keys or initials in latin_keys or full in window_pinyin.values():
            _append_once(by_pinyin.setdefault(full, []), word)
            _append_once(by_initials.setdefault(initials, []), word)
    for word, full, initials, _frequency in sorted(vocabulary, key=lambda row: -row[3]):
        _append_once(by_pinyin.setdefault(full, []), word)
        _append_once(by_initials.setdefault(initials, []), word)

    def expand(group, word):
        group.add_word(word)
        for synonym in synonyms.get(word, []):
            group.add_word(synonym)
        # A synonym inside a longer word: 城市低保 -> 城市最低生活保障, 暖气费 -> 供暖费.
        for part in sub_words(word)[:MAX_SUB_WORD_SYNONYMS]:
            for synonym in synonyms.get(part, [])[:MAX_SUB_WORD_SYNONYMS]:
                group.add_word(word.replace(part, synonym))

    # Homophone typos: a window the index does not know whose pinyin is a word it does know.
    corrections = []
    starts = {start for _, start, _ in words}
    ends = {end for _, _, end in words}
    for window, start, end in sorted(windows, key=lambda item: -(item[2] - item[1])):
        if window in known or window in synonyms or start not in starts or end not in ends:
            continue
        candidates = [word for word in by_pinyin.get(window_pinyin[window], []) if word != window]
        covered = [w for w, s, e in words if s >= start and e <= end]
        all_known = all((w in known or w in synonyms) and len(w) > 1 for w in covered)
        if candidates and not all_known and not any(s <= start and end <= e for _, s, e, _ in corrections):
            corrections.append((window, start, end, candidates))

    groups = []
    substantial = [w for w, _, _ in words if not is_query_stopword(w) and (len(w) > 1 or not is_han(w))]
    for word, start, end in words:
        if is_query_stopword(word) and substantial:
            continue
        if is_han(word) and len(word) == 1 and substantial:
            if not any(s <= start and end <= e for _, s, e, _ in corrections):
                continue
        correction = next((c for c in corrections if c[1] <= start and end <= c[2]), None)
        if correction is not None:
            window, c_start, c_end, candidates = correction
            if start != c_start:
                continue  # one group per corrected window, made at its first word
            group = QueryGroup(text=window)
            expand(group, window)
            for candidate in candidates[:MAX_PINYIN_MATCHES]:
                expand(group, candidate)
            groups.append(group)
            continue
        group = QueryGroup(text=word)
        expand(group, word)
        if is_latin(word):
            for candidate in by_pinyin.get(word, [])[:MAX_PINYIN_MATCHES]:
                expand(group, candidate)
            if len(word) >= 2:
                for candidate in by_initials.get(word, [])[:MAX_INITIALS_MATCHES]:
                    expand(group, candidate)
        groups.append(group)

    # "yang lao" typed with a space: the whole Latin run may be one word's pinyin.
    if len(latin_words) > 1 and joined_latin in by_pinyin:
        groups = [group for group in groups if not is_latin(group.text)]
        group = QueryGroup(text=joined_latin)
        for candidate in by_pinyin[joined_latin][:MAX_PINYIN_MATCHES]:
            expand(group, candidate)
        groups.append(group)
    return AnalysedQuery(text=text, groups=groups)
