"""English inflection for lexicon entries: the forms a spun word appears in, and the same form of
the canonical word.

Forms are named: ``base``, ``plural`` (nouns), ``s``, ``ed``, ``ing`` (verbs). Regular rules plus a
table of irregular verbs cover what spinners produce; a form a word cannot take is simply not generated.

>>> verb_form("visit", "ed"), verb_form("become", "ed"), verb_form("make", "ing")
('visited', 'became', 'making')
>>> plural("policy"), plural("box"), plural("army")
('policies', 'boxes', 'armies')
"""

from __future__ import annotations

# base: (past, past participle). Past is used for the "ed" form: spinners keep the original's tense.
IRREGULAR: dict[str, tuple[str, str]] = {
    "be": ("was", "been"), "become": ("became", "become"), "begin": ("began", "begun"),
    "bring": ("brought", "brought"), "build": ("built", "built"), "buy": ("bought", "bought"),
    "catch": ("caught", "caught"), "choose": ("chose", "chosen"), "come": ("came", "come"),
    "cost": ("cost", "cost"), "cut": ("cut", "cut"), "deal": ("dealt", "dealt"), "do": ("did", "done"),
    "draw": ("drew", "drawn"), "drive": ("drove", "driven"), "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"), "feel": ("felt", "felt"), "fight": ("fought", "fought"),
    "find": ("found", "found"), "fly": ("flew", "flown"), "forget": ("forgot", "forgotten"),
    "get": ("got", "gotten"), "give": ("gave", "given"), "go": ("went", "gone"),
    "grow": ("grew", "grown"), "have": ("had", "had"), "hear": ("heard", "heard"),
    "hide": ("hid", "hidden"), "hit": ("hit", "hit"), "hold": ("held", "held"), "hurt": ("hurt", "hurt"),
    "keep": ("kept", "kept"), "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "leave": ("left", "left"), "lend": ("lent", "lent"), "let": ("let", "let"), "lie": ("lay", "lain"),
    "lose": ("lost", "lost"), "make": ("made", "made"), "mean": ("meant", "meant"),
    "meet": ("met", "met"), "pay": ("paid", "paid"), "put": ("put", "put"), "quit": ("quit", "quit"),
    "read": ("read", "read"), "ride": ("rode", "ridden"), "ring": ("rang", "rung"),
    "rise": ("rose", "risen"), "run": ("ran", "run"), "say": ("said", "said"), "see": ("saw", "seen"),
    "seek": ("sought", "sought"), "sell": ("sold", "sold"), "send": ("sent", "sent"),
    "set": ("set", "set"), "shake": ("shook", "shaken"), "shoot": ("shot", "shot"),
    "show": ("showed", "shown"), "shut": ("shut", "shut"), "sing": ("sang", "sung"),
    "sit": ("sat", "sat"), "sleep": ("slept", "slept"), "speak": ("spoke", "spoken"),
    "spend": ("spent", "spent"), "split": ("split", "split"), "spread": ("spread", "spread"),
    "stand": ("stood", "stood"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck"), "swear": ("swore", "sworn"), "swim": ("swam", "swum"),
    "take": ("took", "taken"), "teach": ("taught", "taught"), "tear": ("tore", "torn"),
    "tell": ("told", "told"), "think": ("thought", "thought"), "throw": ("threw", "thrown"),
    "understand": ("understood", "understood"), "wake": ("woke", "woken"), "wear": ("wore", "worn"),
    "win": ("won", "won"), "withdraw": ("withdrew", "withdrawn"), "write": ("wrote", "written"),
    "undertake": ("undertook", "undertaken"), "overcome": ("overcame", "overcome"),
    "uphold": ("upheld", "upheld"), "forecast": ("forecast", "forecast"), "bid": ("bid", "bid"),
    "broadcast": ("broadcast", "broadcast"), "upset": ("upset", "upset"), "bet": ("bet", "bet"),
    "dig": ("dug", "dug"), "feed": ("fed", "fed"), "flee": ("fled", "fled"), "forbid": ("forbade", "forbidden"),
    "freeze": ("froze", "frozen"), "hang": ("hung", "hung"), "light": ("lit", "lit"),
    "mislead": ("misled", "misled"), "prove": ("proved", "proven"), "seize": ("seized", "seized"),
    "shrink": ("shrank", "shrunk"), "sink": ("sank", "sunk"), "slide": ("slid", "slid"),
    "spin": ("spun", "spun"), "stink": ("stank", "stunk"), "sweep": ("swept", "swept"),
    "swing": ("swung", "swung"), "weep": ("wept", "wept"), "wind": ("wound", "wound"),
    "arise": ("arose", "arisen"), "awake": ("awoke", "awoken"), "bear": ("bore", "borne"),
    "beat": ("beat", "beaten"), "bend": ("bent", "bent"), "bind": ("bound", "bound"),
    "bite": ("bit", "bitten"), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "breed": ("bred", "bred"), "burst": ("burst", "burst"), "cling": ("clung", "clung"),
    "creep": ("crept", "crept"), "dive": ("dove", "dived"), "forgive": ("forgave", "forgiven"),
    "grind": ("ground", "ground"), "kneel": ("knelt", "knelt"), "outdo": ("outdid", "outdone"),
    "overtake": ("overtook", "overtaken"), "rebuild": ("rebuilt", "rebuilt"), "retell": ("retold", "retold"),
    "withhold": ("withheld", "withheld"), "foresee": ("foresaw", "foreseen"),
}
SPECIAL_S = {"be": "is", "have": "has", "do": "does", "go": "goes"}
VOWELS = "aeiou"


def _doubles_final_consonant(word: str) -> bool:
    # stop -> stopped, plan -> planned; but visit -> visited, open -> opened (stress heuristic: short words)
    if len(word) < 3 or word[-1] in "wxy" or word[-1] in VOWELS:
        return False
    return word[-2] in VOWELS and word[-3] not in VOWELS and len(word) <= 4


def verb_form(word: str, form: str) -> str:
    """The ``s``, ``ed`` or ``ing`` form of a base verb (``base`` returns it unchanged)."""
    w = word.lower()
    if form == "base":
        return word
    if form == "s":
        if w in SPECIAL_S:
            return SPECIAL_S[w]
        if w.endswith(("s", "x", "z", "ch", "sh", "o")):
            return word + "es"
        if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
            return word[:-1] + "ies"
        return word + "s"
    if form == "ed":
        if w in IRREGULAR:
            return IRREGULAR[w][0]
        if w.endswith("e"):
            return word + "d"
        if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
            return word[:-1] + "ied"
        if _doubles_final_consonant(w):
            return word + word[-1] + "ed"
        return word + "ed"
    if form == "ing":
        if w in ("be", "see", "flee", "agree", "free"):
            return word + "ing"
        if w.endswith("ie"):
            return word[:-2] + "ying"
        if w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
            return word[:-1] + "ing"
        if _doubles_final_consonant(w):
            return word + word[-1] + "ing"
        return word + "ing"
    raise ValueError(f"unknown verb form {form!r}")


def participle(word: str) -> str | None:
    """The past participle where it differs from the past tense (``taken`` for take), else None."""
    irregular = IRREGULAR.get(word.lower())
    if irregular and irregular[1] != irregular[0]:
        return irregular[1]
    return None


def plural(word: str) -> str:
    """Regular English plural of a noun."""
    w = word.lower()
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def inflect_phrase(phrase: str, form: str) -> str:
    """Put a phrase into a form: verbs inflect their first word, plurals their last word.

    >>> inflect_phrase("turn out to be", "ed"), inflect_phrase("trade agreement", "plural")
    ('turned out to be', 'trade agreements')
    """
    if form == "base":  # nearly every match
        return phrase
    words = phrase.split(" ")
    if form == "plural":
        words[-1] = plural(words[-1])
    elif form == "pp":
        words[0] = participle(words[0]) or verb_form(words[0], "ed")
    else:
        words[0] = verb_form(words[0], form)
    return " ".join(words)


def variants(phrase: str, flags: frozenset[str]) -> list[tuple[str, str]]:
    """Every (surface phrase, form) an entry matches, base form first.

    >>> variants("consult with", frozenset({"verb"}))[:3]
    [('consult with', 'base'), ('consults with', 's'), ('consulted with', 'ed')]
    """
    out = [(phrase, "base")]
    if "verb" in flags:
        out += [(inflect_phrase(phrase, f), f) for f in ("s", "ed", "ing")]
        pp = participle(phrase.split(" ")[0])
        if pp:
            out.append((inflect_phrase(phrase, "pp"), "pp"))
    if "noun" in flags:
        out.append((inflect_phrase(phrase, "plural"), "plural"))
    seen: set[str] = set()
    unique = []
    for surface, form in out:
        if surface not in seen:
            seen.add(surface)
            unique.append((surface, form))
    return unique
