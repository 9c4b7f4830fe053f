/* Native accent folding for `noesis_trainer.core.folding` (the Tribunal's judges, its
 * output-failure gate and the validator fold every answer they read).
 *
 * `fold(text, table, wider)` gives what `folding._fold_bytes` gives, decoded: every Latin-1
 * character of `text` through `table` (a tuple of 256 ASCII strings: what that character folds
 * to, possibly several characters or none), and every maximal run of wider characters (the run
 * the Latin-1 codec hands its error handler) through `wider(run)`, whose ASCII result goes
 * through `table` in turn, as the codec's replacement does. None where `wider` returns None
 * (a run that folds to capital letters: the caller folds the whole text the plain way).
 * Python stays the definition; a property test holds the two to one output.
 * Why: encoding with an error handler, replacing the expanding bytes, translating and decoding
 * made folding a tenth of the heuristic judges' time (round 42, docs/benchmarks.md).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    char *data;
    Py_ssize_t len, cap;
} buffer;

static int
reserve(buffer *b, Py_ssize_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap * 2;
    if (cap < b->len + more)
        cap = b->len + more;
    char *data = PyMem_Realloc(b->data, (size_t)cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

/* Append what `table` makes of Latin-1 code point `c`. */
static int
put(buffer *b, PyObject *table, Py_UCS4 c)
{
    PyObject *entry = PyTuple_GET_ITEM(table, c);
    if (!PyUnicode_Check(entry) || !PyUnicode_IS_ASCII(entry)) {
        PyErr_SetString(PyExc_TypeError, "table entries must be ASCII strings");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(entry);
    if (n == 1) {
        if (reserve(b, 1) < 0)
            return -1;
        b->data[b->len++] = (char)PyUnicode_1BYTE_DATA(entry)[0];
        return 0;
    }
    if (reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, PyUnicode_1BYTE_DATA(entry), (size_t)n);
    b->len += n;
    return 0;
}

static PyObject *
fold(PyObject *self, PyObject *args)
{
    PyObject *text, *table, *wider;
    if (!PyArg_ParseTuple(args, "UO!O", &text, &PyTuple_Type, &table, &wider))
        return NULL;
    if (PyTuple_GET_SIZE(table) != 256) {
        PyErr_SetString(PyExc_TypeError, "table must hold 256 strings");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    buffer b = {NULL, 0, n + 16};
    b.data = PyMem_Malloc((size_t)b.cap);
    if (b.data == NULL)
        return PyErr_NoMemory();
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 256) {
            if (put(&b, table, c) < 0)
                goto fail;
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && PyUnicode_READ(kind, data, j) >= 256)
            j++;
        PyObject *run = PyUnicode_Substring(text, i, j);
        if (run == NULL)
            goto fail;
        PyObject *got = PyObject_CallOneArg(wider, run);
        Py_DECREF(run);
        if (got == NULL)
            goto fail;
        if (got == Py_None) {
            Py_DECREF(got);
            PyMem_Free(b.data);
            Py_RETURN_NONE;
        }
        if (!PyUnicode_Check(got) || !PyUnicode_IS_ASCII(got)) {
            Py_DECREF(got);
            PyErr_SetString(PyExc_TypeError, "wider must return an ASCII string or None");
            goto fail;
        }
        const Py_UCS1 *g = PyUnicode_1BYTE_DATA(got);
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(got); k++) {
            if (put(&b, table, g[k]) < 0) {
                Py_DECREF(got);
                goto fail;
            }
        }
        Py_DECREF(got);
        i = j;
    }
    PyObject *out = PyUnicode_New(b.len, 127);
    if (out != NULL)
        memcpy(PyUnicode_1BYTE_DATA(out), b.data, (size_t)b.len);
    PyMem_Free(b.data);
    return out;

fail:
    PyMem_Free(b.data);
    return NULL;
}

static PyMethodDef methods[] = {
    {"fold", fold, METH_VARARGS,
     "fold(text, table, wider) -> the folded ASCII text, or None where wider gave None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fold", "Native accent folding (core.folding).", -1, methods,
};

PyMODINIT_FUNC
PyInit__fold(void)
{
    return PyModule_Create(&module);
}
