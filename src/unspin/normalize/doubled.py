"""Doubled words: ``the the`` -> ``the``, ``a a`` -> ``a``, ``and and`` -> ``and``.

A word repeated across exactly one space (case-insensitively, on word boundaries) loses its
repeats; the first copy stays, so ``The the`` keeps its capital. Punctuation, line breaks or more than
one space between the copies mean a boundary, and the pair is left alone. Never touched:
- words that English doubles on purpose (LEGITIMATE: ``had had``, ``that that``, ``is is``,
  ``bye bye``, ``very very``, ``so so``, ``her her``...);
- prepositions (PHRASE_FINAL), whose doubles a spinner makes out of phrases (``get entry to to``);
- pairs whose copies both start with a capital (names: ``Walla Walla``, ``Duran Duran``,
  ``New York New York``), and numbers;
- three or more copies of a word other than an article (``hint hint hint``, ``work work work``):
  repetition on purpose, where a spinner's seam doubles a word once (``the the the`` is still fixed).
"""

from __future__ import annotations

import re

from unspin.model import Edit
from unspin.wordbytes import repeated_words

from ._edit import make_edit, words

STEP = "doubled"
CONFIDENCE = 0.95

# Words with legitimate doubles in edited English: auxiliaries ("what it is is", "had had", "do do"),
# demonstratives and pronouns ("that that", "give her her"), intensifiers ("very very", "really
# really"), interjections and reduplications ("bye bye", "ha ha", "knock knock", "so so"); and
# the operators named in prose ("the operators and and or"); common doubles of other languages
# ("nous nous sommes", "die die Regierung").
LEGITIMATE = words(
    """had that is was and or do does did her him you it in out on can will may must would
    very really pretty so too many much more long far well now there no yes not never again
    bye ha hah haha he hee ho hey hi bla blah tut tsk chop knock night go boo bang bam la
    ah aw oh ooh uh um er hmm mm wow woo yeah yum yo choo pom tom dum hush win cha ta
    yada tick tock ding dong kiss bling pooh bora walla pago mahi baden sing
    talk duran murmur
    nous vous die der das den dem des sie es que"""
)
# Prepositions and particles that end the spinner's multiword replacements: "access to more" becomes
# "get entry to to extra", where the second "to" is the original's and the fix is the phrase, not
# the double (the seed sample has exactly this). A doubled "to" is therefore never deleted here.
PHRASE_FINAL = words("to of for with as at by from about into onto upon off over under than like")
# the only words whose run of three or more copies is a slip rather than emphasis
ARTICLES = words("a an the")
# possessive quantifiers: a word is never re-split on backtracking (same matches, twice as fast)
_DOUBLE = re.compile(r"\b([^\W\d_]++(?:['’][^\W\d_]++)?+)((?: \1)+)\b", re.IGNORECASE)


def find_doubled(text: str) -> list[Edit]:
    """Edits deleting the repeated copies of a word doubled across one space.

    >>> from unspin.normalize._edit import apply
    >>> t = "a a the the moon; they had had enough. The the end. Walla Walla, get entry to to, hint hint hint"
    >>> apply(t, find_doubled(t))
    'a the moon; they had had enough. The end. Walla Walla, get entry to to, hint hint hint'
    """
    edits: list[Edit] = []
    done = 0
    # the expression runs only where a word repeats in the byte view (wordbytes): a scan of every
    # word with a back-reference cost ~55 ms per MB
    for at in repeated_words(text):
        m = _DOUBLE.match(text, at) if at >= done else None
        if m is None:
            continue
        done = m.end()
        first = m.group(1)
        before = text[m.start() - 1] if m.start() else " "
        if before in "'’-" or re.match(r"['’\-]|\.\w", text[m.end() : m.end() + 2]):
            continue  # part of a longer token: the-ory, smtplib.SMTP
        if first.lower() in LEGITIMATE or first.lower() in PHRASE_FINAL:
            continue
        if m.group(2).count(" ") > 1 and first.lower() not in ARTICLES:
            continue  # said three times on purpose: "hint hint hint"
        second = text[m.start(2) + 1 : m.start(2) + 1 + len(first)]
        if first[0].isupper() and second[0].isupper():
            continue  # a name (Walla Walla) or a title in capitals
        edits.append(make_edit(text, m.start(2), m.end(2), "", STEP, CONFIDENCE,
                               f"doubled word: {first!r} repeated"))
    return edits
