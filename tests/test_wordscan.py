"""The C loops of src/unspin/_wordscan.c give exactly what the expressions and Python loops they replace
give, on byte views built from the bytes that decide each answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin import _wordscan
from unspin.normalize.glued import _glue_classes

_WORDS_IN_CLASSES = re.compile(rb"a+(?:ja+)*")
_REPEAT = re.compile(rb"[ \x01]([a-z'\x80]++) \1(?![a-z0-9_\x80])")
_NAMESPACE = re.compile(r"(?<!\w)([^\W\d_]\w*)\.(?=[a-z_])")


def _views(alphabet: bytes, max_size: int = 40) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(list(alphabet)), max_size=max_size).map(bytes)


@settings(max_examples=800, deadline=None)
@given(_views(b"aaj  ."))
@example(b"aja ajja aj ja a")
def test_count_words_counts_joined_runs(classes: bytes) -> None:
    assert _wordscan.count_words(classes) == len(_WORDS_IN_CLASSES.findall(classes))


@settings(max_examples=1500, deadline=None)
@given(_views(b"ab'\x80 1_ \x01", max_size=30))
@example(b"a a a a")
@example(b"\x01a a(a\x01a a")  # a word repeated across a line break, then across a space
@example(b"ab ab1 ab ab_ ab ab' b")
@example(b"a a")
@example(b" a a")
def test_repeats_are_the_expression_s_matches(folded: bytes) -> None:
    expected = [m.start() for m in _REPEAT.finditer(b" " + folded)]
    assert _wordscan.repeats(folded) == expected


# words longer than the eight bytes the run's end is looked for at a time, and every byte beside them
_LONG = [b"abab'ab\x80ab", b"abab'ab\x80abz", b"ab" * 9, b"a", b" ", b"\x01", b"1", b"_", b"\x7f", b"\xff", b"{", b"`"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_LONG), max_size=24).map(b"".join))
@example(b"abab'ab\x80ab abab'ab\x80ab abab'ab\x80abz")
def test_repeats_of_long_words_are_the_expression_s_matches(folded: bytes) -> None:
    assert _wordscan.repeats(folded) == [m.start() for m in _REPEAT.finditer(b" " + folded)]


def _glued_starts_reference(classes: bytes) -> list[int]:
    out = []
    for m in re.finditer(rb"P(?=c*o?(?:x|lP))", classes):
        start = m.start()
        while start and classes[start - 1] == ord("P"):
            start -= 1
        out.append(start)
    return out


@settings(max_examples=800, deadline=None)
@given(_views(b"Pxl co"))
@example(b"PPxPxPPPx x P")
@example(b"PlPxPl PlPlP lP")
@example(b"PccoxPcPoPcl PclPPooxPc")
def test_glued_starts_find_each_punctuation_run_before_a_word(classes: bytes) -> None:
    assert _wordscan.glued_starts(classes) == _glued_starts_reference(classes)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aÉ1²-’'. \n", max_size=30))
@example("U.S. x-a.B ’a.B 4.B ab.C é.D \U0001d400.E")
def test_past_initials_drops_the_places_after_a_word_of_one_letter(text: str) -> None:
    places = list(range(len(text) + 1))
    want = [at for at in places if not (len(word := _wordscan.word_before(text, at)[0]) == 1 and word.isalpha())]
    assert _wordscan.past_initials(text, places) == want


def test_past_initials_checks_its_places() -> None:
    with pytest.raises(IndexError, match="outside the text"):
        _wordscan.past_initials("a.B", [4])
    with pytest.raises(TypeError):
        _wordscan.past_initials("a.B", (1,))


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="ab1_.éÉ٣ xX\n-", max_size=40))
@example("os.path, a.b.c, 1x.y, _p.q, é.x, ٣a.b, x.É, x._y, .a")
@example("\U0001d400b.c x\U0001d7ce.d")
def test_namespaces_are_the_words_before_a_dot_and_a_lower_case_letter(text: str) -> None:
    assert _wordscan.namespaces(text) == set(_NAMESPACE.findall(text))
    # the same, with the dots looked for in the glued rule's class view
    assert _wordscan.namespaces(text, _glue_classes(text)) == set(_NAMESPACE.findall(text))


def test_namespaces_reads_every_string_width() -> None:
    # one-, two- and four-byte strings (CPython stores each kind differently)
    assert _wordscan.namespaces("os.path") == {"os"}
    assert _wordscan.namespaces("ős.path ḿ.x") == {"ős", "ḿ"}
    assert _wordscan.namespaces("\U0001d400b.c") == {"\U0001d400b"}


_RUN_LETTERS = b"lx"  # a view of letters: "l" or "x"; anything else " "


def _letter_view(text: str) -> bytes:
    return bytes(ord("l" if c.islower() else "x") if c.isalnum() and not c.isdecimal() else ord(" ")
                 for c in text)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="abé\U0001d400٣1_ -\n²", max_size=200),
       st.sets(st.text(alphabet="abé\U0001d400²", min_size=1, max_size=70), max_size=4))
@example("ab " + "a" * 70 + " b", {"a" * 70, "ab", "b"})  # a word of 64 characters or more
@example("²ab é\U0001d400", {"ab", "²ab", "é\U0001d400"})
@example(" " * 62 + "ab ba" + " " * 57 + "ab" + "b" * 130, {"ab", "ba", "a" * 3})  # runs across 64-position chunks
@example("x" * 63 + " ab", {"ab", "x" * 63})
@example("a" * 64 + " b " + "a" * 128, {"a" * 64, "b", "a" * 128})  # a chunk of 64 letters, from its start
def test_runs_among_are_the_words_that_are_whole_runs_of_letters(text: str, words: set[str]) -> None:
    runs = set(re.findall(r"[^\W\d_]+", text))
    assert _wordscan.runs_among(_letter_view(text), _RUN_LETTERS, text, words) == words & runs
    assert _wordscan.runs_among(_letter_view(text), _RUN_LETTERS, text, frozenset(words)) == words & runs


# texts of one and of two bytes a character (ASCII and Latin-1; "ĉ" makes two), long enough for whole
# 64-character chunks, which are read sixteen at a time; word sets of few words (compared in place) and
# of more than 16 (looked up in the set), with first letters few enough to be compared as vectors or not
_CHUNKED_WORDS = st.text(alphabet="abcdeéĉ", min_size=1, max_size=9)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["a", "ab", "abc", "ba", "cab", "é", "éa", "ĉa", "dd", "e", " ", "-", "1", "\n"]),
                min_size=20, max_size=120).map("".join),
       st.sets(_CHUNKED_WORDS, max_size=4) | st.sets(_CHUNKED_WORDS, min_size=17, max_size=30))
@example("x " * 40 + "ab " + "cab " * 20, {"ab", "cab", "b"})
@example(" " * 63 + "ab" + " " * 64 + "ab", {"ab"})  # a run across the chunks' boundary, one that starts on it
@example("ĉa " * 30 + "ab", {"ab", "ĉa", "ba"})  # a word whose first letter is not ASCII
@example("ab " * 30, {"a" * k + "b" for k in range(1, 20)} | {"ab"})  # more words than the in-place limit
@example("’" + " " * 11 + "ba" + " " * 60, {"ab", "ba"})  # a two-byte text: the second first letter, in the
# second eight characters of a sixteen-byte block
def test_runs_among_on_whole_chunks_of_narrow_texts(text: str, words: set[str]) -> None:
    runs = set(re.findall(r"[^\W\d_]+", text))
    assert _wordscan.runs_among(_letter_view(text), _RUN_LETTERS, text, words) == words & runs
    # first letters beyond the four compared sixteen at a time
    wider = words | {"b", "c", "d", "e"}
    assert _wordscan.runs_among(_letter_view(text), _RUN_LETTERS, text, wider) == wider & runs


def test_runs_among_with_many_letter_bytes() -> None:
    """A view whose letters are more bytes than the vector comparison takes is read through the table."""
    text = "ab cd fed " * 13 + " " * 70  # the words in whole chunks only
    view = bytes(ord(c) if c.isalpha() else 32 for c in text)  # each letter its own byte
    assert _wordscan.runs_among(view, b"abcdef", text, {"ab", "cd", "fed", "abc"}) == {"ab", "cd", "fed"}


def test_runs_among_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="a byte per character"):
        _wordscan.runs_among(b"ll", b"l", "abc", {"ab"})
    with pytest.raises(TypeError, match="set of words"):
        _wordscan.runs_among(b"ll", b"l", "ab", ["ab"])
    with pytest.raises(TypeError, match="must be a str"):
        _wordscan.runs_among(b"ll", b"l", "ab", {"ab", 1})
    assert _wordscan.runs_among(b"ll", b"l", "ab", set()) == set()


def test_argument_types_are_checked() -> None:
    with pytest.raises(TypeError):
        _wordscan.namespaces(b"os.path")
    with pytest.raises(ValueError):
        _wordscan.namespaces("os.path", b"P")  # a view of another length
    for f in (_wordscan.count_words, _wordscan.repeats, _wordscan.glued_starts):
        with pytest.raises(TypeError):
            f("not bytes")
        assert f(b"") in (0, [])
    assert _wordscan.count_words(memoryview(b"a a")) == 2  # any buffer


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=40), st.binary(min_size=128, max_size=128))
@example("Grüße, it’s  İ \udcff\U0001f600x", bytes(range(128)))
def test_view_maps_ascii_by_the_table_and_calls_back_for_runs_not_seen(text: str, table: bytes) -> None:
    calls = []

    def runs(run: str) -> bytes:
        calls.append(run)
        return bytes((ord(c) * 7) % 256 for c in run)

    expected = bytes(table[ord(c)] if ord(c) < 128 else (ord(c) * 7) % 256 for c in text)
    assert _wordscan.view(text, table, runs) == expected
    # runs() sees whole runs, in order, skipping those whose characters it has all mapped before
    # (always the first run, and every run with a new character)
    all_runs = re.findall(r"[^\x00-\x7f]+", text)
    rest = iter(all_runs)
    assert all(any(call == run for run in rest) for call in calls)
    seen: set[str] = set()
    for run in all_runs:
        if not set(run) <= seen:
            assert run in calls
        seen.update(run)


def test_view_asks_once_for_a_character_repeated_in_many_runs() -> None:
    calls = []

    def runs(run: str) -> bytes:
        calls.append(run)
        return b"\x80" * len(run)

    assert _wordscan.view("it’s the “best” – it’s ’’", bytes(range(128)), runs) == (
        b"it\x80s the \x80best\x80 \x80 it\x80s \x80\x80")
    assert calls == ["’", "“", "”", "–"]


def test_view_checks_what_it_is_given() -> None:
    with pytest.raises(ValueError, match="128 ASCII"):
        _wordscan.view("abc", b"short", bytes)
    with pytest.raises(ValueError, match="length"):
        _wordscan.view("aé", bytes(range(128)), lambda run: b"")
    with pytest.raises(ValueError, match="length"):
        _wordscan.view("aé", bytes(range(128)), lambda run: "x")
    with pytest.raises(ZeroDivisionError):
        _wordscan.view("aé", bytes(range(128)), lambda run: 1 / 0)
    with pytest.raises(TypeError):
        _wordscan.view(b"abc", bytes(range(128)), bytes)
    assert _wordscan.view("", bytes(range(128)), None) == b""


_IGNORECASE_LETTERS = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}  # simple mappings str.lower() lacks


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60))
@example("İstanbul ıI ſS \u212a ΣΑΣ Grüße \U00010400 \udcff")
@example("İ")  # a two-byte text whose copy is ASCII: it must come back as the narrower kind
@example("İÀ")  # ... or as latin-1
@example("ÀÉ")
def test_ignorecase_lower_lowers_each_character_to_one(text: str) -> None:
    lowered = _wordscan.ignorecase_lower(text)
    assert lowered == "".join(_IGNORECASE_LETTERS.get(c, c.lower()) for c in text)
    assert len(lowered) == len(text)


# mostly ASCII, as English text is: blocks of sixteen bytes with no other character are lowered at once;
# with "À" (below 256) the text has one byte a character, with "’" two, with "𝐀" four
_MOSTLY_ASCII = st.text(alphabet=st.sampled_from("AZaz@[`{ Q.-\nxM") | st.sampled_from("ÀÞß’İſ\u212a𝐀"), max_size=200)


@settings(max_examples=600, deadline=None)
@given(_MOSTLY_ASCII)
@example("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{" * 3 + "’")
@example("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{" * 3 + "À")
@example("ABCDEFGH" + "ÀÞ" * 4 + "ABCDEFGH’")  # a block of two-byte characters from 128 to 255
@example("ABCDEFGHÀÞABCDEFGHIJKLMNOP")  # a block of one-byte characters with two from 128 on
def test_ignorecase_lower_lowers_ascii_blocks_as_each_character(text: str) -> None:
    lowered = _wordscan.ignorecase_lower(text)
    assert lowered == "".join(_IGNORECASE_LETTERS.get(c, c.lower()) for c in text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="iIİısSſkK\u212aσΣς -", max_size=20),
       st.sampled_from(["is", "kiss", "sik", "s-k", "ks i"]))
def test_ignorecase_lower_finds_an_ascii_word_where_a_case_insensitive_expression_does(text: str,
                                                                                      word: str) -> None:
    """What a lower-case ASCII phrase found in the copy means: re.IGNORECASE would match it there."""
    expected = [m.start() for m in re.finditer(f"(?=({re.escape(word)}))", text, re.IGNORECASE)]
    lowered = _wordscan.ignorecase_lower(text)
    assert [m.start() for m in re.finditer(f"(?=({re.escape(word)}))", lowered)] == expected


def test_ignorecase_lower_takes_only_str() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        _wordscan.ignorecase_lower(b"ABC")
    assert _wordscan.ignorecase_lower("ABC") == "abc"


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab- \t\n\x1c\x85\xa0\u2003\u3000é\U00010400")) | st.characters(),
               max_size=40))
@example(" -a--b \u2003\u00a0c- ")
@example("a\u2003b")  # the copy is narrower than the text: ASCII from two-byte, ...
@example("é\u2003x")  # ... latin-1 from two-byte, ...
@example("a\xa0b")  # ... ASCII from latin-1
@example("\U00010400 \u2003")
@example("")
def test_collapse_separators_is_split_and_join(text: str) -> None:
    """One pass gives what the list of every word gives: runs of whitespace and hyphens become one
    space, none at the ends."""
    assert _wordscan.collapse_separators(text) == " ".join(text.replace("-", " ").split())


def test_collapse_separators_takes_only_str() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        _wordscan.collapse_separators(b"a b")


def _word_before_plainly(text: str, end: int) -> tuple[str, int]:
    """normalize.glued's walk as Python wrote it: back over letters and digits, then over each run
    joined by a single hyphen or apostrophe, within 64 characters; a final newline is stepped over."""
    lo = max(0, end - 64)
    stop = end - 1 if end > lo and text[end - 1] == "\n" else end
    i = stop
    while i > lo and text[i - 1].isalnum():
        i -= 1
    if i == stop:
        return "", end
    while i - 2 >= lo and text[i - 1] in "'’-" and text[i - 2].isalnum():
        i -= 1
        while i > lo and text[i - 1].isalnum():
            i -= 1
    return text[i:stop], i


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 -'’.\n_é²\u0663")) | st.characters(), max_size=90), st.data())
@example("the well-known.", None)
@example("x" * 70 + ".", None)
def test_word_before_is_the_plain_walk(text: str, data: st.DataObject | None) -> None:
    ends = range(len(text) + 1) if data is None else [data.draw(st.integers(0, len(text)))]
    for end in ends:
        assert _wordscan.word_before(text, end) == _word_before_plainly(text, end)


def test_word_before_checks_its_end() -> None:
    with pytest.raises(IndexError, match="outside"):
        _wordscan.word_before("abc", 4)
    with pytest.raises(IndexError, match="outside"):
        _wordscan.word_before("abc", -1)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([b" ", b"  ", b"a", b"bc", b"defghijk", b"\x80", b"\xa0", b"\x00"]), max_size=40)
       .map(b"".join))
@example(b" a  b   ")
@example(b"abcdefg  hijklmno ")
def test_squeeze_spaces_makes_each_run_one_space_and_none_at_the_ends(data: bytes) -> None:
    assert _wordscan.squeeze_spaces(data) == re.sub(rb" +", b" ", data).strip(b" ")


def test_glued_verdicts_checks_its_arguments() -> None:
    text, empty = "summit.Kishida", frozenset()
    classes = b" " * len(text)
    words = (empty, False, empty, empty, empty, empty)
    assert _wordscan.glued_verdicts(text, [6], classes, *words) == [(7, ("summit", "Kishida"))]
    with pytest.raises(IndexError, match="outside the text"):
        _wordscan.glued_verdicts(text, [15], classes, *words)
    with pytest.raises(ValueError, match="as long as the text"):
        _wordscan.glued_verdicts(text, [6], classes[1:], *words)
    with pytest.raises(TypeError, match="must be sets"):
        _wordscan.glued_verdicts(text, [6], classes, empty, False, empty, ["The"], empty, empty)
