/* Native text vectors for the word-vector second look (noesis_trainer.tribunal.judges.word_vectors).
 *
 * `sums(texts, index, table, weights, out)` writes into `out` what `WordVectors.python_sums`
 * computes, which stays the definition (a property test holds the two to one output): for each
 * text (a list of its words), the sum over its words that `index` holds (word -> row) of
 * weights[row] * table[row], as whole numbers in float64 (0 for a text without such a word).
 *
 * table: C-contiguous int8 (rows, dimensions); weights: C-contiguous int32 (rows,); out:
 * writable C-contiguous float64 (len(texts), dimensions); each text a list of str (a TypeError
 * for anything else: no Python code runs inside the walk). The sums are exact integers (int64
 * here, below 2**31 by `MAX_WORDS`), so every order of addition gives the same floats.
 * Why: the lookups and the numpy gather, cast and segmented sum were most of the second look's
 * time on a large batch (docs/benchmarks.md, round 43).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_DIMENSIONS 128 /* word_vectors.MAX_DIMENSIONS */

static int
buffer_of(PyObject *obj, Py_buffer *view, const char *format, int ndim, int writable,
          const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    if (view->ndim != ndim || view->format == NULL || strcmp(view->format, format) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a %d-D array of format '%s'", what, ndim,
                     format);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *
sums(PyObject *self, PyObject *args)
{
    PyObject *texts, *index, *table_obj, *weights_obj, *out_obj;
    if (!PyArg_ParseTuple(args, "O!O!OOO", &PyList_Type, &texts, &PyDict_Type, &index,
                          &table_obj, &weights_obj, &out_obj))
        return NULL;
    Py_buffer table, weights, out;
    if (buffer_of(table_obj, &table, "b", 2, 0, "table") < 0)
        return NULL;
    if (buffer_of(weights_obj, &weights, "i", 1, 0, "weights") < 0) {
        PyBuffer_Release(&table);
        return NULL;
    }
    if (buffer_of(out_obj, &out, "d", 2, 1, "out") < 0) {
        PyBuffer_Release(&table);
        PyBuffer_Release(&weights);
        return NULL;
    }
    Py_ssize_t rows = table.shape[0], dims = table.shape[1];
    Py_ssize_t n = PyList_GET_SIZE(texts);
    PyObject *result = NULL;
    if (weights.shape[0] != rows || out.shape[0] != n || out.shape[1] != dims ||
        dims > MAX_DIMENSIONS) {
        PyErr_SetString(PyExc_ValueError,
                        "table, weights and out do not match (rows, dimensions, texts)");
        goto done;
    }
    const int8_t *vectors = (const int8_t *)table.buf;
    const int32_t *weight = (const int32_t *)weights.buf;
    double *into = (double *)out.buf;
    int64_t acc[MAX_DIMENSIONS];
    for (Py_ssize_t t = 0; t < n; t++) {
        PyObject *words = PyList_GET_ITEM(texts, t);
        if (!PyList_Check(words)) {
            PyErr_SetString(PyExc_TypeError, "each text must be a list of its words");
            goto done;
        }
        memset(acc, 0, sizeof(acc));
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(words); k++) {
            PyObject *word = PyList_GET_ITEM(words, k);
            if (!PyUnicode_CheckExact(word)) {
                /* a word's own hashing could change the lists under the walk */
                PyErr_SetString(PyExc_TypeError, "each word must be a str");
                goto done;
            }
            PyObject *row_obj = PyDict_GetItemWithError(index, word);
            if (row_obj == NULL) {
                if (PyErr_Occurred())
                    goto done;
                continue; /* a word without a vector counts for nothing */
            }
            Py_ssize_t row = PyLong_AsSsize_t(row_obj);
            if (row == -1 && PyErr_Occurred())
                goto done;
            if (row < 0 || row >= rows) {
                PyErr_Format(PyExc_IndexError, "row %zd of a table of %zd rows", row, rows);
                goto done;
            }
            const int8_t *v = vectors + row * dims;
            int64_t w = weight[row];
            for (Py_ssize_t d = 0; d < dims; d++)
                acc[d] += w * v[d];
        }
        for (Py_ssize_t d = 0; d < dims; d++)
            into[t * dims + d] = (double)acc[d];
    }
    result = Py_NewRef(Py_None);

done:
    PyBuffer_Release(&table);
    PyBuffer_Release(&weights);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"sums", sums, METH_VARARGS,
     "sums(texts, index, table, weights, out) -> None: WordVectors.python_sums, into out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_vectors", "Native text vectors for the word-vector second look.",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__vectors(void)
{
    return PyModule_Create(&module);
}
