/* Loops over lists of edits (unspin.model.Edit, a slots record) and of spans for src/unspin/edits.py and
 * compose.py: in spun text a MB gets ~22,000 edits, and each pass applies, places and moves them all, and
 * merges the spans they change.
 */
#include "_slots.h"

enum { START, END, ORIGINAL, REPLACEMENT, NFIELDS };
static const char *const names[NFIELDS] = {"start", "end", "original", "replacement"};

/* layout_of (_slots.h) for an edit: 1 when found, 0 when it is no slots record with these fields (no
 * error set: the caller leaves it to Python), -1 on another error. */
static int edit_layout(Layout *layout, PyObject *record) {
    if (layout_of(layout, Py_TYPE(record), names, NFIELDS) == 0) return 1;
    if (!PyErr_ExceptionMatches(PyExc_TypeError)) return -1;
    PyErr_Clear();
    return 0;
}

/* An edit's span: 1, 0 when it is not a slots record holding ints and strs (no error set), -1 on error. */
static int span_of(Layout *layout, PyObject *e, Py_ssize_t *start, Py_ssize_t *end) {
    int ok = edit_layout(layout, e);
    if (ok <= 0) return ok;
    PyObject *s = slot_at(e, layout->offsets[START], "start"), *t = slot_at(e, layout->offsets[END], "end");
    if (!s || !t) return -1;
    if (!PyLong_CheckExact(s) || !PyLong_CheckExact(t)) return 0;
    *start = ssize_of(s);
    *end = ssize_of(t);
    return (*start == -1 || *end == -1) && PyErr_Occurred() ? -1 : 1;
}

/* span_of for the loops that take nothing but edits: 0, or -1 with an error (a TypeError naming the
 * function `who` when the item is no edit). */
static int edit_span(Layout *layout, PyObject *e, Py_ssize_t *start, Py_ssize_t *end, const char *who) {
    int ok = span_of(layout, e, start, end);
    if (!ok) PyErr_Format(PyExc_TypeError, "%s: an edit must be a slots record (unspin.model.Edit)", who);
    return ok > 0 ? 0 : -1;
}

/* A copy of the edit at start..end (new reference). */
static PyObject *moved_to(const Layout *layout, PyObject *e, Py_ssize_t start, Py_ssize_t end) {
    PyObject *values[2] = {PyLong_FromSsize_t(start), PyLong_FromSsize_t(end)}, *copy = NULL;
    Py_ssize_t offsets[2] = {layout->offsets[START], layout->offsets[END]};
    if (values[0] && values[1]) copy = with_slots(e, offsets, values, 2);
    Py_XDECREF(values[0]);
    Py_XDECREF(values[1]);
    return copy;
}

/* Move an edit that nothing but the caller's list holds to start..end, in place: no one else can see it
 * change, and it saves a copy and the freeing of the original (0, or -1 with an error). */
static int move_in_place(const Layout *layout, PyObject *e, Py_ssize_t start, Py_ssize_t end) {
    PyObject *s = PyLong_FromSsize_t(start), *t = s ? PyLong_FromSsize_t(end) : NULL;
    if (!t) {
        Py_XDECREF(s);
        return -1;
    }
    Py_SETREF(*(PyObject **)((char *)e + layout->offsets[START]), s);
    Py_SETREF(*(PyObject **)((char *)e + layout->offsets[END]), t);
    return 0;
}

static PyObject *text_slot(const Layout *layout, PyObject *e, int k) {
    PyObject *v = slot_at(e, layout->offsets[k], names[k]);
    if (v && !PyUnicode_Check(v)) {
        PyErr_Format(PyExc_TypeError, "an edit's %s must be a str", names[k]);
        return NULL;
    }
    return v;
}

PyDoc_STRVAR(apply_doc,
"apply(text, edits, offset=0) -> str or None\n\n"
"text with each edit's span replaced by its replacement, for edits (a list of slots records with\n"
"start, end, original and replacement) sorted by (start, end), each within the text, holding the text\n"
"it spans as original, and apart: none starts before the last one ends, and no two insertions share\n"
"an offset. None when they are not so (unspin.edits.check_edits then says why). Offsets are those of\n"
"a longer text in which text begins at offset.");

/* The bits set in the characters of text[start:end], OR-ed: a character wider than a kind's range sets a
 * bit above it, so this tells the narrowest kind that holds the span (see narrowest_max). Reading stops
 * once the bits reach the text's own kind (floor: 0x80, 0x100 or 0x10000), which no span can pass:
 * in most texts the first curly quote or accented letter settles it. */
static Py_UCS4 char_bits(PyObject *text, Py_ssize_t start, Py_ssize_t end, Py_UCS4 floor) {
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 bits = 0;
    if (PyUnicode_IS_ASCII(text)) return 0;
    for (Py_ssize_t lo = start; lo < end && bits < floor; lo += 64) {
        Py_ssize_t hi = end - lo < 64 ? end : lo + 64;
        switch (PyUnicode_KIND(text)) {
        case PyUnicode_1BYTE_KIND:
            for (const Py_UCS1 *p = (const Py_UCS1 *)data + lo, *q = (const Py_UCS1 *)data + hi; p < q; p++) bits |= *p;
            break;
        case PyUnicode_2BYTE_KIND:
            for (const Py_UCS2 *p = (const Py_UCS2 *)data + lo, *q = (const Py_UCS2 *)data + hi; p < q; p++) bits |= *p;
            break;
        default:
            for (const Py_UCS4 *p = (const Py_UCS4 *)data + lo, *q = (const Py_UCS4 *)data + hi; p < q; p++) bits |= *p;
        }
    }
    return bits;
}

/* The max char PyUnicode_New takes for the narrowest string holding characters with these bits. */
static Py_UCS4 narrowest_max(Py_UCS4 bits) {
    return bits < 0x80 ? 0x7f : bits < 0x100 ? 0xff : bits < 0x10000 ? 0xffff : 0x10ffff;
}

typedef struct {
    Py_ssize_t start, end;
    PyObject *replacement;  /* borrowed: the edit holds it */
} Splice;

/* The spans and replacements of edits, checked as apply_doc says: 1, 0 when they are irregular (no error
 * set), -1 on error. Also the result's length and the bits of its characters (char_bits). */
static int splices_of(PyObject *text, PyObject *edits, Py_ssize_t offset, Splice *out, Py_ssize_t *length,
                      Py_UCS4 *bits) {
    Py_ssize_t n = PyList_GET_SIZE(edits), size = PyUnicode_GET_LENGTH(text), pos = 0, prev_start = -1;
    Layout layout = {0};
    int kind = PyUnicode_KIND(text);
    Py_UCS4 floor = kind == PyUnicode_1BYTE_KIND ? 0x80 : kind == PyUnicode_2BYTE_KIND ? 0x100 : 0x10000;
    *length = size;
    *bits = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i);
        Py_ssize_t s, t;
        int ok = span_of(&layout, e, &s, &t);
        if (ok <= 0) return ok;
        s -= offset;
        t -= offset;
        if (s < 0 || t < s || t > size) return 0;
        /* apart (and so sorted): no overlap, no second insertion at one offset */
        if (s < pos || (s == pos && prev_start == pos && s == t)) return 0;
        PyObject *original = text_slot(&layout, e, ORIGINAL), *replacement = text_slot(&layout, e, REPLACEMENT);
        if (!original || !replacement) return -1;
        if (PyUnicode_GET_LENGTH(original) != t - s) return 0;
        if (t > s) {
            Py_ssize_t same = PyUnicode_Tailmatch(text, original, s, t, -1);
            if (same <= 0) return (int)same;  /* 0: stale */
        }
        if (*bits < floor) *bits |= char_bits(text, pos, s, floor);  /* (once at the text's kind, done) */
        *bits |= PyUnicode_MAX_CHAR_VALUE(replacement);
        *length += PyUnicode_GET_LENGTH(replacement) - (t - s);
        out[i] = (Splice){s, t, replacement};
        prev_start = s;
        pos = t;
    }
    if (*bits < floor) *bits |= char_bits(text, pos, size, floor);
    return 1;
}

/* Copy n characters of src from offset from into dst at offset at; every one fits dst's kind (the caller
 * made dst from their char_bits). Not PyUnicode_CopyCharacters: CPython 3.11's check before writing a
 * Latin-1 string's characters into an ASCII one reads the string's first n characters, not those
 * copied, and so refuses an ASCII stretch after an accented letter. */
static void copy_chars(PyObject *dst, Py_ssize_t at, PyObject *src, Py_ssize_t from, Py_ssize_t n) {
    int dst_kind = PyUnicode_KIND(dst), src_kind = PyUnicode_KIND(src);
    void *d = PyUnicode_DATA(dst);
    const void *s = PyUnicode_DATA(src);
    if (dst_kind == src_kind) {
        memcpy((char *)d + at * dst_kind, (const char *)s + from * src_kind, (size_t)(n * dst_kind));
        return;
    }
    for (Py_ssize_t i = 0; i < n; i++) PyUnicode_WRITE(dst_kind, d, at + i, PyUnicode_READ(src_kind, s, from + i));
}

/* Python's own strings are always in the narrowest kind (str equality compares kinds first), so the
 * result is made as str.join would make it from the kept pieces and the replacements, but written
 * straight into one string: slicing 22,000 pieces of a MB first (each narrowed, then widened again by
 * the join) cost ~8 ms. */
static PyObject *apply(PyObject *module, PyObject *args) {
    PyObject *text, *edits, *result = NULL;
    Py_ssize_t offset = 0, length;
    Py_UCS4 bits;
    if (!PyArg_ParseTuple(args, "UO!|n", &text, &PyList_Type, &edits, &offset)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits);
    if (!n && PyUnicode_CheckExact(text)) return Py_NewRef(text);  /* what joining its one piece gives */
    Splice *splices = PyMem_Malloc(sizeof(Splice) * (n ? n : 1));
    if (!splices) return PyErr_NoMemory();
    int ok = splices_of(text, edits, offset, splices, &length, &bits);
    if (ok <= 0) {
        PyMem_Free(splices);
        return ok < 0 ? NULL : Py_NewRef(Py_None);
    }
    if (!(result = PyUnicode_New(length, narrowest_max(bits)))) goto done;
    Py_ssize_t pos = 0, at = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        Py_ssize_t s = i < n ? splices[i].start : PyUnicode_GET_LENGTH(text);
        copy_chars(result, at, text, pos, s - pos);
        at += s - pos;
        if (i == n) break;
        PyObject *r = splices[i].replacement;
        Py_ssize_t size = PyUnicode_GET_LENGTH(r);
        copy_chars(result, at, r, 0, size);
        at += size;
        pos = splices[i].end;
    }
done:
    PyMem_Free(splices);
    return result;
}

/* Offsets handed from loop to loop (the outputs of thousands of edits, the spans they change) travel as
 * array.array('q'): a flat run of 64-bit ints, where a list of them cost an int object each (a spun MB's
 * 22,000 changed spans took ~2 ms to make as (start, end) tuples, and as long again to read back). */
static PyObject *array_type;  /* array.array, imported with the module */

/* values[0:n] as an array('q') (new reference). */
static PyObject *offsets_array(const Py_ssize_t *values, Py_ssize_t n) {
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(long long)), *out;
    if (!bytes) return NULL;
    long long *to = (long long *)PyBytes_AS_STRING(bytes);
    for (Py_ssize_t i = 0; i < n; i++) to[i] = values[i];
    out = PyObject_CallFunction(array_type, "CO", 'q', bytes);
    Py_DECREF(bytes);
    return out;
}

/* Offsets given as a list of ints or as array('q') (any buffer of 64-bit ints), as a C array (PyMem_Free
 * it) of *n values; NULL with an error naming `what` otherwise. */
static Py_ssize_t *offsets_of(PyObject *given, Py_ssize_t *n, const char *what) {
    Py_ssize_t *out;
    if (PyList_Check(given)) {
        *n = PyList_GET_SIZE(given);
        if (!(out = PyMem_Malloc(sizeof(Py_ssize_t) * (*n ? *n : 1)))) return (Py_ssize_t *)PyErr_NoMemory();
        for (Py_ssize_t i = 0; i < *n; i++) {
            out[i] = ssize_of(PyList_GET_ITEM(given, i));
            if (out[i] == -1 && PyErr_Occurred()) {
                PyMem_Free(out);
                return NULL;
            }
        }
        return out;
    }
    Py_buffer view;
    if (!PyObject_CheckBuffer(given) || PyObject_GetBuffer(given, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s must be a list of ints or an array('q')", what);
        return NULL;
    }
    if (view.itemsize != (Py_ssize_t)sizeof(long long) || !view.format || strcmp(view.format, "q")) {
        PyBuffer_Release(&view);
        PyErr_Format(PyExc_TypeError, "%s must be a list of ints or an array('q')", what);
        return NULL;
    }
    *n = view.len / view.itemsize;
    if ((out = PyMem_Malloc(sizeof(Py_ssize_t) * (*n ? *n : 1))))
        for (Py_ssize_t i = 0; i < *n; i++) out[i] = (Py_ssize_t)((const long long *)view.buf)[i];
    else
        PyErr_NoMemory();
    PyBuffer_Release(&view);
    return out;
}

typedef struct { Py_ssize_t lo, hi; } Span;

/* A span (start, end): a tuple (or list) of two ints. 0 on success; -1 with an error set otherwise. */
static int pair_of(PyObject *item, Py_ssize_t *a, Py_ssize_t *b) {
    if (!(PyTuple_Check(item) || PyList_Check(item)) || PySequence_Fast_GET_SIZE(item) != 2) {
        PyErr_SetString(PyExc_TypeError, "a span must be a tuple (start, end)");
        return -1;
    }
    *a = ssize_of(PySequence_Fast_GET_ITEM(item, 0));
    *b = ssize_of(PySequence_Fast_GET_ITEM(item, 1));
    return (*a == -1 || *b == -1) && PyErr_Occurred() ? -1 : 0;
}

/* Spans given as a list of (start, end) pairs or flat, as array('q') of starts and ends interleaved
 * (edits.changed_spans), as a C array (PyMem_Free it) of *n spans; NULL with an error naming `who`
 * otherwise. */
static Span *spans_of(PyObject *given, Py_ssize_t *n, const char *who) {
    Span *out;
    if (PyList_Check(given)) {
        *n = PyList_GET_SIZE(given);
        if (!(out = PyMem_Malloc(sizeof(Span) * (*n ? *n : 1)))) return (Span *)PyErr_NoMemory();
        for (Py_ssize_t i = 0; i < *n; i++)
            if (pair_of(PyList_GET_ITEM(given, i), &out[i].lo, &out[i].hi) < 0) {
                PyMem_Free(out);
                return NULL;
            }
        return out;
    }
    Py_ssize_t count;
    Py_ssize_t *flat = offsets_of(given, &count, who);
    if (!flat) return NULL;
    if (count % 2) {
        PyMem_Free(flat);
        PyErr_Format(PyExc_ValueError, "%s: flat spans need an end for every start", who);
        return NULL;
    }
    *n = count / 2;
    if ((out = PyMem_Malloc(sizeof(Span) * (*n ? *n : 1))))
        for (Py_ssize_t i = 0; i < *n; i++) {
            out[i].lo = flat[2 * i];
            out[i].hi = flat[2 * i + 1];
        }
    else
        PyErr_NoMemory();
    PyMem_Free(flat);
    return out;
}

/* spans[0:n] flat, as array('q') of starts and ends interleaved (new reference). */
static PyObject *flat_spans(const Span *spans, Py_ssize_t n) {
    return offsets_array((const Py_ssize_t *)spans, 2 * n);
}

/* Add a span to spans[0:*n] (sorted by lo), merged into the last when they overlap or touch. */
static void add_span(Span *spans, Py_ssize_t *n, Span span) {
    if (*n && span.lo <= spans[*n - 1].hi) {
        if (span.hi > spans[*n - 1].hi) spans[*n - 1].hi = span.hi;
    } else {
        spans[(*n)++] = span;
    }
}

/* Where each edit of a list sorted by span puts its replacement in the text the edits make (starts[i],
 * ends[i]) and how much the text has grown before it (shifts[i]; shifts[n]: after the last), for
 * output_spans and changed_spans. 1; 0 when the edits are not in (start, end) order (the loop reads
 * every span anyway, so the callers need no sorted_by_span pass first); or -1 with an error (`who`
 * names the caller). */
static int place_outputs(PyObject *edits, Py_ssize_t *starts, Py_ssize_t *ends, Py_ssize_t *shifts,
                         const char *who) {
    Py_ssize_t n = PyList_GET_SIZE(edits), growth = 0, prev_s = PY_SSIZE_T_MIN, prev_t = PY_SSIZE_T_MIN;
    Layout layout = {0};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i), *replacement;
        Py_ssize_t s, t;
        if (edit_span(&layout, e, &s, &t, who) < 0 || !(replacement = text_slot(&layout, e, REPLACEMENT)))
            return -1;
        if (s < prev_s || (s == prev_s && t < prev_t)) return 0;  /* out of span order: the caller sorts */
        prev_s = s;
        prev_t = t;
        shifts[i] = growth;
        starts[i] = s + growth;
        ends[i] = starts[i] + PyUnicode_GET_LENGTH(replacement);
        growth += PyUnicode_GET_LENGTH(replacement) - (t - s);
    }
    shifts[n] = growth;
    return 1;
}

PyDoc_STRVAR(output_spans_doc,
"output_spans(edits) -> (starts, ends, shifts)\n\n"
"For edits sorted by span: where each one's replacement lies in the text they make (starts, ends), and\n"
"how much the text has grown before each edit (shifts, with one more item: the growth after the last);\n"
"each an array('q'). None when the edits are not in (start, end) order.");

PyDoc_STRVAR(changed_spans_doc,
"changed_spans(edits) -> array('q')\n\n"
"For edits sorted by span: where each one's replacement lies in the text they make, flat: output_spans'\n"
"starts and ends interleaved (start, end, start, end...). None when they are not in (start, end) order.");

/* output_spans (flat: 0) or changed_spans (flat: 1). */
static PyObject *outputs_of(PyObject *args, int flat) {
    PyObject *edits;
    if (!PyArg_ParseTuple(args, flat ? "O!:changed_spans" : "O!:output_spans", &PyList_Type, &edits)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits), size = n ? n : 1;
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * size), *ends = PyMem_Malloc(sizeof(Py_ssize_t) * size);
    Py_ssize_t *shifts = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    Span *spans = flat ? PyMem_Malloc(sizeof(Span) * size) : NULL;
    PyObject *result = NULL, *a = NULL, *b = NULL, *c = NULL;
    if (!starts || !ends || !shifts || (flat && !spans)) {
        PyErr_NoMemory();
        goto done;
    }
    int placed = place_outputs(edits, starts, ends, shifts, flat ? "changed_spans" : "output_spans");
    if (placed < 0) goto done;
    if (!placed) {
        result = Py_NewRef(Py_None);
    } else if (flat) {
        for (Py_ssize_t i = 0; i < n; i++) spans[i] = (Span){starts[i], ends[i]};
        result = flat_spans(spans, n);
    } else if ((a = offsets_array(starts, n)) && (b = offsets_array(ends, n)) && (c = offsets_array(shifts, n + 1))) {
        result = PyTuple_Pack(3, a, b, c);
    }
done:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(shifts);
    PyMem_Free(spans);
    return result;
}

static PyObject *output_spans(PyObject *module, PyObject *args) { return outputs_of(args, 0); }

static PyObject *changed_spans(PyObject *module, PyObject *args) { return outputs_of(args, 1); }

PyDoc_STRVAR(moved_clear_doc,
"moved_clear(edits, starts, ends, shifts, in_place=False) -> (list, left)\n\n"
"For edits found on a text made by other edits, whose outputs lie at starts[k]:ends[k] there with the\n"
"text grown by shifts[k] before each (output_spans): per edit, when it spans text (start < end) and no\n"
"output lies inside its span, the same edit at the offsets the text had before (the edit itself when\n"
"they do not move); else None, for the caller to combine it with the outputs it touches; and left, the\n"
"indices of those Nones (a comprehension looking for them cost ~1.5 ms per spun MB). None instead of the\n"
"pair when the edits are not in (start, end) order: the caller sorts them.\n\n"
"With in_place, the list edits is consumed: an edit that it alone holds is moved in place (a spun MB's\n"
"~22,000 copies, and the freeing of as many originals, are saved), so the list's items must not be read\n"
"afterwards; an edit held anywhere else is copied, and never changes.");

/* What moved_clear does with an edit: keep it where it is, move it to start..end, or leave it to the caller. */
typedef struct { Py_ssize_t start, end; enum { KEEP, MOVE, LEAVE } what; } Move;

static PyObject *moved_clear(PyObject *module, PyObject *args) {
    PyObject *edits, *starts_given, *ends_given, *shifts_given;
    int in_place = 0;
    if (!PyArg_ParseTuple(args, "O!OOO|p", &PyList_Type, &edits, &starts_given, &ends_given, &shifts_given,
                          &in_place))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits), *starts = NULL, *ends = NULL, *shifts = NULL, m = 0, m_ends, m_shifts;
    Layout layout = {0};
    PyObject *out = NULL, *left = NULL;
    Move *moves = NULL;
    if (!(starts = offsets_of(starts_given, &m, "starts")) || !(ends = offsets_of(ends_given, &m_ends, "ends"))
        || !(shifts = offsets_of(shifts_given, &m_shifts, "shifts")))
        goto done;
    if (m_ends != m || m_shifts != m + 1) {
        PyErr_SetString(PyExc_ValueError, "moved_clear: starts and ends need one item per output, shifts one more");
        goto done;
    }
    if (!(moves = PyMem_New(Move, n ? n : 1))) {
        PyErr_NoMemory();
        goto done;
    }
    /* every edit's fate first: an edit moved in place must not be moved again after the caller sorts */
    Py_ssize_t hint = 0, prev_s = PY_SSIZE_T_MIN, prev_t = PY_SSIZE_T_MIN;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t s, t;
        if (edit_span(&layout, PyList_GET_ITEM(edits, i), &s, &t, "moved_clear") < 0) goto done;
        if (s < prev_s || (s == prev_s && t < prev_t)) {  /* out of span order: the caller sorts */
            out = Py_NewRef(Py_None);
            goto done;
        }
        prev_s = s;
        prev_t = t;
        /* the first output ending after s: those before precede it (edits in order: from the last) */
        Py_ssize_t lo = hint = bisect_from(ends, m, s, 1, hint);
        if (s < t && (lo == m || starts[lo] >= t))
            moves[i] = (Move){s - shifts[lo], t - shifts[lo], shifts[lo] ? MOVE : KEEP};
        else
            moves[i] = (Move){s, t, LEAVE};
    }
    if (!(out = PyList_New(n)) || !(left = PyList_New(0))) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i), *item = e;
        if (moves[i].what == LEAVE) {
            PyObject *index = PyLong_FromSsize_t(i);
            int rc = index ? PyList_Append(left, index) : -1;
            Py_XDECREF(index);
            if (rc < 0) goto fail;
            item = Py_None;
        } else if (moves[i].what == MOVE) {
            if (in_place && Py_REFCNT(e) == 1) {  /* the list alone holds it, and gives it up */
                if (move_in_place(&layout, e, moves[i].start, moves[i].end) < 0) goto fail;
            } else {
                if (!(item = moved_to(&layout, e, moves[i].start, moves[i].end))) goto fail;
                PyList_SET_ITEM(out, i, item);  /* a new reference already */
                continue;
            }
        }
        PyList_SET_ITEM(out, i, Py_NewRef(item));
    }
    Py_SETREF(out, PyTuple_Pack(2, out, left));
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(left);
    PyMem_Free(moves);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(shifts);
    return out;
}

PyDoc_STRVAR(shifted_doc,
"shifted(edits, by) -> list\n\n"
"The edits moved by `by` code points: copies with start and end increased by it (the edits themselves\n"
"when by is 0).");

static PyObject *shifted(PyObject *module, PyObject *args) {
    PyObject *edits;
    Py_ssize_t by;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &edits, &by)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits);
    Layout layout = {0};
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i), *item = NULL;
        Py_ssize_t s, t;
        if (edit_span(&layout, e, &s, &t, "shifted") == 0)
            item = by ? moved_to(&layout, e, s + by, t + by) : Py_NewRef(e);
        if (!item) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, item);
    }
    return out;
}

PyDoc_STRVAR(changing_doc,
"changing(edits) -> list\n\n"
"The edits (slots records with start, end, original and replacement, all str and int) whose\n"
"replacement differs from their original, in order.");

static PyObject *changing(PyObject *module, PyObject *args) {
    PyObject *edits;
    if (!PyArg_ParseTuple(args, "O!:changing", &PyList_Type, &edits)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(edits);
    Layout layout = {0};
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *e = PyList_GET_ITEM(edits, i), *original, *replacement;
        Py_ssize_t s, t;
        if (edit_span(&layout, e, &s, &t, "changing") < 0 || !(original = text_slot(&layout, e, ORIGINAL))
                || !(replacement = text_slot(&layout, e, REPLACEMENT))) {
            Py_CLEAR(out);
            break;
        }
        /* two strs: PyUnicode_Compare cannot fail */
        if (PyUnicode_Compare(original, replacement) != 0 && PyList_Append(out, e) < 0) Py_CLEAR(out);
    }
    return out;
}

PyDoc_STRVAR(sorted_by_span_doc,
"sorted_by_span(edits) -> bool\n\n"
"Whether the edits (slots records) are in (start, end) order already, so that sorting them would\n"
"return the same list.");

static PyObject *sorted_by_span(PyObject *module, PyObject *args) {
    PyObject *edits;
    if (!PyArg_ParseTuple(args, "O!:sorted_by_span", &PyList_Type, &edits)) return NULL;
    Layout layout = {0};
    Py_ssize_t prev_s = PY_SSIZE_T_MIN, prev_t = PY_SSIZE_T_MIN;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(edits); i++) {
        Py_ssize_t s, t;
        int ok = span_of(&layout, PyList_GET_ITEM(edits, i), &s, &t);
        if (ok < 0) return NULL;
        if (!ok || s < prev_s || (s == prev_s && t < prev_t)) Py_RETURN_FALSE;  /* or unreadable: sort it */
        prev_s = s;
        prev_t = t;
    }
    Py_RETURN_TRUE;
}

PyDoc_STRVAR(merged_by_span_doc,
"merged_by_span(first, second) -> list | None\n\n"
"The edits of two lists, each in (start, end) order, in that order (an edit of first before an edit of\n"
"second with the same span): what sorted(first + second, key=(start, end)) returns. None when a list\n"
"is not in order, or holds something else than slots records: the caller sorts.");

static PyObject *merged_by_span(PyObject *module, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &a, &PyList_Type, &b)) return NULL;
    Py_ssize_t na = PyList_GET_SIZE(a), nb = PyList_GET_SIZE(b), i = 0, j = 0, k = 0;
    Py_ssize_t as = 0, at = 0, bs = 0, bt = 0, prev_s = PY_SSIZE_T_MIN, prev_t = PY_SSIZE_T_MIN;
    Layout layout = {0};
    PyObject *out = PyList_New(na + nb);
    if (!out) return NULL;
    int ok = 1;
    if (i < na) ok = span_of(&layout, PyList_GET_ITEM(a, i), &as, &at);
    if (ok > 0 && j < nb) ok = span_of(&layout, PyList_GET_ITEM(b, j), &bs, &bt);
    while (ok > 0 && (i < na || j < nb)) {
        /* the next edit: first's on a tie, so that equal spans keep the order sorted() gives */
        int take_a = j >= nb || (i < na && (as < bs || (as == bs && at <= bt)));
        Py_ssize_t s = take_a ? as : bs, t = take_a ? at : bt;
        if (s < prev_s || (s == prev_s && t < prev_t)) {  /* a list out of order */
            ok = 0;
            break;
        }
        prev_s = s;
        prev_t = t;
        PyObject *e = take_a ? PyList_GET_ITEM(a, i++) : PyList_GET_ITEM(b, j++);
        Py_INCREF(e);
        PyList_SET_ITEM(out, k++, e);
        if (take_a && i < na) ok = span_of(&layout, PyList_GET_ITEM(a, i), &as, &at);
        else if (!take_a && j < nb) ok = span_of(&layout, PyList_GET_ITEM(b, j), &bs, &bt);
    }
    if (ok > 0) return out;
    Py_DECREF(out);  /* the slots not yet set are NULL, which a list's deallocation skips */
    if (ok < 0) return NULL;
    Py_RETURN_NONE;
}

PyDoc_STRVAR(merge_spans_doc,
"merge_spans(spans, radius, length) -> list\n\n"
"Spans sorted by start ((start, end) pairs, or flat: array('q') of starts and ends interleaved), each\n"
"widened by radius (within [0, length]; length < 0: no upper bound), those that overlap or touch merged,\n"
"as (start, end) pairs.");

static PyObject *merge_spans(PyObject *module, PyObject *args) {
    PyObject *given, *out = NULL;
    Py_ssize_t radius, length, n, merged = 0;
    if (!PyArg_ParseTuple(args, "Onn", &given, &radius, &length)) return NULL;
    Span *spans = spans_of(given, &n, "merge_spans");
    if (!spans) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {  /* merged in place: the merged never outrun the read */
        Py_ssize_t lo = spans[i].lo > radius ? spans[i].lo - radius : 0, hi = spans[i].hi + radius;
        add_span(spans, &merged, (Span){lo, length >= 0 && hi > length ? length : hi});
    }
    out = PyList_New(merged);
    for (Py_ssize_t i = 0; out && i < merged; i++) {
        PyObject *pair = Py_BuildValue("(nn)", spans[i].lo, spans[i].hi);
        if (!pair) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, pair);
    }
    PyMem_Free(spans);
    return out;
}

/* A match's start, end and entry (a tuple that begins with them): 0, or -1 with an error naming `who`. */
static int match_fields(PyObject *m, const char *who, Py_ssize_t *start, Py_ssize_t *end, Py_ssize_t *entry) {
    if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) < 3) {
        PyErr_Format(PyExc_TypeError, "%s: a match is a tuple (start, end, entry, ...)", who);
        return -1;
    }
    *start = ssize_of(PyTuple_GET_ITEM(m, 0));
    *end = ssize_of(PyTuple_GET_ITEM(m, 1));
    *entry = ssize_of(PyTuple_GET_ITEM(m, 2));
    return (*start == -1 || *end == -1 || *entry == -1) && PyErr_Occurred() ? -1 : 0;
}

/* match_fields, and the flag of the match's entry in flags (a byte per entry; only the first `limit`
 * count): the flag, or -1 with an error naming `who`. */
static int flag_of(PyObject *m, const Py_buffer *flags, Py_ssize_t limit, const char *who, Py_ssize_t *start,
                   Py_ssize_t *end, Py_ssize_t *entry) {
    if (match_fields(m, who, start, end, entry) < 0) return -1;
    if (*entry < 0 || *entry >= limit || *entry >= flags->len) {
        PyErr_Format(PyExc_IndexError, "%s: entry %zd has no flag", who, *entry);
        return -1;
    }
    return ((const unsigned char *)flags->buf)[*entry];
}

PyDoc_STRVAR(near_matches_doc,
"near_matches(matches, spans, reach, wide, reopened) -> list\n\n"
"The matches (tuples that begin start, end, entry) that overlap or touch one of spans (sorted, disjoint;\n"
"(start, end) pairs or flat, as merge_spans takes them) widened by reach characters when wide[entry] is\n"
"non-zero (an entry with context patterns), not widened otherwise; and every match whose entry is in the\n"
"set reopened. In their order.");

static PyObject *near_matches(PyObject *module, PyObject *args) {
    PyObject *matches, *given, *reopened, *out = NULL;
    Py_ssize_t reach, n = 0;
    Py_buffer wide;
    if (!PyArg_ParseTuple(args, "O!Ony*O!", &PyList_Type, &matches, &given, &reach, &wide, &PySet_Type, &reopened))
        return NULL;
    Py_ssize_t any_reopened = PySet_GET_SIZE(reopened);
    Span *spans = spans_of(given, &n, "near_matches");
    /* the ends apart, for the search: a span with an end at or after a match's start */
    Py_ssize_t *ends = spans ? PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1)) : NULL;
    if (!spans) goto done;
    if (!ends) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) ends[i] = spans[i].hi;
    if (!(out = PyList_New(0))) goto done;
    Py_ssize_t hints[2] = {0, 0};
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(matches); i++) {
        PyObject *m = PyList_GET_ITEM(matches, i);
        Py_ssize_t start, end, entry;
        int flag = flag_of(m, &wide, wide.len, "near_matches", &start, &end, &entry);
        if (flag < 0) goto fail;
        Py_ssize_t r = flag ? reach : 0;
        /* the first span ending at or after the reach; the matches come in order of start, so each
           search goes on from the last one's answer for the same reach */
        Py_ssize_t k = hints[r != 0] = bisect_from(ends, n, start - r, 0, hints[r != 0]);
        int keep = k < n && spans[k].lo <= end + r;
        if (!keep && any_reopened) {
            int found = PySet_Contains(reopened, PyTuple_GET_ITEM(m, 2));
            if (found < 0) goto fail;
            keep = found;
        }
        if (keep && PyList_Append(out, m) < 0) goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(spans);
    PyMem_Free(ends);
    PyBuffer_Release(&wide);
    return out;
}

PyDoc_STRVAR(split_flagged_doc,
"split_flagged(matches, flags) -> (unflagged, flagged)\n\n"
"The matches (tuples that begin start, end, entry) whose entry's flag (flags[entry], a byte) is zero,\n"
"and those whose flag is not, each in their order: one loop where two comprehensions cost ~1.4 ms for\n"
"the 24,000 matches of a spun MB.");

static PyObject *split_flagged(PyObject *module, PyObject *args) {
    PyObject *matches, *unflagged = NULL, *flagged = NULL, *out = NULL;
    Py_buffer flags;
    if (!PyArg_ParseTuple(args, "O!y*", &PyList_Type, &matches, &flags)) return NULL;
    if (!(unflagged = PyList_New(0)) || !(flagged = PyList_New(0))) goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(matches); i++) {
        PyObject *m = PyList_GET_ITEM(matches, i);
        Py_ssize_t start, end, entry;
        int flag = flag_of(m, &flags, flags.len, "split_flagged", &start, &end, &entry);
        if (flag < 0 || PyList_Append(flag ? flagged : unflagged, m) < 0) goto done;
    }
    out = PyTuple_Pack(2, unflagged, flagged);
done:
    Py_XDECREF(unflagged);
    Py_XDECREF(flagged);
    PyBuffer_Release(&flags);
    return out;
}

PyDoc_STRVAR(kept_matches_doc,
"kept_matches(matches, flagged, plans, prepare, text, reach) -> list\n\n"
"The matches (a list of tuples that begin start, end, entry) in order, less those of a flagged entry\n"
"(flagged[entry] non-zero: one with context patterns) whose context does not hold in text. The entry's\n"
"plan is plans[entry], or prepare(entry) while that is None: a pair (right, left) of which right, unless\n"
"None, is called as right(text, end, end + reach) and must not return None, and left, unless None, is a\n"
"left plan that must hold at start (constraints.context_holds, left_holds). The loop of ContextChecks.keep:\n"
"spun text has a match every other word, and clean text thousands a MB with a context to test.");

/* text[start:end] reversed (new reference). */
static PyObject *reversed_piece(PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    PyObject *piece = PyUnicode_Substring(text, start, end);
    if (!piece) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(piece);
    PyObject *out = PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(piece));
    if (out) {
        int kind = PyUnicode_KIND(piece);
        const void *from = PyUnicode_DATA(piece);
        void *to = PyUnicode_DATA(out);
        for (Py_ssize_t i = 0; i < n; i++) PyUnicode_WRITE(kind, to, n - 1 - i, PyUnicode_READ(kind, from, i));
    }
    Py_DECREF(piece);
    return out;
}

/* Whether a call search(text, lo, start) of a pattern's match or search found something: 1, 0, or -1
 * with an error. */
static int searched(PyObject *search, PyObject *text, Py_ssize_t lo, Py_ssize_t start) {
    PyObject *args[3] = {text, PyLong_FromSsize_t(lo), PyLong_FromSsize_t(start)}, *found = NULL;
    if (args[1] && args[2]) found = PyObject_Vectorcall(search, args, 3, NULL);
    Py_XDECREF(args[1]);
    Py_XDECREF(args[2]);
    if (!found) return -1;
    int hit = found != Py_None;
    Py_DECREF(found);
    return hit;
}

/* constraints.left_holds for a left plan (reversed match or None, reads before, reach, search): 1, 0, or
 * -1 with an error. */
static int left_holds(PyObject *plan, PyObject *text, Py_ssize_t start) {
    Py_ssize_t reads_before, reach;
    if (!PyTuple_Check(plan) || PyTuple_GET_SIZE(plan) != 4
            || (reads_before = ssize_of(PyTuple_GET_ITEM(plan, 1))) < 0
            || (reach = ssize_of(PyTuple_GET_ITEM(plan, 2))) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "kept_matches: a left plan is (match, reads before, reach, search)");
        return -1;
    }
    PyObject *reversed_match = PyTuple_GET_ITEM(plan, 0), *search = PyTuple_GET_ITEM(plan, 3);
    Py_ssize_t lo = start > reach ? start - reach : 0;
    if (reversed_match != Py_None) {
        PyObject *piece = reversed_piece(text, lo > reads_before ? lo - reads_before : 0, start), *found;
        if (!piece) return -1;
        found = PyObject_CallOneArg(reversed_match, piece);
        Py_DECREF(piece);
        if (!found) return -1;
        if (found == Py_None) {
            Py_DECREF(found);
            return 0;
        }
        PyObject *end = PyObject_CallMethod(found, "end", NULL);
        Py_DECREF(found);
        Py_ssize_t matched = end ? ssize_of(end) : -1;
        Py_XDECREF(end);
        if (matched == -1 && PyErr_Occurred()) return -1;
        if (matched <= start - lo) return 1;
    }
    return searched(search, text, lo, start);
}

/* Whether the plan's context holds around start..end: 1, 0, or -1 with an error. */
static int context_holds(PyObject *plan, PyObject *text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t reach) {
    if (!PyTuple_Check(plan) || PyTuple_GET_SIZE(plan) != 2) {
        PyErr_SetString(PyExc_TypeError, "kept_matches: a plan is a pair (right, left)");
        return -1;
    }
    PyObject *right = PyTuple_GET_ITEM(plan, 0), *left = PyTuple_GET_ITEM(plan, 1);
    if (right != Py_None) {
        int found = searched(right, text, end, end + reach);
        if (found <= 0) return found;
    }
    return left == Py_None ? 1 : left_holds(left, text, start);
}

static PyObject *kept_matches(PyObject *module, PyObject *args) {
    PyObject *matches, *plans, *prepare, *text, *out = NULL;
    Py_buffer flagged;
    Py_ssize_t reach;
    if (!PyArg_ParseTuple(args, "O!y*O!OUn", &PyList_Type, &matches, &flagged, &PyList_Type, &plans, &prepare,
                          &text, &reach))
        return NULL;
    /* a copy of the list holds every match for the call: prepare() and the tests are Python code */
    if (!(matches = PyList_GetSlice(matches, 0, PyList_GET_SIZE(matches)))) goto done;
    if (!(out = PyList_New(0))) goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(matches); i++) {
        PyObject *m = PyList_GET_ITEM(matches, i);
        Py_ssize_t start, end, entry;
        /* (an entry past the plans has no flag either: the plans list may change below) */
        int flag = flag_of(m, &flagged, PyList_GET_SIZE(plans), "kept_matches", &start, &end, &entry), keep = 1;
        if (flag < 0) goto fail;
        if (flag) {
            PyObject *plan = PyList_GET_ITEM(plans, entry);  /* borrowed; the list may change below */
            if (plan == Py_None) {
                if (!(plan = PyObject_CallOneArg(prepare, PyTuple_GET_ITEM(m, 2)))) goto fail;
            } else {
                Py_INCREF(plan);
            }
            keep = context_holds(plan, text, start, end, reach);
            Py_DECREF(plan);
            if (keep < 0) goto fail;
        }
        if (keep && PyList_Append(out, m) < 0) goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(matches);
    PyBuffer_Release(&flagged);
    return out;
}

PyDoc_STRVAR(map_spans_doc,
"map_spans(spans, edits) -> array('q')\n\n"
"spans of a text ((start, end) pairs, or flat as merge_spans takes them) as spans of the text the edits\n"
"(sorted, non-overlapping slots records) make of it, each end moved by the growth of the edits starting\n"
"before it (an end inside an edit's span to the start of its output at the earliest), together with the\n"
"edits' own output spans, sorted and merged where they overlap or touch, flat (see edits.map_spans).");

static int span_order(const void *x, const void *y) {
    const Span *a = x, *b = y;
    return (a->lo > b->lo) - (a->lo < b->lo);
}

/* An offset of the text moved by the growth of the edits starting before it; one inside an edit's span
   goes to the start of that edit's output at the earliest (past a deletion's end, it would go before it). */
static Py_ssize_t moved_offset(Py_ssize_t at, const Py_ssize_t *starts, const Py_ssize_t *shifts,
                               const Span *outputs, Py_ssize_t m) {
    Py_ssize_t k = bisect(starts, m, at, 0), moved = at + shifts[k];
    return k && moved < outputs[k - 1].lo ? outputs[k - 1].lo : moved;
}

static PyObject *map_spans(PyObject *module, PyObject *args) {
    PyObject *given, *edits, *out = NULL;
    if (!PyArg_ParseTuple(args, "OO!", &given, &PyList_Type, &edits)) return NULL;
    Py_ssize_t m = PyList_GET_SIZE(edits), n = 0, growth = 0;
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (m ? m : 1));
    Py_ssize_t *shifts = PyMem_Malloc(sizeof(Py_ssize_t) * (m + 1));
    Span *moved = spans_of(given, &n, "map_spans");  /* moved in place */
    Span *outputs = PyMem_Malloc(sizeof(Span) * (m ? m : 1)), *merged = NULL;
    Layout layout = {0};
    if (!moved) goto done;
    if (!starts || !shifts || !outputs || !(merged = PyMem_Malloc(sizeof(Span) * (n + m ? n + m : 1)))) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++) {  /* where each edit's replacement lies in the new text */
        PyObject *e = PyList_GET_ITEM(edits, i), *replacement;
        Py_ssize_t s, t;
        if (edit_span(&layout, e, &s, &t, "map_spans") < 0 || !(replacement = text_slot(&layout, e, REPLACEMENT)))
            goto done;
        if (i && s < starts[i - 1]) {
            PyErr_SetString(PyExc_ValueError, "map_spans: the edits must be sorted by span");
            goto done;
        }
        starts[i] = s;
        shifts[i] = growth;
        outputs[i].lo = s + growth;
        outputs[i].hi = s + growth + PyUnicode_GET_LENGTH(replacement);
        growth += PyUnicode_GET_LENGTH(replacement) - (t - s);
    }
    shifts[m] = growth;
    int in_order = 1;
    for (Py_ssize_t i = 0; i < n; i++) {  /* each end moved by the growth of the edits before it */
        moved[i].lo = moved_offset(moved[i].lo, starts, shifts, outputs, m);
        moved[i].hi = moved_offset(moved[i].hi, starts, shifts, outputs, m);
        if (moved[i].hi < moved[i].lo) moved[i].hi = moved[i].lo;
        if (i && moved[i].lo < moved[i - 1].lo) in_order = 0;
    }
    Py_ssize_t count = 0, i = 0, j = 0;
    if (!in_order) {  /* spans given out of order: sort them all */
        memcpy(merged, outputs, sizeof(Span) * m);
        memcpy(merged + m, moved, sizeof(Span) * n);
        qsort(merged, (size_t)(n + m), sizeof(Span), span_order);
        for (; i < n + m; i++) add_span(merged, &count, merged[i]);  /* in place: count <= i */
    } else {  /* the usual case: two sorted runs, merged */
        while (i < m || j < n)
            add_span(merged, &count, j >= n || (i < m && outputs[i].lo <= moved[j].lo) ? outputs[i++] : moved[j++]);
    }
    out = flat_spans(merged, count);
done:
    PyMem_Free(starts);
    PyMem_Free(shifts);
    PyMem_Free(moved);
    PyMem_Free(outputs);
    PyMem_Free(merged);
    return out;
}


PyDoc_STRVAR(after_article_doc,
"after_article(text, edits) -> list\n\n"
"The indices of the edits that may follow an article: the start follows whitespace (str.isspace)\n"
"after 'a', 'A', 'an' or 'An', all within the 12 characters before it, and the article does not\n"
"follow an ASCII letter or digit, '_', an apostrophe or a hyphen. Every edit the article expression\n"
"(?<![\\w'\u2019-])([Aa]n?)(\\s+)\\Z, searched in those 12 characters, matches is among them.");

/* a character after which "a" or "an" is no word of its own (the expression's lookbehind says so
   for more characters, non-ASCII ones; those are left to it) */
static inline int joins_word(Py_UCS4 ch) {
    return (ch < 0x80 && (isalnum((int)ch) || ch == '_' || ch == '\'' || ch == '-')) || ch == 0x2019;
}

static PyObject *after_article(PyObject *module, PyObject *args) {
    PyObject *text, *edits;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyList_Type, &edits)) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Layout layout = {0};
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < PyList_GET_SIZE(edits); i++) {
        Py_ssize_t s, t;
        if (edit_span(&layout, PyList_GET_ITEM(edits, i), &s, &t, "after_article") < 0) {
            Py_CLEAR(out);
            break;
        }
        if (s > length) continue;
        Py_ssize_t lo = s > 12 ? s - 12 : 0, j = s;  /* the expression's window: text[lo:s] */
        while (j > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1))) j--;
        if (j == s || j == lo) continue;  /* no whitespace before the edit, or nothing before it */
        Py_UCS4 last = PyUnicode_READ(kind, data, j - 1);
        if (last == 'n') {
            if (--j == lo) continue;
            last = PyUnicode_READ(kind, data, j - 1);
        }
        if (last != 'a' && last != 'A') continue;
        j--;  /* the article's start: after a character that is no word's (at the window's start, the
                 expression's lookbehind decides) */
        if (j > lo && joins_word(PyUnicode_READ(kind, data, j - 1))) continue;
        PyObject *index = PyLong_FromSsize_t(i);
        if (!index || PyList_Append(out, index) < 0) Py_CLEAR(out);
        Py_XDECREF(index);
    }
    return out;
}

static PyMethodDef module_methods[] = {
    {"after_article", after_article, METH_VARARGS, after_article_doc},
    {"sorted_by_span", sorted_by_span, METH_VARARGS, sorted_by_span_doc},
    {"changing", changing, METH_VARARGS, changing_doc},
    {"merged_by_span", merged_by_span, METH_VARARGS, merged_by_span_doc},
    {"merge_spans", merge_spans, METH_VARARGS, merge_spans_doc},
    {"map_spans", map_spans, METH_VARARGS, map_spans_doc},
    {"near_matches", near_matches, METH_VARARGS, near_matches_doc},
    {"kept_matches", kept_matches, METH_VARARGS, kept_matches_doc},
    {"split_flagged", split_flagged, METH_VARARGS, split_flagged_doc},
    {"apply", apply, METH_VARARGS, apply_doc},
    {"shifted", shifted, METH_VARARGS, shifted_doc},
    {"output_spans", output_spans, METH_VARARGS, output_spans_doc},
    {"changed_spans", changed_spans, METH_VARARGS, changed_spans_doc},
    {"moved_clear", moved_clear, METH_VARARGS, moved_clear_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef edits_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_edits",
    .m_doc = "Loops over lists of edits and spans: apply, place, move, merge (see edits.py, compose.py).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__edits(void) {
    PyObject *array_module = PyImport_ImportModule("array");
    if (!array_module) return NULL;
    Py_XSETREF(array_type, PyObject_GetAttrString(array_module, "array"));
    Py_DECREF(array_module);
    return array_type ? PyModule_Create(&edits_module) : NULL;
}
