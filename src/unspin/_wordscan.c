/* Word-level scans of a whole text in one pass each, for the questions normalization asks of every word:
 * how many words, which words repeat across one space, where sentence punctuation is glued to a word,
 * which words are used as namespaces ("os.path"), which of a set of words occur as whole words; and a
 * lower-case copy of a text that keeps its offsets.
 *
 * Python asks them of byte views of the text (src/unspin/wordbytes.py: one byte per code point, a class
 * per byte), where the regular expressions or bytes.count calls they replace cost 5-15 ms per MB each,
 * mostly in restarting once per word; each loop here reads its view once. The Python callers keep the
 * rules and their documentation; these are their loops.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>  /* on every x86-64: the loops that compare sixteen bytes at a time */
#endif

/* Append start as an int to list; 0 on success. */
static int append_offset(PyObject *list, Py_ssize_t start) {
    PyObject *n = PyLong_FromSsize_t(start);
    if (!n) return -1;
    int rc = PyList_Append(list, n);
    Py_DECREF(n);
    return rc;
}

/* A scan that appends offsets to out while reading a byte view; -1 (an exception set) on failure. */
typedef int (*OffsetScan)(const uint8_t *c, Py_ssize_t n, PyObject *out);

/* The list of offsets scan finds in the bytes-like arg. */
static PyObject *offsets(PyObject *arg, OffsetScan scan) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    PyObject *out = PyList_New(0);
    if (out && scan(buf.buf, buf.len, out) < 0) Py_CLEAR(out);
    PyBuffer_Release(&buf);
    return out;
}

/* Copy runs(text[start:end]) into out + start: the view of a run of non-ASCII characters. */
static int fill_run(PyObject *text, PyObject *runs, uint8_t *out, Py_ssize_t start, Py_ssize_t end) {
    PyObject *run = PyUnicode_Substring(text, start, end);
    if (!run) return -1;
    PyObject *got = PyObject_CallOneArg(runs, run);
    Py_DECREF(run);
    if (!got) return -1;
    if (!PyBytes_Check(got) || PyBytes_GET_SIZE(got) != end - start) {
        PyErr_Format(PyExc_ValueError, "view: runs() must return bytes of the run's length (%zd), not %.80s",
                     end - start, Py_TYPE(got)->tp_name);
        Py_DECREF(got);
        return -1;
    }
    memcpy(out + start, PyBytes_AS_STRING(got), (size_t)(end - start));
    Py_DECREF(got);
    return 0;
}

PyDoc_STRVAR(view_doc,
"view(text, table, runs) -> bytes\n\n"
"text as one byte per code point: an ASCII character c as table[c] (table: at least 128 bytes), each\n"
"maximal run of other characters as runs(run), which returns bytes of the run's length and must map\n"
"each character on its own: the byte of each character is remembered for the rest of the call, and a\n"
"run of characters all seen before is not passed to runs() again. One pass over the text, where\n"
"str.encode with an error handler, then bytes.translate, made two.");

/* The bytes of non-ASCII characters already seen in one view() call, direct-mapped by the low byte of
 * the code point: news text has a few distinct ones (curly quotes, dashes) thousands of times. */
typedef struct {
    Py_UCS4 cp[256];  /* 0, never a non-ASCII code point, marks an empty slot */
    uint8_t byte[256];
} SeenChars;

/* the loop for one width of str storage (1, 2 or 4 bytes a code point) */
#define VIEW_LOOP(T)                                                          \
    {                                                                         \
        const T *d = (const T *)data;                                         \
        for (Py_ssize_t i = 0; i < n;) {                                      \
            /* four ASCII characters at a time, the common case */           \
            if (i + 4 <= n && (d[i] | d[i + 1] | d[i + 2] | d[i + 3]) < 128) { \
                out[i] = t[d[i]];                                             \
                out[i + 1] = t[d[i + 1]];                                     \
                out[i + 2] = t[d[i + 2]];                                     \
                out[i + 3] = t[d[i + 3]];                                     \
                i += 4;                                                       \
                continue;                                                     \
            }                                                                 \
            if (d[i] < 128) {                                                 \
                out[i] = t[d[i]];                                             \
                i++;                                                          \
                continue;                                                     \
            }                                                                 \
            Py_ssize_t j = i + 1;                                             \
            while (j < n && d[j] >= 128) j++;                                 \
            Py_ssize_t k = i;                                                 \
            while (k < j && seen.cp[d[k] & 255] == (Py_UCS4)d[k]) k++;        \
            if (k == j) { /* every character seen before in this call */      \
                for (k = i; k < j; k++) out[k] = seen.byte[d[k] & 255];       \
            } else {                                                          \
                if (fill_run(text, runs, out, i, j) < 0) goto fail;           \
                for (k = i; k < j; k++) {                                     \
                    seen.cp[d[k] & 255] = d[k];                               \
                    seen.byte[d[k] & 255] = out[k];                           \
                }                                                             \
            }                                                                 \
            i = j;                                                            \
        }                                                                     \
    }

static PyObject *view(PyObject *module, PyObject *args) {
    PyObject *text, *runs, *result = NULL;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*O:view", &text, &table, &runs)) return NULL;
    if (table.len < 128) {
        PyErr_SetString(PyExc_ValueError, "view: the table needs an entry for each of the 128 ASCII characters");
        goto fail;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    result = PyBytes_FromStringAndSize(NULL, n);
    if (!result) goto fail;
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
    const uint8_t *t = table.buf;
    const void *data = PyUnicode_DATA(text);
    SeenChars seen;
    memset(seen.cp, 0, sizeof seen.cp);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: VIEW_LOOP(Py_UCS1) break;
    case PyUnicode_2BYTE_KIND: VIEW_LOOP(Py_UCS2) break;
    default: VIEW_LOOP(Py_UCS4) break;
    }
    PyBuffer_Release(&table);
    return result;
fail:
    Py_XDECREF(result);
    PyBuffer_Release(&table);
    return NULL;
}

PyDoc_STRVAR(count_words_doc,
"count_words(classes) -> int\n\n"
"Words in a class view ('a' a word character, 'j' a joiner, anything else a separator): maximal runs\n"
"of 'a', where runs joined by exactly one 'j' count once (what \\w+(?:['’-]\\w+)* counts).");

static PyObject *count_words(PyObject *module, PyObject *arg) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    const uint8_t *c = buf.buf;
    Py_ssize_t n = buf.len, words = 0;
    /* a word starts at each 'a' that neither continues a run nor follows "aj"; counted without
       branches, since word and separator alternate every few bytes (a branch per run mispredicts),
       in blocks of a fixed length with a byte-wide count (at most 128 starts in 256 bytes), a loop
       the compiler turns into vector instructions */
    enum { BLOCK = 256 };
    if (n >= 1) words += c[0] == 'a';
    if (n >= 2) words += (c[1] == 'a') & (c[0] != 'a');
    Py_ssize_t i = 2;
    for (; i + BLOCK <= n; i += BLOCK) {
        uint8_t starts = 0;
        for (int k = 0; k < BLOCK; k++) {
            const uint8_t *b = c + i + k;
            starts += (b[0] == 'a') & (b[-1] != 'a') & !((b[-1] == 'j') & (b[-2] == 'a'));
        }
        words += starts;
    }
    for (; i < n; i++)
        words += (c[i] == 'a') & (c[i - 1] != 'a') & !((c[i - 1] == 'j') & (c[i - 2] == 'a'));
    PyBuffer_Release(&buf);
    return PyLong_FromSsize_t(words);
}

/* the bytes of a word in the folded view, and those that may not follow its repeat (an apostrophe
 * may: "ab ab'" is a repeat, which the caller's rule then judges) */
static inline int in_word(uint8_t b) { return (b >= 'a' && b <= 'z') || b == '\'' || b == 0x80; }
static inline int joins_after(uint8_t b) {
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_' || b == 0x80;
}

PyDoc_STRVAR(repeats_doc,
"repeats(folded) -> list[int]\n\n"
"Offsets of the words of a folded view (letters in lower case, \"'\" and 0x80 in words; digits and '_'\n"
"kept; an ASCII space a space; anything else 0x01) that are followed, across one space, by the same\n"
"word, itself not followed by a word character: the starts of\n"
"rb\"[ \\x01]([a-z'\\x80]++) \\1(?![a-z0-9_\\x80])\" found by finditer over b\" \" + folded (so repeats\n"
"never overlap). A word starts after either separator; only a space joins a word to its repeat, as in\n"
"the doubled-word expression (a line break between the copies is a boundary).");

/* what a word may start after */
static inline int separates(uint8_t b) { return b == ' ' || b == 0x01; }

/* The index of the lowest set bit of a nonzero mask. */
static inline int lowest_bit(uint64_t mask) {
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(mask);
#else
    int k = 0;
    while (!(mask & 1)) {
        mask >>= 1;
        k++;
    }
    return k;
#endif
}

/* Eight bytes at a time, as one 64-bit word, where the byte order puts the first byte lowest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EIGHT_AT_A_TIME 1
#define TOP_BITS 0x8080808080808080ull   /* the top bit of each byte */
#define LOW_BITS 0x7F7F7F7F7F7F7F7Full   /* the other bits */
#define EACH_BYTE 0x0101010101010101ull  /* times a byte: that byte eight times */

/* The top bit of each byte of x that equals b, no other bit: a byte's low bits plus 0x7F reach the top
   bit unless they are zero, so no carry crosses into the next byte. */
static inline uint64_t bytes_equal(uint64_t x, uint8_t b) {
    uint64_t z = x ^ (b * EACH_BYTE);
    return ~(((z & LOW_BITS) + LOW_BITS) | z) & TOP_BITS;
}
#endif

/* The end of the run of word bytes (in_word) that starts at i. Eight bytes at a time where the compiler
 * and byte order allow: each byte's top bit says whether it is a word byte (a-z, "'", 0x80), computed
 * without a branch, and the first that is not ends the run; byte by byte, the loop's exit branch went
 * wrong at every word's end and its test ran on every byte (~2.4 ms per MB). */
static inline Py_ssize_t word_end(const uint8_t *c, Py_ssize_t i, Py_ssize_t n) {
#ifdef EIGHT_AT_A_TIME
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, c + i, 8);
        uint64_t y = x & LOW_BITS;
        /* a-z: no top bit, at least 0x61 (y + 0x1F reaches 0x80), below 0x7B (y + 0x05 does not) */
        uint64_t letter = (y + 0x1F * EACH_BYTE) & ~(y + 0x05 * EACH_BYTE) & ~x & TOP_BITS;
        uint64_t other = ~(letter | bytes_equal(x, '\'') | bytes_equal(x, 0x80)) & TOP_BITS;
        if (other) return i + (lowest_bit(other) >> 3);
    }
#endif
    while (i < n && in_word(c[i])) i++;
    return i;
}

static int find_repeats(const uint8_t *c, Py_ssize_t n, PyObject *out) {
    /* w walks the places a word may start: the start, and each place after a separator; a word is
       read once, as the first copy and then, when it differs, as the next candidate */
    Py_ssize_t w = 0;
    while (w < n) {
        Py_ssize_t gap = word_end(c, w, n), len = gap - w;  /* what ends the word: a space continues the search */
        if (len && gap < n && c[gap] == ' ') {
            Py_ssize_t copy = gap + 1, after = copy + len;
            /* the first bytes settle nearly every pair before memcmp is called */
            if (after <= n && c[w] == c[copy] && memcmp(c + w, c + copy, (size_t)len) == 0
                    && !(after < n && joins_after(c[after]))) {
                if (append_offset(out, w) < 0) return -1;
                gap = after;  /* the next match starts at the space after this one, or later */
            }
        }
        if (gap < n && separates(c[gap])) {  /* the usual case: the next word follows at once */
            w = gap + 1;
            continue;
        }
        while (gap < n && !separates(c[gap])) gap++;  /* past digits, '_' and glued words */
        w = gap + 1;
    }
    return 0;
}

static PyObject *repeats(PyObject *module, PyObject *arg) { return offsets(arg, find_repeats); }

PyDoc_STRVAR(glued_starts_doc,
"glued_starts(classes) -> list[int]\n\n"
"Where each run of 'P' (sentence punctuation) starts that is followed, after any 'c' (closing quotes and\n"
"brackets) and at most one 'o' (an opening quote), by 'x' (a letter), or by 'l' (a lower-case ASCII\n"
"letter) and then 'P' again (an initialism: \"e.g.\"), in a class view; each is found once, searching\n"
"on after its first letter.");

static int find_glued_starts(const uint8_t *c, Py_ssize_t n, PyObject *out) {
    const uint8_t *p = c, *end = c + n;
    while (p + 1 < end && (p = memchr(p, 'P', (size_t)(end - p - 1))) != NULL) {
        const uint8_t *q = p + 1;
        while (q < end && *q == 'c') q++;
        if (q < end && *q == 'o') q++;
        int word = q < end && (*q == 'x' || (*q == 'l' && q + 1 < end && q[1] == 'P'));
        if (!word) { p++; continue; }
        Py_ssize_t start = p - c;
        while (start && c[start - 1] == 'P') start--;
        if (append_offset(out, start) < 0) return -1;
        p = q + 1;
    }
    return 0;
}

static PyObject *glued_starts(PyObject *module, PyObject *arg) { return offsets(arg, find_glued_starts); }

PyDoc_STRVAR(namespaces_doc,
"namespaces(text, puncts=None) -> set[str]\n\n"
"The words written before a dot that a lower-case ASCII letter or '_' follows (\"os.path\"): for\n"
"each such dot, the run of word characters (\\w) before it, if it does not start with a digit or '_'.\n"
"puncts, bytes as long as text with b'P' at every '.' (the glued rule's class view), if given, is where\n"
"the dots are looked for.");

static inline int is_word_char(Py_UCS4 ch) { return Py_UNICODE_ISALNUM(ch) || ch == '_'; }

static PyObject *namespaces(PyObject *module, PyObject *args) {
    PyObject *text, *puncts_obj = Py_None;
    if (!PyArg_ParseTuple(args, "U|O:namespaces", &text, &puncts_obj)) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const uint8_t *puncts = NULL;
    if (puncts_obj != Py_None) {
        if (!PyBytes_Check(puncts_obj) || PyBytes_GET_SIZE(puncts_obj) != n) {
            PyErr_SetString(PyExc_ValueError, "namespaces: puncts must be bytes as long as the text");
            return NULL;
        }
        puncts = (const uint8_t *)PyBytes_AS_STRING(puncts_obj);
    }
    PyObject *out = PySet_New(NULL);
    if (!out) return NULL;
    for (Py_ssize_t dot = 0; dot + 1 < n; dot++) {
        if (puncts) {  /* the next 'P' (a few bytes in a hundred): found by memchr, not a read per character */
            const uint8_t *p = memchr(puncts + dot, 'P', (size_t)(n - 1 - dot));
            if (!p) break;
            dot = p - puncts;
        }
        if (PyUnicode_READ(kind, data, dot) != '.') continue;
        Py_UCS4 next = PyUnicode_READ(kind, data, dot + 1);
        if (!((next >= 'a' && next <= 'z') || next == '_')) continue;
        Py_ssize_t start = dot;
        while (start && is_word_char(PyUnicode_READ(kind, data, start - 1))) start--;
        if (start == dot) continue;
        Py_UCS4 first = PyUnicode_READ(kind, data, start);
        if (Py_UNICODE_ISDECIMAL(first) || first == '_') continue;
        PyObject *word = PyUnicode_Substring(text, start, dot);
        if (!word || PySet_Add(out, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(word);
    }
    return out;
}

/* A few values (at most FEW_VALUES) that 64 units (bytes, or two-byte characters) at a time are compared
 * with, sixteen bytes at a time: SSE2 is on every x86-64; elsewhere, or with more values, n is 0 and the
 * callers fall back to their own loops. runs_among asks it for the letter bytes of a view (the letter
 * mask, ~1 ns a byte through a table) and for the first characters of the words it looks for (a run
 * starting with none of them cannot be one: a few words' first letters start a tenth of a MB's
 * ~180,000 runs). */
#define FEW_VALUES 4
typedef struct {
    int n, wide;  /* wide: the units are two-byte characters */
#if defined(__SSE2__)
    __m128i value[FEW_VALUES];
#endif
} Values;

/* The values v below `size` with table[v] set, as units of one byte or (wide) two. */
static void values_of(const uint8_t *table, int size, int wide, Values *values) {
    values->n = 0;
    values->wide = wide;
#if defined(__SSE2__)
    for (int v = 0; v < size; v++) {
        if (!table[v]) continue;
        if (values->n == FEW_VALUES) { values->n = 0; return; }
        values->value[values->n++] = wide ? _mm_set1_epi16((short)v) : _mm_set1_epi8((char)v);
    }
#else
    (void)table; (void)size;
#endif
}

/* The positions of the 64 units from p that equal one of the values (n > 0), the first lowest. */
static inline uint64_t mask_of(const void *p, const Values *values) {
    uint64_t mask = 0;
#if defined(__SSE2__)
    for (int q = 0; q < 4; q++) {
        __m128i hit;
        if (!values->wide) {
            __m128i x = _mm_loadu_si128((const __m128i *)((const uint8_t *)p + 16 * q));
            hit = _mm_cmpeq_epi8(x, values->value[0]);
            for (int j = 1; j < values->n; j++) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, values->value[j]));
        } else {  /* two loads of eight characters; the 16-bit results packed to bytes */
            const Py_UCS2 *at = (const Py_UCS2 *)p + 16 * q;
            __m128i lo = _mm_loadu_si128((const __m128i *)at), hi = _mm_loadu_si128((const __m128i *)(at + 8));
            __m128i hit_lo = _mm_cmpeq_epi16(lo, values->value[0]), hit_hi = _mm_cmpeq_epi16(hi, values->value[0]);
            for (int j = 1; j < values->n; j++) {
                hit_lo = _mm_or_si128(hit_lo, _mm_cmpeq_epi16(lo, values->value[j]));
                hit_hi = _mm_or_si128(hit_hi, _mm_cmpeq_epi16(hi, values->value[j]));
            }
            hit = _mm_packs_epi16(hit_lo, hit_hi);
        }
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * q);
    }
#else
    (void)p; (void)values;
#endif
    return mask;
}

/* Whether text[start:start + len] is word (of that length): a few words asked are compared with the run
 * in place, where a set lookup needs a str of the run made first. A word wider than the text (PEP 393: a
 * character the text cannot hold) is never equal. */
static int run_is(int kind, const void *data, Py_ssize_t start, PyObject *word) {
    int wkind = PyUnicode_KIND(word);
    const void *wdata = PyUnicode_DATA(word);
    Py_ssize_t len = PyUnicode_GET_LENGTH(word);
    if (wkind > kind) return 0;
    if (wkind == kind) return memcmp((const char *)data + start * kind, wdata, (size_t)(len * kind)) == 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if (PyUnicode_READ(kind, data, start + i) != PyUnicode_READ(wkind, wdata, i)) return 0;
    return 1;
}

PyDoc_STRVAR(runs_among_doc,
"runs_among(view, letters, text, words) -> set\n\n"
"The strs of the set words that text holds as a whole run of letters: a run of positions whose bytes in\n"
"view (a byte per code point of text) are among the bytes letters, with no such byte right before or\n"
"after it. One pass over the view answers for every word; a search per word read the whole text each\n"
"time (~0.5 ms per MB when the word is absent).");

#define FEW_WORDS 16  /* words asked for that runs are compared with in place (run_is); more go to a set lookup */

static PyObject *runs_among(PyObject *module, PyObject *args) {
    Py_buffer view, letters;
    PyObject *text, *words, *found = NULL;
    if (!PyArg_ParseTuple(args, "y*y*UO", &view, &letters, &text, &words)) return NULL;
    uint8_t is_letter[256] = {0}, first_ascii[128] = {0};
    PyObject *few[FEW_WORDS];  /* the words, when there are no more than FEW_WORDS (new references) */
    uint64_t lengths = 0;  /* bit L: a word of L < 64 characters is asked for */
    int long_words = 0, first_wide = 0;
    const uint8_t *v = view.buf;
    Py_ssize_t n = view.len, wanted = 0;
    if (!PyAnySet_Check(words)) {
        PyErr_Format(PyExc_TypeError, "runs_among() takes a set of words, not %.80s", Py_TYPE(words)->tp_name);
        goto done;
    }
    if (n != PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "runs_among(): the view must have a byte per character of the text");
        goto done;
    }
    for (Py_ssize_t i = 0; i < letters.len; i++) is_letter[((const uint8_t *)letters.buf)[i]] = 1;
    Values letter_bytes;
    values_of(is_letter, 256, 0, &letter_bytes);
    /* cheap filters on a run's length and first character: few runs get as far as a set lookup */
    PyObject *iter = PyObject_GetIter(words), *w;
    if (!iter) goto done;
    while ((w = PyIter_Next(iter))) {
        Py_ssize_t len = PyUnicode_Check(w) ? PyUnicode_GET_LENGTH(w) : -1;
        if (len > 0) {
            Py_UCS4 first = PyUnicode_READ_CHAR(w, 0);
            if (first < 128) first_ascii[first] = 1;
            else first_wide = 1;
            if (len < 64) lengths |= (uint64_t)1 << len;
            else long_words = 1;
            if (wanted < FEW_WORDS) {
                Py_INCREF(w);
                few[wanted] = w;
            }
            wanted++;
        }
        Py_DECREF(w);
        if (len < 0) {
            PyErr_SetString(PyExc_TypeError, "runs_among(): every word must be a str");
            break;
        }
    }
    Py_DECREF(iter);
    if (PyErr_Occurred() || !(found = PySet_New(NULL))) goto done;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Values firsts;  /* none (n 0) when a word starts with a non-ASCII character or the text has four bytes a one */
    values_of(first_ascii, first_wide || kind == PyUnicode_4BYTE_KIND ? 0 : 128, kind == PyUnicode_2BYTE_KIND,
              &firsts);
    /* the view is read 64 positions at a time into a mask of letters, with no branch per position or per
       run: branching at each end of a run (~180,000 a MB) mispredicted at nearly every one (~2.5 ms per
       MB); the one branch per run below is on the rare run that passes both filters */
    uint64_t before = 0;  /* 1 when the position before the chunk is a letter */
    for (Py_ssize_t base = 0; base < n && PySet_GET_SIZE(found) < wanted; base += 64) {
        Py_ssize_t width = n - base < 64 ? n - base : 64;
        uint64_t mask = 0;
        if (width == 64 && letter_bytes.n) mask = mask_of(v + base, &letter_bytes);
        else
            for (Py_ssize_t k = 0; k < width; k++) mask |= (uint64_t)is_letter[v[base + k]] << k;
        uint64_t starts = mask & ~((mask << 1) | before);
        if (width == 64 && firsts.n) starts &= mask_of((const char *)data + base * kind, &firsts);
        before = mask >> 63;
        while (starts) {
            int k = lowest_bit(starts);
            starts &= starts - 1;
            uint64_t rest = ~(mask >> k);  /* its lowest bit ends the run; none when all 64 are letters */
            Py_ssize_t start = base + k, end = start + (rest ? lowest_bit(rest) : 64);
            if (end == base + 64)
                while (end < n && is_letter[v[end]]) end++;  /* the run goes on into the next chunk */
            Py_ssize_t len = end - start;
            Py_UCS4 first = PyUnicode_READ(kind, data, start);
            int wanted_length = len < 64 ? (int)((lengths >> len) & 1) : long_words;
            int wanted_first = first < 128 ? first_ascii[first] : first_wide;
            if (!(wanted_length & wanted_first)) continue;
            if (wanted <= FEW_WORDS) {
                for (Py_ssize_t j = 0; j < wanted; j++) {
                    if (PyUnicode_GET_LENGTH(few[j]) != len || !run_is(kind, data, start, few[j])) continue;
                    if (PySet_Add(found, few[j]) < 0) {
                        Py_CLEAR(found);
                        goto done;
                    }
                    break;  /* the words are a set's: no other is equal */
                }
                continue;
            }
            PyObject *run = PyUnicode_Substring(text, start, end);
            int in = run ? PySet_Contains(words, run) : -1;
            if (in > 0) in = PySet_Add(found, run) < 0 ? -1 : 1;
            Py_XDECREF(run);
            if (in < 0) {
                Py_CLEAR(found);
                goto done;
            }
        }
    }
done:
    for (Py_ssize_t j = 0; j < wanted && j < FEW_WORDS; j++) Py_DECREF(few[j]);
    PyBuffer_Release(&view);
    PyBuffer_Release(&letters);
    return found;
}

PyDoc_STRVAR(ignorecase_lower_doc,
"ignorecase_lower(text) -> str\n\n"
"text in lower case as re.IGNORECASE compares it, one code point for one, so that offsets into the copy\n"
"are offsets into the text: each character's simple lower-case mapping (UnicodeData.txt), and the\n"
"dotless i and long s as 'i' and 's' (the expression engine equates them with those letters). Unlike\n"
"str.lower(), U+0130 stays one code point ('i') and a final capital sigma becomes \\u03c3. str.lower()\n"
"builds the full mapping of each non-ASCII character in a four-byte buffer first, ~3 ms per MB of\n"
"mostly-English text with curly quotes; this loop reads and writes the text's own kind.");

/* A new string of `n` characters of text's kind (ASCII when it is), for a loop to fill. */
static PyObject *string_like(PyObject *text, Py_ssize_t n) {
    int kind = PyUnicode_KIND(text);
    return PyUnicode_New(n, PyUnicode_IS_ASCII(text) ? 0x7f : kind == PyUnicode_1BYTE_KIND ? 0xff
                            : kind == PyUnicode_2BYTE_KIND ? 0xffff : 0x10ffff);
}

/* `out` (from string_like) cut to its first `length` characters. A str must have the narrowest kind of
   its characters, so when the largest written (`widest`: an OR of the code points, whose top bit is the
   largest one's) fits a narrower kind, the characters are copied into one. */
static PyObject *finished(PyObject *out, Py_ssize_t length, Py_UCS4 widest) {
    int kind = PyUnicode_KIND(out);
    Py_UCS4 floor = PyUnicode_IS_ASCII(out) ? 0 : kind == PyUnicode_1BYTE_KIND ? 0x80
                    : kind == PyUnicode_2BYTE_KIND ? 0x100 : 0x10000;
    if (widest < floor) {
        PyObject *narrow = PyUnicode_FromKindAndData(kind, PyUnicode_DATA(out), length);
        Py_DECREF(out);
        return narrow;
    }
    if (length < PyUnicode_GET_LENGTH(out) && PyUnicode_Resize(&out, length) < 0) return NULL;
    return out;
}

static inline Py_UCS4 ignorecase_fold(Py_UCS4 ch) {
    return ch < 0x80 ? (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch)
           : ch == 0x131 ? 'i' : ch == 0x17f ? 's' : Py_UNICODE_TOLOWER(ch);
}

/* One loop per kind (the compiler sees the width), straight into the result (see finished), from
 * character `from` on (what ascii_blocks left). */
#define LOWER(TYPE) {                                                                      \
        const TYPE *in = data;                                                             \
        TYPE *to = PyUnicode_DATA(out);                                                    \
        for (Py_ssize_t i = from; i < n; i++) {                                            \
            Py_UCS4 ch = in[i], lo = ignorecase_fold(ch);                                  \
            if (lo > limit) goto wide;                                                     \
            widest |= lo;                                                                  \
            to[i] = (TYPE)lo;                                                              \
        }                                                                                  \
    }

/* The blocks of sixteen bytes that hold only ASCII characters (16 of one byte, 8 of two) lowered at
 * once: A-Z plus 32, the rest as they are (ignorecase_fold on ASCII); each other block, and the tail, by
 * ignorecase_fold. Returns where the tail starts, or -1 (a mapping too wide for the kind: see LOWER).
 * English text with curly quotes is a text of two bytes a character, nearly all of them ASCII: the
 * character-by-character loop cost ~0.6 ms a MB. SSE2 is on every x86-64; elsewhere the loop does it all. */
static Py_ssize_t ascii_blocks(int kind, const void *data, void *to, Py_ssize_t n, Py_UCS4 limit,
                               Py_UCS4 *widest) {
#if defined(__SSE2__)
    if (kind != PyUnicode_1BYTE_KIND && kind != PyUnicode_2BYTE_KIND) return 0;
    const int per = kind == PyUnicode_1BYTE_KIND ? 16 : 8;
    const __m128i zero = _mm_setzero_si128();
    Py_ssize_t i = 0;
    for (; i + per <= n; i += per) {
        __m128i x, upper, lowered;  /* upper: 'A' <= x <= 'Z', a lane of ones */
        if (kind == PyUnicode_1BYTE_KIND) {
            x = _mm_loadu_si128((const __m128i *)((const Py_UCS1 *)data + i));
            if (_mm_movemask_epi8(x)) goto one_by_one;  /* a byte from 0x80 up */
            upper = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
            lowered = _mm_add_epi8(x, _mm_and_si128(upper, _mm_set1_epi8(32)));
            _mm_storeu_si128((__m128i *)((Py_UCS1 *)to + i), lowered);
        } else {
            x = _mm_loadu_si128((const __m128i *)((const Py_UCS2 *)data + i));
            if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)0xFF80)), zero)) != 0xFFFF)
                goto one_by_one;
            upper = _mm_and_si128(_mm_cmpgt_epi16(x, _mm_set1_epi16('A' - 1)), _mm_cmplt_epi16(x, _mm_set1_epi16('Z' + 1)));
            lowered = _mm_add_epi16(x, _mm_and_si128(upper, _mm_set1_epi16(32)));
            _mm_storeu_si128((__m128i *)((Py_UCS2 *)to + i), lowered);
        }
        continue;  /* (widest: an ASCII character never makes a copy wider than its text's kind) */
    one_by_one:
        for (Py_ssize_t k = i; k < i + per; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k), lo = ignorecase_fold(ch);
            if (lo > limit) return -1;
            *widest |= lo;
            PyUnicode_WRITE(kind, to, k, lo);
        }
    }
    return i;
#else
    (void)kind; (void)data; (void)to; (void)n; (void)limit; (void)widest;
    return 0;
#endif
}

static PyObject *ignorecase_lower(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "ignorecase_lower() takes a str, not %.80s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (PyUnicode_IS_ASCII(text)) return PyObject_CallMethod(text, "lower", NULL);  /* as fast, and the same */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 limit = kind == PyUnicode_1BYTE_KIND ? 0xff : kind == PyUnicode_2BYTE_KIND ? 0xffff : 0x10ffff;
    PyObject *out = string_like(text, n);
    if (!out) return NULL;
    Py_UCS4 widest = 0;
    Py_ssize_t from = ascii_blocks(kind, data, PyUnicode_DATA(out), n, limit, &widest);
    if (from < 0) goto wide;
    if (kind == PyUnicode_1BYTE_KIND) LOWER(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND) LOWER(Py_UCS2)
    else LOWER(Py_UCS4)
    return finished(out, n, widest);  /* "İ" -> "i" may narrow the copy, a latin-1 text may lower to ASCII */
wide:  /* no such mapping in Unicode 15, but never write past the kind */
    Py_DECREF(out);
    PyErr_SetString(PyExc_ValueError, "ignorecase_lower(): a lower-case mapping does not fit the text's kind");
    return NULL;
}

PyDoc_STRVAR(collapse_separators_doc,
"collapse_separators(text) -> str\n\n"
"text with every run of whitespace and hyphens made one space, and none at either end: the same as\n"
"' '.join(text.replace('-', ' ').split()) (str.split's whitespace is Py_UNICODE_ISSPACE), in one pass\n"
"instead of a list of every word (~12 ms per MB of text).");

/* in[0:n] with every run of separators (IS_SEPARATOR) made one space and none kept at either end, into
   to (k: its length), widest: an OR of the kept characters. Branch-free: every character is written (a
   separator as a space), and kept only when it is not a separator or is the first of a run after a kept
   character; a run at the end leaves one space, taken back after the loop. Spun text changes between
   word and separator every few characters, and the branches on each change cost more than the writes
   (~3 ns a character against ~1). One loop per str kind (and one for bytes), so that the compiler sees
   the width. */
#define SQUEEZE_RUNS(TYPE, in, to, n, k, widest, IS_SEPARATOR) {                          \
        int after_separator = 1;  /* so that separators at the start keep nothing */       \
        for (Py_ssize_t i = 0; i < (n); i++) {                                             \
            Py_UCS4 ch = (in)[i];                                                          \
            int separator = IS_SEPARATOR(ch);                                              \
            (to)[k] = separator ? (TYPE)' ' : (TYPE)ch;  /* k <= i < n: within the copy */\
            k += !(separator & after_separator);                                           \
            widest |= separator ? 0 : ch;                                                  \
            after_separator = separator;                                                   \
        }                                                                                  \
        if (k && after_separator) k--;                                                     \
    }

/* collapse_separators' separators: "-" and whitespace (separator_byte below 256) */
#define STR_SEPARATOR(ch) ((ch) < 256 ? separator_byte[(ch)] : Py_UNICODE_ISSPACE(ch))
#define COLLAPSE(TYPE) SQUEEZE_RUNS(TYPE, (const TYPE *)data, (TYPE *)PyUnicode_DATA(out), n, k, widest, STR_SEPARATOR)

/* Whether a code point below 256 is a separator: "-" or whitespace (Py_UNICODE_ISSPACE). */
static uint8_t separator_byte[256];

static void fill_separator_bytes(void) {
    for (Py_UCS4 ch = 0; ch < 256; ch++) separator_byte[ch] = ch == '-' || Py_UNICODE_ISSPACE(ch);
}

static PyObject *collapse_separators(PyObject *module, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "collapse_separators() takes a str, not %.80s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), k = 0;
    PyObject *out = string_like(text, n);
    if (!out) return NULL;
    Py_UCS4 widest = 0;
    if (kind == PyUnicode_1BYTE_KIND) COLLAPSE(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND) COLLAPSE(Py_UCS2)
    else COLLAPSE(Py_UCS4)
    return finished(out, k, widest);  /* dropping the separators may narrow it ("a\u2003b") */
}

PyDoc_STRVAR(word_before_doc,
"word_before(text, end) -> (word, start)\n\n"
"The word that ends at end (letters and digits, str.isalnum(), with runs joined by single inner\n"
"hyphens or apostrophes: - ' \u2019) and its start, looking back at most 64 characters; end may follow a\n"
"final newline. (\"\", end) when none ends there. The walk of normalize.glued._word_before, in C.");

static int is_joiner(Py_UCS4 ch) { return ch == '-' || ch == '\'' || ch == 0x2019; }

/* The span [*start, *stop) of the word that ends at end (see word_before_doc); *start == *stop when none
   does. end is within the text. */
static void word_span(int kind, const void *data, Py_ssize_t end, Py_ssize_t *start, Py_ssize_t *stop) {
#define AT(k) PyUnicode_READ(kind, data, (k))
    Py_ssize_t lo = end > 64 ? end - 64 : 0;
    Py_ssize_t last = end > lo && AT(end - 1) == '\n' ? end - 1 : end, i = last;
    while (i > lo && Py_UNICODE_ISALNUM(AT(i - 1))) i--;
    /* back over each run of letters and digits joined to this one by a single joiner */
    while (i < last && i - 2 >= lo && is_joiner(AT(i - 1)) && Py_UNICODE_ISALNUM(AT(i - 2))) {
        i--;
        while (i > lo && Py_UNICODE_ISALNUM(AT(i - 1))) i--;
    }
#undef AT
    *start = i;
    *stop = last;
}

static PyObject *word_before(PyObject *module, PyObject *args) {
    PyObject *text;
    Py_ssize_t end, start, stop;
    if (!PyArg_ParseTuple(args, "Un:word_before", &text, &end)) return NULL;
    if (end < 0 || end > PyUnicode_GET_LENGTH(text)) {
        PyErr_Format(PyExc_IndexError, "word_before: end %zd is outside the text", end);
        return NULL;
    }
    word_span(PyUnicode_KIND(text), PyUnicode_DATA(text), end, &start, &stop);
    if (start == stop) return Py_BuildValue("(sn)", "", end);
    PyObject *word = PyUnicode_Substring(text, start, stop);
    if (!word) return NULL;
    return Py_BuildValue("(Nn)", word, start);
}

PyDoc_STRVAR(past_initials_doc,
"past_initials(text, starts) -> list[int]\n\n"
"The offsets of starts (into text) where word_before(text, start) finds no word of one letter\n"
"(str.isalpha). Punctuation after such a word is never a glued boundary (U.S., J.Tolkien).");

static PyObject *past_initials(PyObject *module, PyObject *args) {
    PyObject *text, *starts;
    if (!PyArg_ParseTuple(args, "UO!:past_initials", &text, &PyList_Type, &starts)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(starts);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *item = PyList_GET_ITEM(starts, k);
        Py_ssize_t at = PyLong_AsSsize_t(item), start, stop;
        if (at == -1 && PyErr_Occurred()) goto fail;
        if (at < 0 || at > n) {
            PyErr_Format(PyExc_IndexError, "past_initials: start %zd is outside the text", at);
            goto fail;
        }
        word_span(kind, data, at, &start, &stop);
        int initial = stop - start == 1 && Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, start));
        if (!initial && PyList_Append(out, item) < 0) goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(glued_verdicts_doc,
"glued_verdicts(text, places, classes, namespaces, backticks, abbreviations, starters, extensions,\n"
"               short_words) -> list\n\n"
"The glued rule of normalize.glued, in C: at each of places (sorted offsets where a run of sentence\n"
"punctuation starts, past_initials' result) that no earlier match covers, the boundary expression is\n"
"matched and, if it matches, decided. Returns (at, verdict) for every verdict but \"not a boundary\":\n"
"verdict True, or the name test's question (before, word). classes: the text's glue-class view;\n"
"namespaces: the words the text uses as namespaces; backticks: whether the text has a backtick; the\n"
"sets: the module's word lists. tests/glued_reference.py holds the rule in Python, which this equals.");

static inline int letter_at(Py_UCS4 ch) { return Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch); }
static inline int sentence_punct(Py_UCS4 ch) { return ch == '.' || ch == '?' || ch == '!' || ch == 0x2026; }
static inline int closing(Py_UCS4 ch) {
    return ch == 0x201D || ch == 0x2019 || ch == '"' || ch == '\'' || ch == ')' || ch == ']';
}

typedef struct { int kind; const void *data; Py_ssize_t n; } Text;
#define TX(k) PyUnicode_READ(t->kind, t->data, (k))

/* str.isupper (upper) or str.islower of text[s:e], as CPython decides them: a cased character, and none
   in the other case or in title case */
static int range_is_cased(const Text *t, Py_ssize_t s, Py_ssize_t e, int upper) {
    int cased = 0;
    for (Py_ssize_t i = s; i < e; i++) {
        Py_UCS4 ch = TX(i);
        int is_upper = Py_UNICODE_ISUPPER(ch) != 0, is_lower = Py_UNICODE_ISLOWER(ch) != 0;
        if (Py_UNICODE_ISTITLE(ch) || (upper ? is_lower : is_upper)) return 0;
        cased |= upper ? is_upper : is_lower;
    }
    return cased;
}

/* _mixed_case: an upper-case letter after the first and a lower-case letter anywhere */
static int range_mixed_case(const Text *t, Py_ssize_t s, Py_ssize_t e) {
    int upper = 0, lower = 0;
    for (Py_ssize_t i = s; i < e; i++) {
        Py_UCS4 ch = TX(i);
        if (i > s && Py_UNICODE_ISUPPER(ch)) upper = 1;
        if (Py_UNICODE_ISLOWER(ch)) lower = 1;
    }
    return upper && lower;
}

/* _LETTERS_AND_DIGITS.fullmatch: letters and digits only, at least one of each */
static int range_letters_and_digits(const Text *t, Py_ssize_t s, Py_ssize_t e) {
    int digit = 0, letter = 0;
    for (Py_ssize_t i = s; i < e; i++) {
        Py_UCS4 ch = TX(i);
        if (!Py_UNICODE_ISALNUM(ch)) return 0;
        if (Py_UNICODE_ISDECIMAL(ch)) digit = 1;
        else letter = 1;
    }
    return digit && letter;
}

static int range_has(const Text *t, Py_ssize_t s, Py_ssize_t e, Py_UCS4 c) {
    for (Py_ssize_t i = s; i < e; i++)
        if (TX(i) == c) return 1;
    return 0;
}

/* The boundary expression matched at p: its punctuation's, closing quotes' and opening quote's ends and
   the word's end; 0 when it does not match. No part can give back what it took to let a later one match
   (each takes characters the next cannot start with), so the greedy reading is the expression's. */
static int boundary_at(const Text *t, Py_ssize_t p, Py_ssize_t *punct_end, Py_ssize_t *close_end,
                       Py_ssize_t *word_start, Py_ssize_t *word_end) {
    Py_ssize_t i = p, n = t->n;
    while (i < n && sentence_punct(TX(i))) i++;
    if (i == p) return 0;
    *punct_end = i;
    while (i < n && closing(TX(i))) i++;
    *close_end = i;
    if (i < n && (TX(i) == 0x201C || TX(i) == 0x2018)) i++;
    *word_start = i;
    Py_ssize_t j = i, pairs = 0;  /* an initialism first: a letter and a dot, twice or more */
    while (j + 1 < n && letter_at(TX(j)) && TX(j + 1) == '.') {
        j += 2;
        pairs++;
    }
    if (pairs >= 2) {
        *word_end = j;
        return 1;
    }
    if (i >= n || !letter_at(TX(i))) return 0;
    for (j = i + 1; j < n && Py_UNICODE_ISALNUM(TX(j)); j++) {}
    while (j + 1 < n && is_joiner(TX(j)) && Py_UNICODE_ISALNUM(TX(j + 1)))
        for (j += 2; j < n && Py_UNICODE_ISALNUM(TX(j)); j++) {}
    *word_end = j;
    return 1;
}

/* _CODE_AFTER.match(text, at): [(@/_=\[] or [.:] and a letter or digit */
static int code_after(const Text *t, Py_ssize_t at) {
    if (at >= t->n) return 0;
    Py_UCS4 ch = TX(at);
    if (ch == '(' || ch == '@' || ch == '/' || ch == '_' || ch == '=' || ch == '[') return 1;
    return (ch == '.' || ch == ':') && at + 1 < t->n && Py_UNICODE_ISALNUM(TX(at + 1));
}

/* _in_code_span: an odd number of backticks between the line's start and pos */
static int in_code_span(const Text *t, Py_ssize_t pos) {
    Py_ssize_t i = pos, ticks = 0;
    while (i > 0 && TX(i - 1) != '\n') {
        if (TX(i - 1) == '`') ticks++;
        i--;
    }
    return ticks % 2;
}

#define CODE_NEARBY 100

/* _near_code_reference: within CODE_NEARBY characters of pos on its line, a word of two or more
   characters (a letter first, then letters and digits, after neither a word character nor a dot) glued
   by a dot to a lower-case ASCII letter. Such a dot is a 'P' and an 'l' in the class view; the word is
   the run of letters and digits before it, which must start in the window. */
static int near_code_reference(const Text *t, const uint8_t *classes, Py_ssize_t pos) {
    Py_ssize_t lo = pos > CODE_NEARBY ? pos - CODE_NEARBY : 0, hi = pos + CODE_NEARBY < t->n ? pos + CODE_NEARBY : t->n;
    for (Py_ssize_t i = pos; i > lo; i--)
        if (TX(i - 1) == '\n') {
            lo = i;
            break;
        }
    for (Py_ssize_t i = pos; i < hi; i++)
        if (TX(i) == '\n') {
            hi = i;
            break;
        }
    for (Py_ssize_t d = lo; d + 2 <= hi; d++) {
        const uint8_t *p = memchr(classes + d, 'P', (size_t)(hi - 1 - d));
        if (!p) break;
        d = p - classes;
        if (classes[d + 1] != 'l' || TX(d) != '.') continue;
        Py_ssize_t r = d;
        while (r > lo && Py_UNICODE_ISALNUM(TX(r - 1))) r--;
        if (d - r < 2 || !letter_at(TX(r))) continue;
        /* after a word character or a dot: no reference (nor when the run goes on before the window) */
        if (r > 0 && (TX(r - 1) == '.' || is_word_char(TX(r - 1)))) continue;
        return 1;
    }
    return 0;
}

/* A substring's membership in a set: 1, 0, or -1 with an error. */
static int substring_in(PyObject *text, Py_ssize_t s, Py_ssize_t e, PyObject *set, PyObject **made) {
    if (!*made && !(*made = PyUnicode_Substring(text, s, e))) return -1;
    return PySet_Contains(set, *made);
}

/* Whether str.lower() of a string is in a set (or equals want, when set is NULL): 1, 0, or -1. */
static int lowered_is(PyObject *word, PyObject *set, const char *want) {
    PyObject *lowered = PyObject_CallMethod(word, "lower", NULL);
    if (!lowered) return -1;
    int found = set ? PySet_Contains(set, lowered) : PyUnicode_CompareWithASCIIString(lowered, want) == 0;
    Py_DECREF(lowered);
    return found;
}

/* The verdict at place p (matched: see boundary_at): 0 no boundary, 1 a boundary, 2 the name test's
   question; -1 with an error. *before and *word get the words when made (new references). */
static int glued_verdict(const Text *t, PyObject *text, const uint8_t *classes, Py_ssize_t p, Py_ssize_t punct_end,
                         Py_ssize_t close_end, Py_ssize_t word_start, Py_ssize_t word_end, PyObject *const *sets,
                         int backticks, PyObject **before, PyObject **word) {
    PyObject *namespaces = sets[0], *abbreviations = sets[1], *starters = sets[2], *extensions = sets[3],
             *short_words = sets[4];
    if (!Py_UNICODE_ISUPPER(TX(word_start))) return 0;
    Py_ssize_t bs, be;
    word_span(t->kind, t->data, p, &bs, &be);
    if (bs == be) {  /* "(end).The", "rose 5%.Analysts": through closing brackets, quotes and % */
        Py_ssize_t j = p;
        while (j > 0 && (closing(TX(j - 1)) || TX(j - 1) == '%')) j--;
        if (j == p || j == 0) return 0;
        word_span(t->kind, t->data, j, &bs, &be);
        if (bs == be) return 0;
    }
    if (bs > 0) {
        Py_UCS4 prev = TX(bs - 1);
        if (prev == '.' || (prev < 128 && strchr("/@:_=#\\$~<>|^&*+%`[{", (int)prev) && prev)) return 0;
    }
    if (be - bs == 1 && Py_UNICODE_ISALPHA(TX(bs))) return 0;
    for (Py_ssize_t i = p; i < punct_end; i++)
        if (TX(i) == 0x2026 || (TX(i) == '.' && i + 1 < punct_end && TX(i + 1) == '.')) return 0;
    if (code_after(t, word_end)) return 0;
    Py_ssize_t wl = word_end - word_start, bl = be - bs;
    int quoted = word_start > punct_end;
    if (!quoted && (range_mixed_case(t, word_start, word_end)
                    || (wl > 1 && range_is_cased(t, word_start, word_end, 1) && !range_has(t, word_start, word_end, '.'))))
        return 0;
    int found = substring_in(text, bs, be, abbreviations, before);
    if (found) return found < 0 ? -1 : 0;
    if (bl <= 3 && (found = lowered_is(*before, NULL, "www")) != 0) return found < 0 ? -1 : 0;
    if (range_is_cased(t, bs, be, 0) && bl <= 2) {
        if ((found = PySet_Contains(short_words, *before)) < 0) return -1;
        if (!found) return 0;
    }
    if (wl == 1) {
        int digits = bl > 0;
        for (Py_ssize_t i = bs; i < be && digits; i++) digits = Py_UNICODE_ISDIGIT(TX(i));
        if (digits || (TX(word_start) != 'A' && TX(word_start) != 'I')) return 0;
    }
    if (!(*word = PyUnicode_Substring(text, word_start, word_end))) return -1;
    if (punct_end - p == 1 && TX(p) == '.' && !range_has(t, word_start, word_end, '.')) {
        if ((found = lowered_is(*word, extensions, NULL)) != 0) return found < 0 ? -1 : 0;
    }
    if (backticks && in_code_span(t, p)) return 0;
    if (quoted) return 1;
    if (range_mixed_case(t, bs, be) || range_letters_and_digits(t, bs, be)) return 0;
    if ((found = PySet_Contains(namespaces, *before)) != 0) return found < 0 ? -1 : 0;
    if (near_code_reference(t, classes, p)) return 0;
    if ((found = PySet_Contains(starters, *word)) != 0) return found < 0 ? -1 : 1;
    return 2;
}

static PyObject *glued_verdicts(PyObject *module, PyObject *args) {
    PyObject *text, *places, *classes_obj, *sets[5];
    int backticks;
    if (!PyArg_ParseTuple(args, "UO!SOpOOOO:glued_verdicts", &text, &PyList_Type, &places, &classes_obj, &sets[0],
                          &backticks, &sets[1], &sets[2], &sets[3], &sets[4]))
        return NULL;
    for (int k = 0; k < 5; k++)
        if (!PyAnySet_Check(sets[k])) {
            PyErr_SetString(PyExc_TypeError, "glued_verdicts: the word lists must be sets");
            return NULL;
        }
    Text t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text)};
    if (PyBytes_GET_SIZE(classes_obj) != t.n) {
        PyErr_SetString(PyExc_ValueError, "glued_verdicts: classes must be as long as the text");
        return NULL;
    }
    const uint8_t *classes = (const uint8_t *)PyBytes_AS_STRING(classes_obj);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    Py_ssize_t done = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(places); k++) {
        Py_ssize_t p = PyLong_AsSsize_t(PyList_GET_ITEM(places, k)), punct_end, close_end, word_start, word_end;
        if (p == -1 && PyErr_Occurred()) goto fail;
        if (p < 0 || p > t.n) {
            PyErr_Format(PyExc_IndexError, "glued_verdicts: place %zd is outside the text", p);
            goto fail;
        }
        if (p < done || !boundary_at(&t, p, &punct_end, &close_end, &word_start, &word_end)) continue;
        /* as finditer would, never start inside an earlier match; after past_initials no place lies in one
           (only an initialism's dots do, each after a word of one letter), but any places may be given */
        done = word_end;
        PyObject *before = NULL, *word = NULL, *item = NULL;
        int verdict = glued_verdict(&t, text, classes, p, punct_end, close_end, word_start, word_end, sets,
                                    backticks, &before, &word);
        if (verdict == 1) item = Py_BuildValue("(nO)", close_end, Py_True);
        else if (verdict == 2) item = Py_BuildValue("(n(OO))", close_end, before, word);
        Py_XDECREF(before);
        Py_XDECREF(word);
        if (verdict < 0) goto fail;
        if (verdict && (!item || PyList_Append(out, item) < 0)) {
            Py_XDECREF(item);
            goto fail;
        }
        Py_XDECREF(item);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}
#undef TX

PyDoc_STRVAR(squeeze_spaces_doc,
"squeeze_spaces(data) -> bytes\n\n"
"data (bytes-like) with every run of spaces (0x20) made one, and none at either end: the byte view of\n"
"collapse_separators(text) made from a view of text that gives each separator the byte 0x20, without\n"
"making the collapsed str (see automaton.StrAutomaton.find_apart_collapsed).");

static PyObject *squeeze_spaces(PyObject *module, PyObject *arg) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, buf.len);
    if (!out) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    const uint8_t *in = buf.buf;
    uint8_t *to = (uint8_t *)PyBytes_AS_STRING(out);
    Py_ssize_t k = 0, n = buf.len;
#ifdef EIGHT_AT_A_TIME
    /* Eight bytes at a time: a run of two spaces or more comes now and then, a single space every few
       bytes, so most blocks have no space right after a space and are copied whole (a loop over every
       byte cost ~0.9 ms per MB). A space's top bit marks it; shifted a byte up, it marks the byte after. */
    int after_space = 1;  /* so that spaces at the start keep nothing */
    for (Py_ssize_t i = 0; i < n;) {
        if (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, in + i, 8);
            uint64_t space = bytes_equal(x, ' ');
            if (!(space & ((space << 8) | (after_space ? 0x80u : 0)))) {  /* no space after a space */
                memcpy(to + k, in + i, 8);
                k += 8;
                i += 8;
                after_space = (int)(space >> 63);
                continue;
            }
        }
        int is_space = in[i] == ' ';
        to[k] = in[i++];
        k += !(is_space & after_space);
        after_space = is_space;
    }
    if (k && after_space) k--;  /* none at the end */
#else
    Py_UCS4 widest = 0;  /* (not needed for bytes) */
#define SPACE_BYTE(ch) ((ch) == ' ')
    SQUEEZE_RUNS(uint8_t, in, to, n, k, widest, SPACE_BYTE)
#undef SPACE_BYTE
    (void)widest;
#endif
    PyBuffer_Release(&buf);
    if (k < PyBytes_GET_SIZE(out) && _PyBytes_Resize(&out, k) < 0) return NULL;
    return out;
}

static PyMethodDef module_methods[] = {
    {"view", view, METH_VARARGS, view_doc},
    {"count_words", count_words, METH_O, count_words_doc},
    {"repeats", repeats, METH_O, repeats_doc},
    {"glued_starts", glued_starts, METH_O, glued_starts_doc},
    {"namespaces", namespaces, METH_VARARGS, namespaces_doc},
    {"runs_among", runs_among, METH_VARARGS, runs_among_doc},
    {"ignorecase_lower", ignorecase_lower, METH_O, ignorecase_lower_doc},
    {"collapse_separators", collapse_separators, METH_O, collapse_separators_doc},
    {"squeeze_spaces", squeeze_spaces, METH_O, squeeze_spaces_doc},
    {"word_before", word_before, METH_VARARGS, word_before_doc},
    {"past_initials", past_initials, METH_VARARGS, past_initials_doc},
    {"glued_verdicts", glued_verdicts, METH_VARARGS, glued_verdicts_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef wordscan_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_wordscan",
    .m_doc = "Word-level scans of whole texts for normalization (see src/unspin/wordbytes.py).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__wordscan(void) {
    fill_separator_bytes();
    return PyModule_Create(&wordscan_module);
}
