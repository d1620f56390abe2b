/* Records made without their __init__: a frozen dataclass's generated __init__ sets each field through
 * object.__setattr__, ~0.25 us a field here, so the engine's Edit (11 fields) costs ~3 us to make and the
 * 6,900 shipped lexicon entries (14 fields) ~20 ms of every start-up. A RecordMaker, given the class and
 * its field names once, stores the values straight into the instance's slots: ~0.2 us an Edit.
 *
 * Valid for a class whose __init__ only sets those fields (a dataclass without __post_init__, defaults or
 * conversions applied by the caller): the object is then the one __init__ would make, and stays as
 * immutable as the class makes it, since nothing else can write its slots.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"
#include "_slots.h"
typedef struct {
    PyObject_HEAD
    PyTypeObject *type;
    Py_ssize_t nfields;
    Py_ssize_t *offsets;  /* of each field's slot in an instance */
    vectorcallfunc vectorcall;
} RecordMaker;

static PyObject *maker_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    RecordMaker *m = (RecordMaker *)callable;
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    if ((kwnames && PyTuple_GET_SIZE(kwnames)) || n != m->nfields) {
        PyErr_Format(PyExc_TypeError, "%s record takes exactly %zd positional arguments (%zd given)",
                     m->type->tp_name, m->nfields, n);
        return NULL;
    }
    PyObject *obj = m->type->tp_alloc(m->type, 0);
    if (!obj) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(args[i]);
        *(PyObject **)((char *)obj + m->offsets[i]) = args[i];
    }
    untrack_if_atomic(obj);
    return obj;
}

static int maker_init(RecordMaker *m, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"type", "fields", NULL};
    PyObject *type_obj, *fields;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O", kwlist, &PyType_Type, &type_obj, &fields)) return -1;
    if (m->type) {
        PyErr_SetString(PyExc_TypeError, "RecordMaker is already initialised");
        return -1;
    }
    PyObject *seq = PySequence_Fast(fields, "fields must be a sequence of slot names");
    if (!seq) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyTypeObject *type = (PyTypeObject *)type_obj;
    Py_ssize_t *offsets = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    if (!offsets) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *name = PySequence_Fast_GET_ITEM(seq, i);
        PyObject *descr = PyUnicode_Check(name) ? PyDict_GetItemWithError(type->tp_dict, name) : NULL;
        PyMemberDef *member = descr && Py_IS_TYPE(descr, &PyMemberDescr_Type)
            ? ((PyMemberDescrObject *)descr)->d_member : NULL;
        if (!member || member->type != T_OBJECT_EX || (member->flags & READONLY)) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError, "%R is not a writable object slot of %s's own", name, type->tp_name);
            PyMem_Free(offsets);
            Py_DECREF(seq);
            return -1;
        }
        offsets[i] = member->offset;
    }
    Py_DECREF(seq);
    Py_INCREF(type);
    m->type = type;
    m->nfields = n;
    m->offsets = offsets;
    m->vectorcall = maker_vectorcall;
    return 0;
}

static PyObject *maker_call(PyObject *self, PyObject *args, PyObject *kwds) {
    if (!((RecordMaker *)self)->type) {
        PyErr_SetString(PyExc_ValueError, "the RecordMaker was not initialised");
        return NULL;
    }
    return PyVectorcall_Call(self, args, kwds);
}

static void maker_dealloc(RecordMaker *m) {
    Py_XDECREF(m->type);
    PyMem_Free(m->offsets);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

PyDoc_STRVAR(maker_doc,
"RecordMaker(type, fields)\n\n"
"A callable making instances of type, a class whose fields are slots of its own (a slots dataclass),\n"
"without calling __init__: maker(*values) sets each named slot to its value, in the order of fields.\n"
"For frozen dataclasses, whose generated __init__ costs ~0.25 us a field; valid only for a class\n"
"whose __init__ does nothing but set those fields (no __post_init__, no conversions).");

static PyTypeObject RecordMakerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "unspin._records.RecordMaker",
    .tp_basicsize = sizeof(RecordMaker),
    .tp_dealloc = (destructor)maker_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_vectorcall_offset = offsetof(RecordMaker, vectorcall),
    .tp_call = maker_call,
    .tp_doc = maker_doc,
    .tp_init = (initproc)maker_init,
    .tp_new = PyType_GenericNew,
};


/* ---- restorations remembered across texts ---------------------------------------------------------- */

/* What a candidate edit for (matched text, entry, form) is, but for its offsets: spun text repeats its
 * artifacts, within a text and across a stream's texts. The table is looked up with the matched text
 * read in place, so a candidate whose restoration is known costs no str, no key tuple and no hashing
 * of new objects, and its edit shares the remembered str as its original (a dict keyed by
 * (original, entry, form) made all three for every match: ~40% of the loop). Open addressing, the
 * hash kept in each slot; it grows, and is emptied only by clear(). */
typedef struct {
    Py_uhash_t hash;
    Py_ssize_t entry;
    PyObject *entry_obj, *form, *original, *known;  /* all owned; original NULL in an empty slot */
} RestorationSlot;

typedef struct {
    PyObject_HEAD
    RestorationSlot *slots;
    Py_ssize_t capacity, used;  /* capacity: 0 or a power of two */
} Restorations;

/* The matched text's code points, then the entry and the form's hash: equal keys hash equally whatever
 * the kinds of the strs holding the text (a code point is read, not a byte). */
static Py_uhash_t key_hash(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, Py_ssize_t entry,
                           Py_hash_t form_hash) {
    uint64_t h = 1469598103934665603u;  /* FNV-1a, over code points */
    for (Py_ssize_t i = start; i < end; i++) h = (h ^ PyUnicode_READ(kind, data, i)) * 1099511628211u;
    h ^= (uint64_t)entry * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)form_hash * 0xC2B2AE3D27D4EB4Fu;
    return (Py_uhash_t)(h ^ h >> 29);
}

/* Whether text[start:end] is the str s, code point by code point. */
static int same_text(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, PyObject *s) {
    if (PyUnicode_GET_LENGTH(s) != end - start) return 0;
    int skind = PyUnicode_KIND(s);
    const void *sdata = PyUnicode_DATA(s);
    if (skind == kind) return memcmp((const char *)data + start * kind, sdata, (size_t)((end - start) * kind)) == 0;
    for (Py_ssize_t i = start; i < end; i++)
        if (PyUnicode_READ(kind, data, i) != PyUnicode_READ(skind, sdata, i - start)) return 0;
    return 1;
}

/* The slot of a key: its own, or the empty one where it would go. -1 with an error set when comparing
   forms fails. */
static Py_ssize_t restoration_slot(Restorations *r, Py_uhash_t hash, int kind, const void *data, Py_ssize_t start,
                                   Py_ssize_t end, Py_ssize_t entry, PyObject *form) {
    size_t mask = (size_t)r->capacity - 1;
    for (size_t k = hash & mask;; k = (k + 1) & mask) {
        RestorationSlot *slot = &r->slots[k];
        if (!slot->original) return (Py_ssize_t)k;
        if (slot->hash != hash || slot->entry != entry) continue;
        if (slot->form != form) {
            int equal = PyObject_RichCompareBool(slot->form, form, Py_EQ);
            if (equal < 0) return -1;
            if (!equal) continue;
        }
        if (same_text(kind, data, start, end, slot->original)) return (Py_ssize_t)k;
    }
}

static void slots_release(RestorationSlot *slots, Py_ssize_t capacity) {
    for (Py_ssize_t k = 0; k < capacity; k++) {
        RestorationSlot *slot = &slots[k];
        Py_CLEAR(slot->entry_obj);
        Py_CLEAR(slot->form);
        Py_CLEAR(slot->original);
        Py_CLEAR(slot->known);
    }
}

/* Room for one more key: the table kept at most half full. */
static int restorations_reserve(Restorations *r) {
    if ((r->used + 1) * 2 <= r->capacity) return 0;
    Py_ssize_t capacity = r->capacity ? r->capacity * 2 : 1024;
    RestorationSlot *slots = PyMem_Calloc((size_t)capacity, sizeof(RestorationSlot));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < r->capacity; k++) {  /* the references move with their slots */
        RestorationSlot *old = &r->slots[k];
        if (!old->original) continue;
        size_t j = old->hash & (size_t)(capacity - 1);
        while (slots[j].original) j = (j + 1) & (size_t)(capacity - 1);
        slots[j] = *old;
    }
    PyMem_Free(r->slots);
    r->slots = slots;
    r->capacity = capacity;
    return 0;
}

static int restorations_clear(Restorations *r) {
    RestorationSlot *slots = r->slots;
    Py_ssize_t capacity = r->capacity;
    r->slots = NULL;  /* emptied before any object goes: a destructor may look at the table */
    r->capacity = r->used = 0;
    if (slots) {
        slots_release(slots, capacity);
        PyMem_Free(slots);
    }
    return 0;
}

static int restorations_traverse(Restorations *r, visitproc visit, void *arg) {
    for (Py_ssize_t k = 0; k < r->capacity; k++) {
        Py_VISIT(r->slots[k].form);
        Py_VISIT(r->slots[k].known);
    }
    return 0;
}

static void restorations_dealloc(Restorations *r) {
    PyObject_GC_UnTrack(r);
    restorations_clear(r);
    Py_TYPE(r)->tp_free((PyObject *)r);
}

static Py_ssize_t restorations_len(Restorations *r) { return r->used; }

static PyObject *restorations_clear_method(Restorations *r, PyObject *unused) {
    restorations_clear(r);
    Py_RETURN_NONE;
}

static PyObject *restorations_items(Restorations *r, PyObject *unused) {
    PyObject *out = PyList_New(0);
    for (Py_ssize_t k = 0; out && k < r->capacity; k++) {
        RestorationSlot *slot = &r->slots[k];
        if (!slot->original) continue;
        PyObject *item = Py_BuildValue("((OOO)O)", slot->original, slot->entry_obj, slot->form, slot->known);
        if (!item || PyList_Append(out, item) < 0) Py_CLEAR(out);
        Py_XDECREF(item);
    }
    return out;
}

static PyMethodDef restorations_methods[] = {
    {"clear", (PyCFunction)restorations_clear_method, METH_NOARGS, "Forget every restoration."},
    {"items", (PyCFunction)restorations_items, METH_NOARGS,
     "The remembered restorations, as a list of ((original, entry, form), fields)."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods restorations_as_sequence = {.sq_length = (lenfunc)restorations_len};

PyDoc_STRVAR(restorations_doc,
"Restorations()\n\n"
"The fields of the candidate edits of lexicon matches, by (matched text, entry, form), for candidates():\n"
"looked up with the matched text read in place, not made into a str. len() counts them; clear() forgets\n"
"them; items() lists them.");

static PyTypeObject RestorationsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "unspin._records.Restorations",
    .tp_basicsize = sizeof(Restorations),
    .tp_dealloc = (destructor)restorations_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = restorations_doc,
    .tp_traverse = (traverseproc)restorations_traverse,
    .tp_clear = (inquiry)restorations_clear,
    .tp_methods = restorations_methods,
    .tp_as_sequence = &restorations_as_sequence,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};

/* ---- candidates for lexicon matches ------------------------------------------------------------- */

PyDoc_STRVAR(candidates_doc,
"candidates(matches, text, restorations, restore, make_edit, make_candidate, replacements=None) -> list\n\n"
"One candidate per match, a tuple (start, end, entry, form): with original = text[start:end], the\n"
"fields of its restoration are those restorations (a Restorations) holds for (original, entry, form),\n"
"or restore(entry, original, form) kept there when absent: a tuple (replacement, rule, lexicon, version,\n"
"confidence, alternatives, reason, strength, prior, constrained). The candidate is make_candidate(edit,\n"
"strength, prior, constrained) with edit = make_edit(start, end, original, replacement, rule, lexicon,\n"
"version, confidence, 'exact', alternatives, reason), its original the str kept with the restoration.\n"
"Each replacement is also appended to the list replacements, unless it is None. The loop of\n"
"unspin.api._candidates: spun text has a match every other word.");

#define RESTORATION_FIELDS 10

static PyObject *candidates(PyObject *module, PyObject *args) {
    PyObject *matches, *text, *restore, *make_edit, *make_candidate, *replacements = NULL;
    Restorations *table;
    if (!PyArg_ParseTuple(args, "O!UO!OOO|O", &PyList_Type, &matches, &text, &RestorationsType, &table,
                          &restore, &make_edit, &make_candidate, &replacements))
        return NULL;
    if (replacements == Py_None) replacements = NULL;
    if (replacements && !PyList_Check(replacements)) {
        PyErr_SetString(PyExc_TypeError, "candidates: replacements must be a list or None");
        return NULL;
    }
    static PyObject *exact = NULL;
    if (!exact && !(exact = PyUnicode_InternFromString("exact"))) return NULL;
    /* a copy of the list holds every match for the call: restore() is Python code, and the loop reads
       the matches through borrowed references; the table is held too (restore() may drop the last
       other reference to it) */
    if (!(matches = PyList_GetSlice(matches, 0, PyList_GET_SIZE(matches)))) return NULL;
    Py_INCREF(table);
    Py_ssize_t n = PyList_GET_SIZE(matches), length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *m = PyList_GET_ITEM(matches, i), *edit = NULL, *candidate = NULL, *known, *original;
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 4) {
            PyErr_SetString(PyExc_TypeError, "candidates: a match is a tuple (start, end, entry, form)");
            goto fail;
        }
        PyObject *entry_obj = PyTuple_GET_ITEM(m, 2), *form = PyTuple_GET_ITEM(m, 3);
        Py_ssize_t start = ssize_of(PyTuple_GET_ITEM(m, 0)), end = ssize_of(PyTuple_GET_ITEM(m, 1));
        if ((start == -1 || end == -1) && PyErr_Occurred()) goto fail;
        if (start < 0 || end < start || end > length) {
            PyErr_Format(PyExc_ValueError, "candidates: match (%zd, %zd) is outside the text", start, end);
            goto fail;
        }
        Py_ssize_t entry = ssize_of(entry_obj);
        if (entry == -1 && PyErr_Occurred()) goto fail;
        Py_hash_t form_hash = PyObject_Hash(form);
        if (form_hash == -1) goto fail;
        Py_uhash_t hash = key_hash(kind, data, start, end, entry, form_hash);
        if (restorations_reserve(table) < 0) goto fail;
        Py_ssize_t k = restoration_slot(table, hash, kind, data, start, end, entry, form);
        if (k < 0) goto fail;
        if (table->slots[k].original) {
            known = Py_NewRef(table->slots[k].known);
            original = Py_NewRef(table->slots[k].original);
        } else {
            if (!(original = PyUnicode_Substring(text, start, end))) goto fail;
            known = PyObject_CallFunctionObjArgs(restore, entry_obj, original, form, NULL);
            if (!known) {
                Py_DECREF(original);
                goto fail;
            }
            /* restore() ran Python code, which may have changed the table: find the place again */
            if (restorations_reserve(table) < 0
                || (k = restoration_slot(table, hash, kind, data, start, end, entry, form)) < 0) {
                Py_DECREF(original);
                Py_DECREF(known);
                goto fail;
            }
            if (!table->slots[k].original) {
                table->slots[k] = (RestorationSlot){hash, entry, Py_NewRef(entry_obj), Py_NewRef(form),
                                                    Py_NewRef(original), Py_NewRef(known)};
                table->used++;
            }
        }
        if (!PyTuple_Check(known) || PyTuple_GET_SIZE(known) != RESTORATION_FIELDS) {
            Py_DECREF(known);
            Py_DECREF(original);
            PyErr_SetString(PyExc_TypeError, "candidates: a restoration is a tuple of 10 fields");
            goto fail;
        }
        PyObject *const *f = &PyTuple_GET_ITEM(known, 0);
        if (replacements && PyList_Append(replacements, f[0]) < 0) {
            Py_DECREF(known);
            Py_DECREF(original);
            goto fail;
        }
        PyObject *edit_args[11] = {PyTuple_GET_ITEM(m, 0), PyTuple_GET_ITEM(m, 1), original, f[0], f[1], f[2],
                                   f[3], f[4], exact, f[5], f[6]};
        edit = PyObject_Vectorcall(make_edit, edit_args, 11, NULL);
        if (edit) {
            PyObject *candidate_args[4] = {edit, f[7], f[8], f[9]};
            candidate = PyObject_Vectorcall(make_candidate, candidate_args, 4, NULL);
        }
        Py_DECREF(known);
        Py_DECREF(original);
    fail:
        Py_XDECREF(edit);
        if (!candidate) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, candidate);
    }
    Py_DECREF(matches);
    Py_DECREF(table);
    return out;
}

static PyMethodDef module_methods[] = {
    {"candidates", candidates, METH_VARARGS, candidates_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef records_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_records",
    .m_doc = "Slots records made without calling __init__ (see RecordMaker), and the candidates of lexicon\n"
             "matches made with them (see candidates, Restorations).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__records(void) {
    if (PyType_Ready(&RecordMakerType) < 0 || PyType_Ready(&RestorationsType) < 0) return NULL;
    PyObject *m = PyModule_Create(&records_module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "RecordMaker", (PyObject *)&RecordMakerType) < 0
        || PyModule_AddObjectRef(m, "Restorations", (PyObject *)&RestorationsType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
