/* The scoring and ranking loop of unspin.decide.decide, and its choice of non-overlapping edits, in C:
 * in spun text every other word is a candidate (~24,000 per MB), and the Python loop cost ~3 us each.
 *
 * For each candidate: its evidence (the strong candidates in its window that do not overlap it), its
 * confidence at that evidence, and its edit with that confidence (a copy when it changes). The
 * confidence itself comes from Python (decide.gated_confidence, passed in), asked once per distinct
 * (strength, prior, constrained, edit confidence, evidence up to a cap): that function depends on
 * evidence only up to the cap, which tests/test_decide.py checks.
 */
#include "_slots.h"
#include <stdint.h>

typedef struct { Py_ssize_t start, end; } Span;

static int span_order(const void *x, const void *y) {
    const Span *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

/* spans[0:n] sorted by start (the evidence count reads the starts in order, and the ends only to count;
 * ties may come in any order), using scratch (room for n). The strong candidates come by start in one or
 * two runs (the free candidates, then those a document constraint let through): those are merged in one
 * pass, where qsort sorted them from scratch with a call per comparison; any other order goes to qsort. */
static void sort_spans(Span *spans, Py_ssize_t n, Span *scratch) {
    Py_ssize_t cut = 1;
    while (cut < n && spans[cut - 1].start <= spans[cut].start) cut++;
    if (cut >= n) return;  /* in order already */
    for (Py_ssize_t k = cut + 1; k < n; k++)
        if (spans[k - 1].start > spans[k].start) {  /* more than two runs */
            qsort(spans, (size_t)n, sizeof(Span), span_order);
            return;
        }
    memcpy(scratch, spans, sizeof(Span) * (size_t)n);
    Py_ssize_t i = 0, j = cut, k = 0;
    while (i < cut && j < n) spans[k++] = scratch[j].start < scratch[i].start ? scratch[j++] : scratch[i++];
    while (i < cut) spans[k++] = scratch[i++];
    while (j < n) spans[k++] = scratch[j++];
}

typedef struct {
    PyObject *edit;       /* borrowed from its list */
    PyObject *rule;       /* borrowed from the edit */
    int normalize;        /* kind == "normalize": ranked first */
    Py_ssize_t start, end;
    double confidence;
    Py_ssize_t index;     /* the candidate's place: the last key, as a stable sort keeps it */
} Ranked;

/* normalization first, then longest, then most confident, then leftmost, then by rule, then by place */
static int rank_order(const void *x, const void *y) {
    const Ranked *a = x, *b = y;
    if (a->normalize != b->normalize) return a->normalize ? -1 : 1;
    Py_ssize_t la = a->end - a->start, lb = b->end - b->start;
    if (la != lb) return la > lb ? -1 : 1;
    if (a->confidence != b->confidence) return a->confidence > b->confidence ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    int rule = PyUnicode_Compare(a->rule, b->rule);  /* both str, checked: cannot fail */
    if (rule) return rule;
    return (a->index > b->index) - (a->index < b->index);
}

/* The fields the loop reads, by their place in a Layout (see _slots.h). */
enum { EDIT, STRENGTH, PRIOR, CONSTRAINED, NCANDIDATE };
enum { START, END, CONFIDENCE, KIND, RULE, NEDIT };
static const char *const candidate_fields[NCANDIDATE] = {"edit", "strength", "prior", "constrained"};
static const char *const edit_fields[NEDIT] = {"start", "end", "confidence", "kind", "rule"};

static PyObject *field(PyObject *record, const Layout *layout, const char *const *fields, int k) {
    return slot_at(record, layout->offsets[k], fields[k]);
}

/* The strs the loop compares fields with, interned at import: the records' fields are literals of the
 * Python code, interned too, so identity settles nearly every comparison (comparing the characters cost
 * ~230 instructions a candidate). */
static PyObject *STRONG, *FIXED, *NORMALIZE;

static int is(PyObject *s, PyObject *interned) {
    if (s == interned) return 1;
    if (PyUnicode_CheckExact(s) && PyUnicode_CHECK_INTERNED(s)) return 0;  /* two interned strs: equal if same */
    return PyUnicode_Check(s) && PyUnicode_Compare(s, interned) == 0;
}

static int as_ssize(PyObject *v, Py_ssize_t *out) {
    if (!v) return -1;
    *out = ssize_of(v);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* The confidences asked of Python, by the values of the strength, prior and constrained fields (str,
 * str, bool: each lexicon entry may hold its own copies), the edit's confidence and the capped evidence:
 * a few dozen kinds in a text. */
#define MEMO_SIZE 256
typedef struct {
    PyObject *strength, *prior, *constrained, *value;  /* all owned; value NULL for an empty entry */
    double confidence;
    Py_ssize_t evidence;
} Memo;

static int same(PyObject *a, PyObject *b) {
    return a == b || (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b) && PyUnicode_Compare(a, b) == 0);
}

/* The memo entry for a key (its value NULL when new); NULL when the table is full or a field is not
 * hashable, with no error set: the caller then asks without keeping the answer. */
static PyObject **memo_slot(Memo *memo, PyObject *strength, PyObject *prior, PyObject *constrained,
                            double confidence, Py_ssize_t evidence) {
    if (!PyUnicode_CheckExact(strength) || !PyUnicode_CheckExact(prior) || !PyBool_Check(constrained)) return NULL;
    /* a str's hash is computed once and kept in the object */
    uint64_t bits;
    memcpy(&bits, &confidence, sizeof bits);
    size_t h = (size_t)PyObject_Hash(strength) * 31 + (size_t)PyObject_Hash(prior) * 17
               + (constrained == Py_True) * 7 + (size_t)(bits ^ bits >> 29) * 13 + (size_t)evidence;
    for (size_t probe = 0; probe < MEMO_SIZE; probe++) {
        Memo *m = &memo[(h + probe) % MEMO_SIZE];
        if (!m->value) {  /* the key's objects are kept with it (released with the memo) */
            Py_XSETREF(m->strength, Py_NewRef(strength));
            Py_XSETREF(m->prior, Py_NewRef(prior));
            Py_XSETREF(m->constrained, Py_NewRef(constrained));
            m->confidence = confidence, m->evidence = evidence;
            return &m->value;
        }
        if (m->constrained == constrained && m->confidence == confidence && m->evidence == evidence
            && same(m->strength, strength) && same(m->prior, prior))
            return &m->value;
    }
    return NULL;
}

/* ---- the greedy choice, cluster by cluster ------------------------------------------------------
 *
 * Greedily keep each edit, best first, that conflicts with none kept before: two edits conflict when
 * their spans share a position; an insertion (an empty span) conflicts with a span strictly around it
 * and with another insertion at the same offset. An edit can only lose to one it is linked to by a
 * chain of conflicts, so the choice is made within clusters: runs of edits, in order of span, each
 * starting before the furthest end so far (or an insertion at it). Most edits of spun text overlap no
 * other: they are kept without ranking, where sorting every edit by rank cost more than the rest. */

typedef int (*Better)(const void *, const void *);  /* < 0: the first ranks higher */

static int by_index(const void *x, const void *y) {
    const Ranked *a = x, *b = y;
    return (a->index > b->index) - (a->index < b->index);
}

static int span_before(const Ranked *a, const Ranked *b) {  /* by (start, end, index) */
    if (a->start != b->start) return a->start < b->start;
    if (a->end != b->end) return a->end < b->end;
    return a->index < b->index;
}

/* order[lo:hi] sorted by span (merge sort; a run already in order is left as it is, so the pipeline's
   candidates, a few sorted runs, sort in about linear time) */
static void sort_by_span(const Ranked *r, Py_ssize_t *order, Py_ssize_t *scratch, Py_ssize_t lo, Py_ssize_t hi) {
    if (hi - lo < 2) return;
    Py_ssize_t mid = lo + (hi - lo) / 2;
    sort_by_span(r, order, scratch, lo, mid);
    sort_by_span(r, order, scratch, mid, hi);
    if (!span_before(&r[order[mid]], &r[order[mid - 1]])) return;  /* the halves are in order */
    Py_ssize_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) scratch[k++] = span_before(&r[order[j]], &r[order[i]]) ? order[j++] : order[i++];
    while (i < mid) scratch[k++] = order[i++];
    while (j < hi) scratch[k++] = order[j++];
    memcpy(order + lo, scratch + lo, sizeof(Py_ssize_t) * (size_t)(hi - lo));
}

static int conflict(const Ranked *a, const Ranked *b) {
    if (a->start == a->end || b->start == b->end) {
        const Ranked *point = a->start == a->end ? a : b, *span = point == a ? b : a;
        return (span->start < point->start && point->start < span->end)
               || (span->start == span->end && span->start == point->start);
    }
    return a->start < b->end && b->start < a->end;
}

/* for the comparators of qsort, which take no context (the GIL is held throughout a call) */
static const Ranked *sort_base;
static Better sort_better;
static int better_at(const void *x, const void *y) {
    return sort_better(&sort_base[*(const Py_ssize_t *)x], &sort_base[*(const Py_ssize_t *)y]);
}
static int span_at(const void *x, const void *y) {
    const Ranked *a = &sort_base[*(const Py_ssize_t *)x], *b = &sort_base[*(const Py_ssize_t *)y];
    return span_before(a, b) ? -1 : span_before(b, a) ? 1 : 0;
}

/* Choose among r[0:n] (each r[i].index distinct), better() ranking them: the kept edits are returned
   in order of span, the others appended to rejected in rank order. */
static PyObject *choose_among(const Ranked *r, Py_ssize_t n, Better better, PyObject *rejected) {
    Py_ssize_t size = n ? n : 1, nlost = 0;
    Py_ssize_t *order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
    Py_ssize_t *scratch = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
    Py_ssize_t *lost = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)size);
    PyObject *kept = PyList_New(0), *result = NULL;
    if (!order || !scratch || !lost) {
        PyErr_NoMemory();
        goto done;
    }
    if (!kept) goto done;
    for (Py_ssize_t i = 0; i < n; i++) order[i] = i;
    sort_by_span(r, order, scratch, 0, n);
    for (Py_ssize_t i = 0; i < n;) {
        /* the cluster order[i:j] (an over-estimate is harmless: it only ranks more edits together) */
        Py_ssize_t j = i + 1, reach = r[order[i]].end;
        while (j < n) {
            const Ranked *x = &r[order[j]];
            if (!(x->start < reach || (x->start == reach && x->start == x->end))) break;
            if (x->end > reach) reach = x->end;
            j++;
        }
        if (j - i == 1) {
            if (PyList_Append(kept, r[order[i]].edit) < 0) goto done;
            i = j;
            continue;
        }
        sort_base = r, sort_better = better;
        qsort(order + i, (size_t)(j - i), sizeof(Py_ssize_t), better_at);
        Py_ssize_t nwon = 0;  /* the winners gather at the front of the cluster */
        for (Py_ssize_t k = i; k < j; k++) {
            const Ranked *x = &r[order[k]];
            int clash = 0;
            for (Py_ssize_t w = i; w < i + nwon && !clash; w++) clash = conflict(x, &r[order[w]]);
            if (clash) lost[nlost++] = order[k];
            else order[i + nwon++] = order[k];
        }
        qsort(order + i, (size_t)nwon, sizeof(Py_ssize_t), span_at);
        for (Py_ssize_t w = i; w < i + nwon; w++)
            if (PyList_Append(kept, r[order[w]].edit) < 0) goto done;
        i = j;
    }
    sort_base = r, sort_better = better;
    qsort(lost, (size_t)nlost, sizeof(Py_ssize_t), better_at);
    for (Py_ssize_t k = 0; k < nlost; k++)
        if (PyList_Append(rejected, r[lost[k]].edit) < 0) goto done;
    result = Py_NewRef(kept);
done:
    PyMem_Free(order);
    PyMem_Free(scratch);
    PyMem_Free(lost);
    Py_XDECREF(kept);
    return result;
}

PyDoc_STRVAR(choose_doc,
"choose(ranked, rejected) -> list\n\n"
"Greedily keep each edit of the list, in its order (best first), that conflicts with none kept before:\n"
"two edits conflict when their spans share a position; an insertion (an empty span) conflicts with a\n"
"span strictly around it and with another insertion at the same offset. The others are appended to\n"
"the list rejected, in their order; the kept edits come back sorted by (start, end). (The choice gate\n"
"makes after ranking, here for a list ranked by its order.)");

static PyObject *choose(PyObject *module, PyObject *args) {
    PyObject *given, *rejected, *ranked, *out = NULL;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &given, &PyList_Type, &rejected)) return NULL;
    /* a copy: appending to rejected must not move what is read, should the caller pass one list twice */
    if (!(ranked = PyList_GetSlice(given, 0, PyList_GET_SIZE(given)))) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(ranked);
    Ranked *r = PyMem_Malloc(sizeof(Ranked) * (size_t)(n ? n : 1));
    Layout el = {0};
    if (!r) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(ranked, i);
        Py_ssize_t s, t;
        if (layout_of(&el, Py_TYPE(e), edit_fields, NEDIT) < 0 || as_ssize(field(e, &el, edit_fields, START), &s) < 0
            || as_ssize(field(e, &el, edit_fields, END), &t) < 0)
            goto done;
        if (s < 0 || t < s) {
            PyErr_Format(PyExc_ValueError, "choose: edit %zd spans (%zd, %zd)", i, s, t);
            goto done;
        }
        r[i] = (Ranked){e, NULL, 0, s, t, 0.0, i};
    }
    out = choose_among(r, n, by_index, rejected);
done:
    PyMem_Free(r);
    Py_DECREF(ranked);
    return out;
}

PyDoc_STRVAR(gate_doc,
"gate(candidates, radius, min_confidence, confidence_of, cap) -> (chosen, rejected, strong)\n\n"
"candidates: a list of slots records with edit, strength, prior and constrained; edits: slots records\n"
"with start, end, confidence, kind and rule.\n"
"Score each candidate: its evidence is the number of strong candidates whose start lies within radius\n"
"of it (start - radius <= s <= end + radius) that do not overlap it; its confidence is\n"
"confidence_of(candidate, min(evidence, cap)), asked once per distinct (strength, prior, constrained,\n"
"edit confidence, capped evidence): the function must depend on nothing else. Its edit carries that confidence (a copy when it differs). Edits\n"
"below min_confidence, unless the candidate's strength is 'fixed', go to rejected, in candidate order.\n"
"The others are ranked (normalization first, then longest, most confident, leftmost, by rule, then in\n"
"candidate order) and chosen as choose() does: chosen holds the kept ones in order of span, and those\n"
"that lose a conflict follow in rejected, in rank order. strong is the number of distinct starts of\n"
"strong candidates.");

static PyObject *gate(PyObject *module, PyObject *args) {
    PyObject *candidates, *confidence_of;
    Py_ssize_t radius, cap;
    double min_confidence;
    if (!PyArg_ParseTuple(args, "O!ndOn", &PyList_Type, &candidates, &radius, &min_confidence, &confidence_of, &cap))
        return NULL;
    /* a copy of the list holds every candidate for the call: confidence_of is Python code, and the
       loop reads the candidates through borrowed references */
    if (!(candidates = PyList_GetSlice(candidates, 0, PyList_GET_SIZE(candidates)))) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(candidates), size = n ? n : 1, nstrong = 0, npassing = 0;
    Layout cl = {0}, el = {0};
    /* per candidate: its edit (new reference: it may become a copy), span, strength ("strong" 1,
       "fixed" 2, else 0) */
    PyObject **edits = PyMem_Calloc(size, sizeof(PyObject *));
    Span *spans = PyMem_Malloc(sizeof(Span) * size), *strong = PyMem_Malloc(sizeof(Span) * size);
    Span *spans_scratch = PyMem_Malloc(sizeof(Span) * size);
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * size), *ends = PyMem_Malloc(sizeof(Py_ssize_t) * size);
    Ranked *ranked = PyMem_Malloc(sizeof(Ranked) * size);
    char *kinds = PyMem_Malloc(size);
    Memo *memo = PyMem_Calloc(MEMO_SIZE, sizeof(Memo));
    PyObject *rejected = PyList_New(0), *order = NULL, *result = NULL;
    if (!edits || !spans || !strong || !spans_scratch || !starts || !ends || !ranked || !kinds || !memo) {
        PyErr_NoMemory();
        goto done;
    }
    if (!rejected) goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(candidates, i), *e, *strength;
        if (layout_of(&cl, Py_TYPE(c), candidate_fields, NCANDIDATE) < 0) goto done;
        if (!(e = field(c, &cl, candidate_fields, EDIT))) goto done;
        if (layout_of(&el, Py_TYPE(e), edit_fields, NEDIT) < 0) goto done;
        if (as_ssize(field(e, &el, edit_fields, START), &spans[i].start) < 0
            || as_ssize(field(e, &el, edit_fields, END), &spans[i].end) < 0)
            goto done;
        if (!(strength = field(c, &cl, candidate_fields, STRENGTH))) goto done;
        Py_INCREF(e);
        edits[i] = e;
        kinds[i] = is(strength, STRONG) ? 1 : is(strength, FIXED) ? 2 : 0;
        if (kinds[i] == 1) strong[nstrong++] = spans[i];
    }
    sort_spans(strong, nstrong, spans_scratch);
    Py_ssize_t longest = 0, distinct = 0;
    for (Py_ssize_t j = 0; j < nstrong; j++) {
        starts[j] = strong[j].start;
        ends[j] = strong[j].end;
        if (ends[j] - starts[j] > longest) longest = ends[j] - starts[j];
        distinct += !j || starts[j] != starts[j - 1];
    }
    /* the candidates come in order of start, mostly (a list per kind, each sorted): each search
       starts from the last one's answer */
    Py_ssize_t first = 0, window_end = 0, near = 0, last = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(candidates, i), *e = edits[i];
        Py_ssize_t s = spans[i].start, t = spans[i].end;
        first = bisect_from(starts, nstrong, s - radius, 0, first);
        window_end = bisect_from(starts, nstrong, t + radius, 1, window_end);
        Py_ssize_t window = window_end - first;
        /* of those in the window starting before its end, the ones ending after its start overlap it
           (none starts more than the longest span before it) */
        Py_ssize_t overlapping = 0;
        near = bisect_from(starts, nstrong, s - longest, 0, near);
        last = bisect_from(starts, nstrong, t, 0, last);
        for (Py_ssize_t j = near > first ? near : first; j < last; j++)
            overlapping += ends[j] > s;
        Py_ssize_t evidence = window - overlapping < cap ? window - overlapping : cap;
        if (layout_of(&cl, Py_TYPE(c), candidate_fields, NCANDIDATE) < 0
            || layout_of(&el, Py_TYPE(e), edit_fields, NEDIT) < 0)
            goto done;
        PyObject *strength = field(c, &cl, candidate_fields, STRENGTH), *prior = field(c, &cl, candidate_fields, PRIOR);
        PyObject *constrained = field(c, &cl, candidate_fields, CONSTRAINED), *old = field(e, &el, edit_fields, CONFIDENCE);
        if (!strength || !prior || !constrained || !old) goto done;
        double before = PyFloat_AsDouble(old);
        if (before == -1.0 && PyErr_Occurred()) goto done;
        PyObject **known = memo_slot(memo, strength, prior, constrained, before, evidence), *conf;
        if (known && *known) {
            conf = *known;
            Py_INCREF(conf);
        } else {
            if (!(conf = PyObject_CallFunction(confidence_of, "On", c, evidence))) goto done;
            if (known) {
                Py_INCREF(conf);
                *known = conf;
            }
        }
        double value = PyFloat_AsDouble(conf);
        if (value == -1.0 && PyErr_Occurred()) {
            Py_DECREF(conf);
            goto done;
        }
        if (value != before) {  /* the edit at its gated confidence */
            PyObject *moved = with_slots(e, &el.offsets[CONFIDENCE], &conf, 1);
            if (!moved) {
                Py_DECREF(conf);
                goto done;
            }
            Py_SETREF(edits[i], moved);
            e = moved;
        }
        Py_DECREF(conf);
        if (value >= min_confidence || kinds[i] == 2) {
            PyObject *kind = field(e, &el, edit_fields, KIND), *rule = field(e, &el, edit_fields, RULE);
            if (!kind || !rule) goto done;
            if (!PyUnicode_Check(rule)) {
                PyErr_SetString(PyExc_TypeError, "an edit's rule must be a str");
                goto done;
            }
            ranked[npassing++] = (Ranked){e, rule, is(kind, NORMALIZE), s, t, value, i};
        } else if (PyList_Append(rejected, e) < 0) {
            goto done;
        }
    }
    if (!(order = choose_among(ranked, npassing, rank_order, rejected))) goto done;
    result = Py_BuildValue("(OOn)", order, rejected, distinct);
done:
    if (edits)
        for (Py_ssize_t i = 0; i < n; i++) Py_XDECREF(edits[i]);
    if (memo)
        for (size_t k = 0; k < MEMO_SIZE; k++) {
            Py_XDECREF(memo[k].strength);
            Py_XDECREF(memo[k].prior);
            Py_XDECREF(memo[k].constrained);
            Py_XDECREF(memo[k].value);
        }
    PyMem_Free(edits);
    PyMem_Free(spans);
    PyMem_Free(strong);
    PyMem_Free(spans_scratch);
    PyMem_Free(starts);
    PyMem_Free(ends);
    PyMem_Free(ranked);
    PyMem_Free(kinds);
    PyMem_Free(memo);
    Py_XDECREF(rejected);
    Py_XDECREF(order);
    Py_DECREF(candidates);
    return result;
}

static PyMethodDef module_methods[] = {
    {"gate", gate, METH_VARARGS, gate_doc},
    {"choose", choose, METH_VARARGS, choose_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef decide_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_decide",
    .m_doc = "The scoring, ranking and choosing loop of unspin.decide (see gate, choose).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__decide(void) {
    if (!STRONG && !(STRONG = PyUnicode_InternFromString("strong"))) return NULL;
    if (!FIXED && !(FIXED = PyUnicode_InternFromString("fixed"))) return NULL;
    if (!NORMALIZE && !(NORMALIZE = PyUnicode_InternFromString("normalize"))) return NULL;
    return PyModule_Create(&decide_module);
}
