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


/* ---- candidates for lexicon matches ------------------------------------------------------------- */

PyDoc_STRVAR(candidates_doc,
"candidates(matches, text, restorations, restore, make_edit, make_candidate, replacements=None) -> list\n\n"
"One candidate per match, a tuple (start, end, entry, form): with original = text[start:end], the\n"
"fields of its restoration are restorations[(original, entry, form)], or restore(entry, original,\n"
"form) kept there when absent: a tuple (replacement, rule, lexicon, version, confidence, alternatives,\n"
"reason, strength, prior, constrained). The candidate is make_candidate(edit, strength, prior,\n"
"constrained) with edit = make_edit(start, end, original, replacement, rule, lexicon, version,\n"
"confidence, 'exact', alternatives, reason). Each replacement is also appended to the list\n"
"replacements, unless it is None. The loop of unspin.api._candidates: spun text has a match every other word.");

#define RESTORATION_FIELDS 10

static PyObject *candidates(PyObject *module, PyObject *args) {
    PyObject *matches, *text, *restorations, *restore, *make_edit, *make_candidate, *replacements = NULL;
    if (!PyArg_ParseTuple(args, "O!UO!OOO|O", &PyList_Type, &matches, &text, &PyDict_Type, &restorations,
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
       the matches through borrowed references */
    if (!(matches = PyList_GetSlice(matches, 0, PyList_GET_SIZE(matches)))) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(matches), length = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        PyObject *m = PyList_GET_ITEM(matches, i), *original = NULL, *key = NULL, *known, *edit = NULL;
        PyObject *candidate = NULL;
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 4) {
            PyErr_SetString(PyExc_TypeError, "candidates: a match is a tuple (start, end, entry, form)");
            goto fail;
        }
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(m, 0)), end = PyLong_AsSsize_t(PyTuple_GET_ITEM(m, 1));
        if ((start == -1 || end == -1) && PyErr_Occurred()) goto fail;
        if (start < 0 || end < start || end > length) {
            PyErr_Format(PyExc_ValueError, "candidates: match (%zd, %zd) is outside the text", start, end);
            goto fail;
        }
        if (!(original = PyUnicode_Substring(text, start, end))) goto fail;
        if (!(key = PyTuple_Pack(3, original, PyTuple_GET_ITEM(m, 2), PyTuple_GET_ITEM(m, 3)))) goto fail;
        known = PyDict_GetItemWithError(restorations, key);  /* borrowed */
        if (known) {
            Py_INCREF(known);
        } else {
            if (PyErr_Occurred()) goto fail;
            known = PyObject_CallFunctionObjArgs(restore, PyTuple_GET_ITEM(m, 2), original, PyTuple_GET_ITEM(m, 3), NULL);
            if (!known) goto fail;
            if (PyDict_SetItem(restorations, key, known) < 0) {
                Py_DECREF(known);
                goto fail;
            }
        }
        if (!PyTuple_Check(known) || PyTuple_GET_SIZE(known) != RESTORATION_FIELDS) {
            Py_DECREF(known);
            PyErr_SetString(PyExc_TypeError, "candidates: a restoration is a tuple of 10 fields");
            goto fail;
        }
        PyObject *const *k = &PyTuple_GET_ITEM(known, 0);
        if (replacements && PyList_Append(replacements, k[0]) < 0) {
            Py_DECREF(known);
            goto fail;
        }
        PyObject *edit_args[11] = {PyTuple_GET_ITEM(m, 0), PyTuple_GET_ITEM(m, 1), original, k[0], k[1], k[2],
                                   k[3], k[4], exact, k[5], k[6]};
        edit = PyObject_Vectorcall(make_edit, edit_args, 11, NULL);
        if (edit) {
            PyObject *candidate_args[4] = {edit, k[7], k[8], k[9]};
            candidate = PyObject_Vectorcall(make_candidate, candidate_args, 4, NULL);
        }
        Py_DECREF(known);
    fail:
        Py_XDECREF(original);
        Py_XDECREF(key);
        Py_XDECREF(edit);
        if (!candidate) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, candidate);
    }
    Py_DECREF(matches);
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
             "matches made with them (see candidates).",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__records(void) {
    if (PyType_Ready(&RecordMakerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&records_module);
    if (!m) return NULL;
    Py_INCREF(&RecordMakerType);
    if (PyModule_AddObject(m, "RecordMaker", (PyObject *)&RecordMakerType) < 0) {
        Py_DECREF(&RecordMakerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
