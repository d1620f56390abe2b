"""unspin: detect and repair the artifacts of article spinners, explaining every edit.

>>> from unspin import fix_text
>>> fix_text("the counterfeit consciousness of the Jap Top Minister")
'the artificial intelligence of the Japanese Prime Minister'
"""

from .api import Unspinner, count_words, find_edits, fix_and_explain, fix_text
from .edits import EditConflict, apply_edits
from .lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon, select_lexicons, validate
from .model import PROFILES, Config, Edit, Result

__version__ = "0.1.0"

__all__ = [
    "PROFILES", "Config", "Edit", "EditConflict", "Lexicon", "LexiconError", "Result", "Unspinner",
    "apply_edits", "count_words", "find_edits", "fix_and_explain", "fix_text", "load_lexicon",
    "parse_lexicon", "select_lexicons", "validate",
]
