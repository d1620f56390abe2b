"""Normalization: case files per step, tricky cases with offsets, the seed sample, and properties."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import glued_reference
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unspin import _wordscan
from unspin.edits import flat_spans
from unspin.model import Edit
from unspin.normalize import (
    _changed_lines,
    apply,
    find_boundaries,
    find_doubled,
    find_glued,
    find_mojibake,
    find_spintax,
    normalize,
    normalize_edits,
)
from unspin.normalize._edit import conflicts, select

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
OPTIONAL = CASES / "normalize-opt"
SEED = ROOT / "samples" / "seed" / "spun.txt"
DEFAULT_STEPS = ("spintax", "glued", "mojibake", "doubled")
OPTIONAL_STEPS = ("nfc", "whitespace", "paragraphs")


def _unescape(cell: str) -> str:
    return cell.replace("\\n", "\n").replace("\\t", "\t")


def _load(path: Path) -> list[tuple[str, str, int]]:
    """(input, expected, line number) rows of a case file; "=" means unchanged."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == 2, f"{path.name}:{n}: expected 2 tab-separated cells, got {len(cells)}"
        text = _unescape(cells[0])
        rows.append((text, text if cells[1] == "=" else _unescape(cells[1]), n))
    return rows


def _case_files() -> list[tuple[Path, dict[str, bool]]]:
    files = [(CASES / f"normalize-{step}.tsv", {}) for step in DEFAULT_STEPS]
    files += [(OPTIONAL / f"{step}.tsv", {step: True}) for step in OPTIONAL_STEPS]
    return files


def _params() -> list:
    out = []
    for path, options in _case_files():
        for text, expected, n in _load(path):
            out.append(pytest.param(text, expected, options, id=f"{path.stem}:{n}"))
    return out


@pytest.mark.parametrize(("path", "options"), _case_files(), ids=lambda v: getattr(v, "stem", ""))
def test_every_step_has_ten_fixes_and_ten_untouched(path: Path, options: dict[str, bool]) -> None:
    rows = _load(path)
    fixes = sum(1 for text, expected, _ in rows if text != expected)
    untouched = sum(1 for text, expected, _ in rows if text == expected)
    assert fixes >= 10 and untouched >= 10, (path.name, fixes, untouched)


@pytest.mark.parametrize(("text", "expected", "options"), _params())
def test_case_file(text: str, expected: str, options: dict[str, bool]) -> None:
    edits = normalize_edits(text, **options)
    assert apply(text, edits) == expected
    _assert_well_formed(text, edits)


def _assert_well_formed(text: str, edits: list[Edit]) -> None:
    assert edits == sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in zip(edits, edits[1:], strict=False):
        assert not conflicts(a, b), (a, b)
        assert a.end <= b.start
    for e in edits:
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.original
        assert e.original != e.replacement
        assert e.kind == "normalize" and e.lexicon == "normalize"
        assert re.fullmatch(r"normalize:(spintax|glued|mojibake|doubled|nfc|whitespace|paragraphs)", e.rule)
        assert 0.7 <= e.confidence <= 1.0 and e.reason


# --- tricky cases, with the exact edits ---------------------------------------------------------


def _spans(edits: list[Edit]) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.original, e.replacement) for e in edits]


def test_stray_braces_are_two_tight_deletions() -> None:
    text = "announce {that a} Jap astronaut"
    assert _spans(find_spintax(text)) == [(9, 10, "{", ""), (16, 17, "}", "")]


def test_spintax_keeps_the_first_alternative_and_deletes_the_rest() -> None:
    text = "a {big|large|huge} deal"
    assert _spans(find_spintax(text)) == [(2, 3, "{", ""), (6, 18, "|large|huge}", "")]


@pytest.mark.parametrize("text", [
    '{"key": 1}', r"\frac{a}{b}", "${HOME}", 'f"{x}"', "{{template}}", "{{a|b}}", "{x | x > 0}",
    "{name}", "{x for x in items}", "a{b c}", "{a b}}", "{a\nb}",
])
def test_code_like_braces_are_not_spintax(text: str) -> None:
    assert find_spintax(text) == []


def test_glued_space_goes_after_a_closing_quote_and_before_an_opening_one() -> None:
    text = "the Indo-Pacific.”The gains. In Hawaii.“Lately, it"
    assert [(e.start, e.replacement) for e in find_glued(text)] == [
        (text.index("The"), " "), (text.index("“Lately"), " ")]


@pytest.mark.parametrize("text", [
    "U.S.They", "N.C.The", "e.g.This", "i.e.That", "Adm.Samuel", "Dr.Who", "a.m.The", "$14.9", "3.5%",
    "10.30", "v1.2.3", "https://x.y/Z", "www.Example.com", "john.Smith@x.org", "Amazon.Com",
    "example.Com", "README.Md", "setup.Py", "obj.Method()", "os.Path", "J.R.R. Tolkien", "J.Tolkien",
    "wait...Then", "wait…Then", "pd.DataFrame", "logging.DEBUG", "section 4.B", "`obj.Value` x",
])
def test_glued_rule_leaves_non_boundaries(text: str) -> None:
    assert find_boundaries(text) == []


def test_mojibake_edits_cover_only_the_damage() -> None:
    text = "Bidenâ€™s café and the cafÃ©"
    bad = text.index("Ã©")
    assert _spans(find_mojibake(text)) == [(5, 8, "â€™", "’"), (bad, bad + 2, "Ã©", "é")]


# ASCII, ftfy's "common" characters (which never make a line bad on their own), and a sample of the
# characters its badness heuristic does look at, so that random lines are sometimes bad
_MOJIBAKE_ALPHABET = (
    "ab Z.,!?'\"\t\r\n\xa0\xad·´–—―…’ØÙÃÂâ€™©®°²³×œŒ“”€£¢¡¿«»§¶µàéñüÀÉ√≈‚вЂВГРСβΒā¨¤\x85\x9d"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=24))
def test_mojibake_windows_agree_with_ftfy_on_whole_lines(line: str) -> None:
    # the step runs ftfy's expression only around trigger characters: same verdict as on the line
    from ftfy.badness import is_bad

    from unspin.normalize.mojibake import _is_bad

    assert _is_bad(line) == is_bad(line)


def _badness_alphabet() -> str:
    """Every character ftfy's badness expression names, with ASCII letters, a digit and a space."""
    from re import _parser

    from ftfy.badness import BADNESS_RE

    return "".join(sorted(set(BADNESS_RE.pattern) - set(_parser.SPECIAL_CHARS) - set("\n#") | set("aZ1 ")))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_badness_alphabet(), min_size=2, max_size=4))
@example("a “é”")  # curly quotes are not triggers: the accented letter next to them is
def test_short_runs_of_the_expression_s_own_characters_get_ftfy_s_verdict(line: str) -> None:
    from ftfy.badness import is_bad

    from unspin.normalize.mojibake import _is_bad

    assert _is_bad(line) == is_bad(line)


def test_mojibake_is_found_on_every_line_and_only_there() -> None:
    lines = ["plain ASCII", "it’s clean – really…", "Bidenâ€™s visit", "a “quoted” café", "cafÃ© one"]
    text = "\n".join(lines * 3)
    found = [(e.original, text.count("\n", 0, e.start)) for e in find_mojibake(text)]
    assert found == [("â€™", 2), ("Ã©", 4), ("â€™", 7), ("Ã©", 9), ("â€™", 12), ("Ã©", 14)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_MOJIBAKE_ALPHABET.replace("\n", ""), max_size=16), max_size=5))
def test_mojibake_repairs_each_bad_line_as_ftfy_would(lines: list[str]) -> None:
    # the step looks only at lines holding a trigger character: the same repairs as asking ftfy of every line
    import ftfy
    from ftfy.badness import is_bad

    text = "\n".join(lines)
    expected = "\n".join(ftfy.fix_encoding(line) if is_bad(line) else line for line in lines)
    assert normalize(text, spintax=False, glued=False, doubled=False) == expected


def test_doubled_word_keeps_the_first_copy() -> None:
    assert _spans(find_doubled("The the end")) == [(3, 7, " the", "")]


def test_paragraphs_replace_the_glued_spaces() -> None:
    text = " ".join(["A sentence that is long enough to matter here."] * 8)
    text = text + "Then one.And two.But three."
    rules = {e.rule for e in normalize_edits(text, paragraphs=True)}
    assert rules == {"normalize:paragraphs"}
    assert normalize(text, paragraphs=True).count("\n") == 3


def test_steps_can_be_switched_off() -> None:
    text = "cafÃ© {big|large} news.It is the the best"
    assert normalize(text, mojibake=False, spintax=False, glued=False, doubled=False) == text
    assert normalize(text, glued=False) == "café big news.It is the best"


def test_earlier_steps_win_conflicts() -> None:
    first = Edit(2, 6, "abcd", "x", rule="normalize:mojibake")
    assert select([[first], [Edit(4, 4, "", " "), Edit(2, 2, "", " "), Edit(6, 6, "", " ")]]) == [
        first, Edit(6, 6, "", " ")]


# --- the seed sample ----------------------------------------------------------------------------

# Every glued sentence boundary of samples/seed/spun.txt, as the text around it: the left word, the
# punctuation and quotes, and the word after. Found by reading the sample, not by running the rule.
SEED_BOUNDARIES = [
    "Pacific.They", "area.And", "moon.Those", "Philippines.The", "dominion.The", "Indo-Pacific.”The",
    "palms.However", "with.China’s", "islands.Biden", "summit.Kishida", "China.Japan", "friend.”Even",
    "mentioned.In", "Hawaii.“Lately", "time.”Kishida", "mentioned.The", "dominance.“The",
    "professor.Jap", "Ohio.There", "minerals.However", "tricky.Given", "action.“The", "CP-TPP.“We",
    "mentioned.The", "realm.U.S.", "all.”Even", "honour.Christian",
]


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def test_seed_glued_boundaries_are_exactly_the_listed_ones() -> None:
    text = _seed()
    expected, pos = [], 0
    for snippet in SEED_BOUNDARIES:
        i = text.index(snippet, pos)
        split = re.search(r"[.?!][”’]*", snippet).end()
        expected.append(i + split)
        pos = i + 1
    assert [b.at for b in find_boundaries(text)] == expected


def test_seed_normalization_changes_nothing_else() -> None:
    text = _seed()
    edits = normalize_edits(text)
    assert sorted({e.rule for e in edits}) == ["normalize:glued", "normalize:spintax"]
    assert len([e for e in edits if e.rule == "normalize:glued"]) == len(SEED_BOUNDARIES)
    out = apply(text, edits)
    assert "{" not in out and "announce that a Jap" in out
    # Removing the inserted spaces and the braces gives the input back.
    assert len(out) == len(text) + len(SEED_BOUNDARIES) - 2
    assert normalize(out) == out


def test_seed_paragraphs_give_one_line_per_glued_boundary() -> None:
    text = _seed()
    out = normalize(text, paragraphs=True)
    assert out.count("\n") == text.count("\n") + len(SEED_BOUNDARIES)


# --- properties ---------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "the", "The", "the the", "a", "U.S.", "e.g.", ".", "?", "!", "”", "“", '"', "{", "}", "|", "{that a}",
    "{big|large}", "Pacific.They", "Ã©", "â€™", "café", "e\u0301", " ", "  ", "\t", "\n", "os.Path", "x",
    "Kishida", "10.30", "中文", "😀", "...", "had had", "(", ")", "$", "\\", "_", "'", "’", "and",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.booleans(), st.booleans(), st.booleans())
def test_edits_are_well_formed_and_touch_nothing_outside(text: str, nfc: bool, ws: bool, par: bool) -> None:
    edits = normalize_edits(text, nfc=nfc, whitespace=ws, paragraphs=par)
    _assert_well_formed(text, edits)
    out, pos, shift = apply(text, edits), 0, 0
    for e in edits:  # every untouched stretch of the input appears at its shifted place in the output
        assert out[pos + shift : e.start + shift] == text[pos : e.start]
        shift += len(e.replacement) - (e.end - e.start)
        pos = e.end
    assert out[pos + shift :] == text[pos:]


# what a repair may put next to the text: pieces the line-by-line steps act on, alone or with a neighbour
_REPAIRED = st.sampled_from(["the", "the the", "{big|large}", "{that a}", "Ã©", "â€™", "big", "x", "", "\n"])


def _assert_later_pass_reads_enough(text: str, repairs: list[tuple[int, int, str]]) -> None:
    """normalize_edits(near=...) on a normalized text that other repairs (``repairs``: spans of the
    normalized text and what replaces them) then changed: the same edits as reading every line."""
    from unspin.compose import compose
    from unspin.edits import changed_spans

    norm = normalize_edits(text)
    normalized = apply(text, norm)
    later = [Edit(lo, hi, normalized[lo:hi], piece) for lo, hi, piece in repairs]
    edits = compose(text, norm, later, normalized)
    again = apply(text, edits)
    near = changed_spans(edits)
    assert normalize_edits(again, near=near) == normalize_edits(again)
    # the optional steps read every line: the answer is the same with them on
    assert normalize_edits(again, near=near, whitespace=True) == normalize_edits(again, whitespace=True)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=8).map("\n".join), st.data())
def test_a_later_pass_reading_only_changed_lines_finds_what_reading_everything_finds(text: str,
                                                                                    data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.sets(st.integers(0, len(apply(text, normalize_edits(text)))), max_size=6)))
    _assert_later_pass_reads_enough(text, [(lo, hi, data.draw(_REPAIRED))
                                           for lo, hi in zip(cuts[::2], cuts[1::2], strict=False)])


@pytest.mark.parametrize(("text", "repairs"), [
    ("the the\nx\nthe", []),
    # a repair ending in a line break starts a new line: "{that a}" now opens a line
    ("ae\u0301{that a}\nx\ny\nz\nw", [(0, 1, "the"), (2, 3, "\n")]),
])
def test_a_later_pass_reads_the_lines_a_repair_made(text: str, repairs: list[tuple[int, int, str]]) -> None:
    _assert_later_pass_reads_enough(text, repairs)


def test_many_changes_are_read_in_place_when_dense_and_by_line_when_clustered() -> None:
    line = "a spun line with a repair every few words in it and the the double\n"
    text = line * 200
    every_line = flat_spans((k, k + 3) for k in range(0, len(text), 40))  # spun text: changes on every line
    assert _changed_lines(text, every_line) is None
    assert normalize_edits(text, near=every_line) == normalize_edits(text)
    one_line = flat_spans((k, k + 1) for k in range(len(line) * 7, len(line) * 8 - 1))  # as many, on one line
    assert _changed_lines(text, one_line) == [(len(line) * 7, len(line) * 8)]


def test_a_later_pass_finds_on_changed_lines_what_their_repairs_made() -> None:
    lines = ["A clean line stays as it was.", "Then the {big|large} deal.", "Another clean line here.",
             "More text that nothing changed.", "A repair made the the double.", "A last clean line."]
    text = "\n".join(lines)
    at_big, at_double = text.index("{big"), text.index("the the")
    near = flat_spans([(at_big, at_big + 11), (at_double + 4, at_double + 7)])  # the changed spans, as a pass reports
    assert _changed_lines(text, near) is not None  # two lines of six: read apart from the rest
    got = normalize_edits(text, near=near)
    assert got == normalize_edits(text)
    assert [(e.start, e.rule) for e in got] == [(at_big, "normalize:spintax"), (at_big + 4, "normalize:spintax"),
                                              (at_double + 3, "normalize:doubled")]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_gives_valid_edits(text: str) -> None:
    _assert_well_formed(text, normalize_edits(text, nfc=True, whitespace=True, paragraphs=True))


def test_clean_corpus_gets_no_default_edits() -> None:
    """The must-not-touch corpus (samples/clean/) is edited prose and docs: nothing to normalize."""
    paths = sorted((ROOT / "samples" / "clean").glob("*.txt"))
    assert paths
    found = {p.name: len(normalize_edits(p.read_text(encoding="utf-8"))) for p in paths}
    assert sum(found.values()) == 0, {k: v for k, v in found.items() if v}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1_.é É-xX \n", max_size=60))
def test_namespaces_are_the_words_the_regex_finds(text: str) -> None:
    """The dot-first scan finds exactly the words the straightforward regex finds."""
    from unspin.normalize.glued import _namespaces

    assert _namespaces(text) == frozenset(re.findall(r"\b([^\W\d_]\w*)\.(?=[a-z_])", text))




@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab1_é٣²'’- .\n", max_size=80), st.integers(0, 80))
@example("x" * 70 + "-ab", 73)
@example("ab-\n", 4)
@example("ab\n\n", 4)
def test_word_before_is_what_the_anchored_search_finds(text: str, end: int) -> None:
    end = min(end, len(text))
    assert _wordscan.word_before(text, end) == glued_reference.word_before(text, end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZbY9_ÉéǅßİΣς'’-", min_size=1, max_size=12))
def test_the_name_tests_head_is_the_word_up_to_a_joiner(word: str) -> None:
    from unspin.normalize import glued

    assert glued._head(word) == re.split(r"['’-]", word)[0]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="heTHé1_'- .\n²", max_size=60),
       st.lists(st.tuples(st.text(alphabet="heé1T", min_size=1, max_size=3), st.integers(-5, 70)), min_size=1,
                max_size=4), st.integers(1, 20))
@example("the theme " * 40 + "he", [("he", 400)], 4000)
@example("x²he éhe", [("he", 0), ("éhe", 3), ("x", 8)], 4000)  # a numeral not a digit is a letter, as in [^\W\d_]
@example("he theme", [("he", 5)], 1)  # the window cuts "theme": its "he" must not count
def test_lower_case_lookup_equals_the_index_of_words(text: str, asks: list[tuple[str, int]], nearby: int) -> None:
    """Asked one by one or all at once, near where they are asked or anywhere, the answers are what an
    index of the text's words says."""
    from unspin.normalize import glued

    index = {w for w in glued._WORD.findall(text) if w[0].islower()}
    one_by_one, at_once = glued._TextFacts(text), glued._TextFacts(text)
    with mock.patch.object(glued, "NEARBY_CHARS", nearby):
        at_once.ask_lower_case(asks)
        for word, near in asks:
            expected = word in index
            assert one_by_one.written_in_lower_case(word, near) == at_once.written_in_lower_case(word) == expected


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab1A.B. ”\n", max_size=40), st.text(alphabet="ab1", min_size=1, max_size=3),
       st.text(alphabet="AaB.", max_size=3))
@example("ab.Aab.Aab.A", "ab", "Aab")  # overlapping occurrences: str.count counts them apart
def test_glued_pairs_count_as_str_count(text: str, before: str, rest: str) -> None:
    from unspin.normalize.glued import _TextFacts

    head = "A" + rest  # the callers' pairs: a word ending in a letter or digit, a capitalised head
    assert _TextFacts(text).glued_pairs(before, head) == text.count(f"{before}.{head}")


_GLUE_ALPHABET = "aTx Ué1_.?!…”’\"')]“‘,;:-\n\t\u00a0²٣中"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_GLUE_ALPHABET, max_size=30))
@example("Hawaii.“Lately, it rose.”The end?!Yes… U.S.Steel and x.Ünal")
@example("the Indo-Pacific.’Tis 3.5.Then ok.)But a.²b")
@example("x.u.S.Then e.g.The a.b.c.D i.e.Then")
@example("Hello.…The x….Then a…B")
@example("x-a.Then ab’c.The 1-a.Then ’a.Then -a.The ²a.Then 45a.”The 1.The")  # one letter after others, or alone
def test_glued_candidates_miss_no_boundary(text: str) -> None:
    assert [b.at for b in find_boundaries(text)] == glued_reference.boundaries(text)


# words and marks that reach every test of the rule: abbreviations, extensions, sentence starters,
# names, initials, CamelCase, capitals, code characters, numbers, quotes, title-case and dotted-I letters
_GLUE_TOKENS = [
    "Dr", "Mr", "www", "Www", "com", "Py", "The", "They", "However", "Kishida", "kishida", "os", "np", "a", "I",
    "A", "B", "x", "U", "S", "e", "g", "DataFrame", "McDonald", "UUID", "sqlite3", "3", "45", "x2", "summit",
    "ab", "c", "Well-Known", "typing", "never", "Never", "queue", "Queue", "well-known", "it’s", "İstanbul",
    "ǅemal", "Ünal", "²", "٣", "_", "`", "(", ")", "[", "]", "%", "”", "’", "“", "‘", "\"", "'", "/", "@", ":",
    "=", "#", ".", "..", "…", "?!", "!", "?", ". ", " ", " ", "\n", "-", ",", "中",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_GLUE_TOKENS), max_size=40))
@example(["typing", ".", "Never", "\n", "typing", ".", "never"])  # a namespace on another line
@example(["summit", ".", "Kishida", "[", "1"])  # code after the word
@example(["summit", ".!", "Com"])  # an extension only after a single dot
@example(["x" * 30, "y" * 80, ".c summit.Kishida"])  # the word before the dot starts outside the window
@example(["Www", ".", "Kishida", " ", "`", "a", ".", "They"])
@example(["(", "x", "2", ")", ".", "Kishida", " ", "rose", "%", ".", "The"])
@example(["ab", ".", "The", " ", "os", ".", "path", " ", "functools", ".", "partial"])
@example(["x.ab.c", " ", "summit", ".", "Kishida"])  # a dot before the word: no reference to code
@example(["²ab.c", " ", "summit", ".", "Kishida"])  # "²" is a letter to [^\W\d_]
@example(["`", "queue", ".", "They", " ", "summit", ".", "Kishida"])  # in a code span, then not
@example(["summit", ".", "Well-Known"])  # the word runs on past its joiner: CamelCase
@example(["summit", ".", "XǅY", " ", "aǅ", ".", "Kishida"])  # a title-case letter: not in capitals, nor lower case
def test_glued_rule_in_c_is_the_rule_in_python(tokens: list[str]) -> None:
    text = "".join(tokens)
    assert [b.at for b in find_boundaries(text)] == glued_reference.boundaries(text)


def test_glued_candidates_on_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert [b.at for b in find_boundaries(text)] == glued_reference.boundaries(text)
