/* Reading and copying slots records (classes whose fields are slots of their own, as a slots dataclass
 * has) from C: the offsets of named slots, found once per type, and a copy with some slots set to other
 * values, made without __init__ as _records.RecordMaker makes records. Also the binary search both
 * loops over sorted offsets need, and ints read without a call. Shared by _decide.c, _edits.c and _records.c. */
#ifndef UNSPIN_SLOTS_H
#define UNSPIN_SLOTS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"
#include <string.h>

/* PyLong_AsSsize_t(v), with the usual case inline: a non-negative int of one digit (below 2**30, as
 * every offset and entry index is). The loops read two or three ints an edit or match, ~1M a spun MB,
 * and the call and its checks cost more than the read. */
static inline Py_ssize_t ssize_of(PyObject *v) {
#if PY_VERSION_HEX >= 0x030C0000
    if (PyLong_CheckExact(v) && PyUnstable_Long_IsCompact((PyLongObject *)v))
        return PyUnstable_Long_CompactValue((PyLongObject *)v);
#else
    if (PyLong_CheckExact(v) && (Py_SIZE(v) == 0 || Py_SIZE(v) == 1))
        return Py_SIZE(v) ? (Py_ssize_t)((PyLongObject *)v)->ob_digit[0] : 0;
#endif
    return PyLong_AsSsize_t(v);
}

/* The offset of the object slot called name in a slots record's type; -1 with TypeError when the type
 * keeps anything outside its slots (a __dict__) or has no such slot. */
static Py_ssize_t slot_offset(PyTypeObject *type, const char *name) {
    if (!type->tp_dictoffset && type->tp_members)
        for (PyMemberDef *m = type->tp_members; m->name; m++)
            if (m->type == T_OBJECT_EX && !strcmp(m->name, name)) return m->offset;
    PyErr_Format(PyExc_TypeError, "%s is not a slots record with a %s slot", type->tp_name, name);
    return -1;
}

#define LAYOUT_MAX 8  /* slots a layout can name */

/* Where a record type keeps the slots a loop reads (offsets in the order of their names). */
typedef struct {
    PyTypeObject *type;  /* the type the offsets are for; NULL before the first */
    Py_ssize_t offsets[LAYOUT_MAX];
} Layout;

/* The layout for a record of type (looked up only when the type differs from the last one): 0, or -1
 * with TypeError as slot_offset raises it. */
static inline int layout_of(Layout *layout, PyTypeObject *type, const char *const *names, int n) {
    if (layout->type == type) return 0;
    layout->type = NULL;
    for (int k = 0; k < n && k < LAYOUT_MAX; k++)
        if ((layout->offsets[k] = slot_offset(type, names[k])) < 0) return -1;
    layout->type = type;
    return 0;
}

/* The first index i in sorted values[0:n] with values[i] >= x (bisect_left), or > x (bisect_right). */
static Py_ssize_t bisect(const Py_ssize_t *values, Py_ssize_t n, Py_ssize_t x, int right) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (right ? values[mid] <= x : values[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* bisect(values, n, x, right), searched forward from hint: for a sorted run of x, the answer for the
 * last one. The search gallops (1, 2, 4, ... places ahead, then halves), so a run's steps cost O(1)
 * each where a bisection from scratch costs ~log2(n) unpredictable branches; a hint past the answer
 * falls back to bisect. */
static Py_ssize_t bisect_from(const Py_ssize_t *values, Py_ssize_t n, Py_ssize_t x, int right, Py_ssize_t hint) {
#define BEFORE_ANSWER(i) (right ? values[i] <= x : values[i] < x)
    if (hint < 0 || hint > n || (hint > 0 && !BEFORE_ANSWER(hint - 1))) return bisect(values, n, x, right);
    Py_ssize_t lo = hint, hi, step = 1;  /* values[:lo] lie before the answer */
    for (;;) {
        hi = lo + step - 1;
        if (hi >= n) {
            hi = n;
            break;
        }
        if (!BEFORE_ANSWER(hi)) break;  /* the answer is at most hi */
        lo = hi + 1;
        step *= 2;
    }
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (BEFORE_ANSWER(mid)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
#undef BEFORE_ANSWER
}

/* Whether a slot's value can take part in a reference cycle: a container the collector tracks. A tuple
 * holding no such value is untracked on the way (what the collector does to it on its first look), so
 * an edit's alternatives ("a", "b") count as atomic. */
static int may_hold_cycle(PyObject *v) {
    if (!v || !PyObject_GC_IsTracked(v)) return 0;
    if (!PyTuple_CheckExact(v)) return 1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(v); i++)
        if (PyObject_GC_IsTracked(PyTuple_GET_ITEM(v, i))) return 1;
    PyObject_GC_UnTrack(v);
    return 0;
}

/* Take a new slots record off the collector's lists when no slot can hold a cycle (the engine's edits
 * hold numbers and strings). Spun text makes ~20,000 edits a MB; each young collection traversed them
 * all, ~0.35 us an edit, and found nothing to free: the records are frozen, so nothing can put a
 * container into them later (CPython untracks its own tuples and dicts on the same grounds). */
static void untrack_if_atomic(PyObject *record) {
    PyTypeObject *type = Py_TYPE(record);
    /* its own slots are all of it: no __dict__, and no base class with slots outside tp_members */
    if (!PyType_IS_GC(type) || type->tp_dictoffset || type->tp_base != &PyBaseObject_Type || !type->tp_members)
        return;
    for (PyMemberDef *m = type->tp_members; m->name; m++)
        if (m->type == T_OBJECT_EX && may_hold_cycle(*(PyObject **)((char *)record + m->offset))) return;
    PyObject_GC_UnTrack(record);
}

/* A copy of a slots record with the n slots at offsets set to values (references are taken); the
 * others are shared with the record. Untracked when the record holds no container (untrack_if_atomic). */
static PyObject *with_slots(PyObject *record, const Py_ssize_t *offsets, PyObject *const *values, int n) {
    PyTypeObject *type = Py_TYPE(record);
    PyObject *copy = type->tp_alloc(type, 0);
    if (!copy) return NULL;
    for (PyMemberDef *m = type->tp_members; m->name; m++) {
        if (m->type != T_OBJECT_EX) continue;
        PyObject *v = *(PyObject **)((char *)record + m->offset);
        for (int k = 0; k < n; k++)
            if (offsets[k] == m->offset) v = values[k];
        Py_XINCREF(v);
        *(PyObject **)((char *)copy + m->offset) = v;
    }
    untrack_if_atomic(copy);
    return copy;
}

/* A slot of a record whose layout is known (borrowed); NULL with AttributeError when it is unset. */
static PyObject *slot_at(PyObject *record, Py_ssize_t offset, const char *name) {
    PyObject *v = *(PyObject **)((char *)record + offset);
    if (!v) PyErr_Format(PyExc_AttributeError, "%s has no %s", Py_TYPE(record)->tp_name, name);
    return v;
}

#endif
