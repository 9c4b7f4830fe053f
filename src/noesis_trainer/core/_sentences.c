/* Native sentence hashes for the boilerplate measure (noesis_trainer.core.boilerplate).
 *
 * `hashes(text)` gives `tuple(map(hash, sentences(text)))` for the common shape of an answer:
 * one paragraph of Latin-1 prose, no markdown, no line break, no run of spaces. For any other
 * text it returns None and the caller runs the Python `sentences`, which stays the definition
 * (a property test holds the two to one output). Why: the validator splits every answer of a
 * 300,000-row file into sentences (issue 15), about 8 us a row in Python.
 *
 * On that shape `sentences` reduces to: fold the case (str.lower over Latin-1), cut after each
 * ". ", "? " and "! " (the space goes), strip " |" from each piece and keep the pieces holding a
 * letter ([^\W\d_]). The tables come from Python (`setup`): the code has no alphabet of its own.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static unsigned char is_letter[256]; /* the folded char matches [^\W\d_] */
static unsigned char lower[256];     /* str.lower over Latin-1 */
static unsigned char bail[256];      /* a char that sends the text to Python */
static unsigned char bail_first[256]; /* a first char that may start a line mark */
static int ready = 0;

static PyObject *
setup(PyObject *self, PyObject *args)
{
    Py_buffer letters, low, out, out_first;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &letters, &low, &out, &out_first))
        return NULL;
    int ok = letters.len == 256 && low.len == 256 && out.len == 256 && out_first.len == 256;
    if (ok) {
        memcpy(is_letter, letters.buf, 256);
        memcpy(lower, low.buf, 256);
        memcpy(bail, out.buf, 256);
        memcpy(bail_first, out_first.buf, 256);
    }
    PyBuffer_Release(&letters);
    PyBuffer_Release(&low);
    PyBuffer_Release(&out);
    PyBuffer_Release(&out_first);
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "setup takes four tables of 256 bytes");
        return NULL;
    }
    ready = 1;
    Py_RETURN_NONE;
}

static int
is_end(unsigned char c)
{
    return c == '.' || c == '?' || c == '!';
}

/* Append hash(folded[a:b] stripped of " |") to `list` when the piece holds a letter. */
static int
add_piece(PyObject *list, const unsigned char *folded, Py_ssize_t a, Py_ssize_t b)
{
    while (a < b && (folded[a] == ' ' || folded[a] == '|'))
        a++;
    while (b > a && (folded[b - 1] == ' ' || folded[b - 1] == '|'))
        b--;
    Py_ssize_t i;
    for (i = a; i < b && !is_letter[folded[i]]; i++)
        ;
    if (i == b)
        return 0;
    PyObject *piece = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, folded + a, b - a);
    if (piece == NULL)
        return -1;
    Py_hash_t h = PyObject_Hash(piece);
    Py_DECREF(piece);
    if (h == -1 && PyErr_Occurred())
        return -1;
    PyObject *value = PyLong_FromSsize_t(h);
    if (value == NULL)
        return -1;
    int err = PyList_Append(list, value);
    Py_DECREF(value);
    return err;
}

static PyObject *
hashes(PyObject *self, PyObject *text)
{
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "_sentences.setup has not been called");
        return NULL;
    }
    if (!PyUnicode_CheckExact(text) || PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        Py_RETURN_NONE; /* wider text, or a str subclass: Python */
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > 0 && bail_first[s[0]])
        Py_RETURN_NONE;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (bail[c])
            Py_RETURN_NONE;
        /* a run of spaces left once the spaces after sentence ends are cut: Python collapses it */
        if (c == ' ' && i + 1 < n && s[i + 1] == ' ' && !(i > 0 && is_end(s[i - 1])))
            Py_RETURN_NONE;
    }
    unsigned char stack[2048];
    unsigned char *folded = n <= (Py_ssize_t)sizeof(stack) ? stack : PyMem_Malloc(n);
    if (folded == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++)
        folded[i] = lower[s[i]];
    PyObject *list = PyList_New(0);
    if (list == NULL)
        goto fail;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (folded[i] == ' ' && is_end(folded[i - 1])) {
            if (add_piece(list, folded, start, i) < 0)
                goto fail;
            start = i + 1;
        }
    }
    if (add_piece(list, folded, start, n) < 0)
        goto fail;
    if (folded != stack)
        PyMem_Free(folded);
    PyObject *result = PyList_AsTuple(list);
    Py_DECREF(list);
    return result;
fail:
    Py_XDECREF(list);
    if (folded != stack)
        PyMem_Free(folded);
    return NULL;
}

static PyMethodDef methods[] = {
    {"hashes", hashes, METH_O,
     "hashes(text) -> tuple[int, ...] | None: the sentence hashes, or None: run Python."},
    {"setup", setup, METH_VARARGS, "Load the tables (from core.boilerplate)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_sentences", "Native sentence hashes for the boilerplate measure.",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__sentences(void)
{
    return PyModule_Create(&module);
}
