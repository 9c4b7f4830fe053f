/* Native word statistics for the heuristic judges (noesis_trainer.tribunal.judges.text).
 *
 * `stats(folded, stopwords, second_person)` gives, for a folded answer (ASCII: lowercase, no
 * accents), the word counts that `text.word_stats` computes in Python, which stays the
 * definition (a property test holds the two to one output):
 *
 *   (words, n_content, n_distinct_content, n_long_words, n_second_person, joined, prefixes)
 *
 * words: the runs of [a-z0-9], in order; content: the words of more than 2 characters that are
 * not in `stopwords`; how many distinct content words there are and how many of those have 9
 * characters or more; how many words are in `second_person`; joined: " " + " ".join(words) +
 * " "; prefixes: the first 5 characters of every word, and the first 4 and 3 of those (a word
 * shorter than that is its own). None for a text that is not ASCII (the caller runs Python).
 * Why: these counts and the prefix set were about a quarter of the judges' time in Python,
 * most of it allocating the 3- and 4-letter heads one slice at a time (docs/benchmarks.md).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define STEM 5 /* text.STEM_CHARS */
#define LONG_WORD 9
#define CONTENT_MIN 3

static int
is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static PyObject *
ascii_str(const unsigned char *s, Py_ssize_t n)
{
    PyObject *o = PyUnicode_New(n, 127);
    if (o != NULL)
        memcpy(PyUnicode_1BYTE_DATA(o), s, (size_t)n);
    return o;
}

/* Add `item` to `set`; 1 when it was not there, 0 when it was, -1 on error. */
static int
add_new(PyObject *set, PyObject *item)
{
    Py_ssize_t before = PySet_GET_SIZE(set);
    if (PySet_Add(set, item) < 0)
        return -1;
    return PySet_GET_SIZE(set) > before;
}

/* Append a new string of s[0:n] to `list`. */
static int
append_str(PyObject *list, const unsigned char *s, Py_ssize_t n)
{
    PyObject *o = ascii_str(s, n);
    if (o == NULL)
        return -1;
    int rc = PyList_Append(list, o);
    Py_DECREF(o);
    return rc;
}

static PyObject *
joined_of(PyObject *words, Py_ssize_t chars)
{
    Py_ssize_t n = PyList_GET_SIZE(words);
    Py_ssize_t size = 2 + chars + (n > 0 ? n - 1 : 0);
    PyObject *out = PyUnicode_New(size, 127);
    if (out == NULL)
        return NULL;
    unsigned char *p = PyUnicode_1BYTE_DATA(out);
    *p++ = ' ';
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *w = PyList_GET_ITEM(words, k);
        Py_ssize_t len = PyUnicode_GET_LENGTH(w);
        if (k > 0)
            *p++ = ' ';
        memcpy(p, PyUnicode_1BYTE_DATA(w), (size_t)len);
        p += len;
    }
    *p = ' ';
    return out;
}

static PyObject *
stats(PyObject *self, PyObject *args)
{
    PyObject *text, *stop, *second;
    if (!PyArg_ParseTuple(args, "UOO", &text, &stop, &second))
        return NULL;
    if (!PyAnySet_Check(stop) || !PyAnySet_Check(second)) {
        PyErr_SetString(PyExc_TypeError, "stopwords and second_person must be sets");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_NONE;
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);

    PyObject *words = PyList_New(0);
    PyObject *distinct = PySet_New(NULL);
    PyObject *five = PySet_New(NULL);
    PyObject *heads = PyList_New(0); /* the 4- and 3-letter heads of new 5-letter ones */
    PyObject *joined = NULL, *prefixes = NULL;
    if (words == NULL || distinct == NULL || five == NULL || heads == NULL)
        goto fail;

    Py_ssize_t n_content = 0, n_long = 0, n_second = 0, chars = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && !is_word(s[i]))
            i++;
        if (i >= n)
            break;
        Py_ssize_t a = i;
        while (i < n && is_word(s[i]))
            i++;
        Py_ssize_t len = i - a;
        chars += len;
        PyObject *w = ascii_str(s + a, len);
        if (w == NULL)
            goto fail;
        int rc = PyList_Append(words, w);
        if (rc == 0 && len >= CONTENT_MIN) {
            int stopword = PySet_Contains(stop, w);
            if (stopword < 0) {
                rc = -1;
            }
            else if (!stopword) {
                n_content++;
                int fresh = add_new(distinct, w);
                if (fresh < 0)
                    rc = -1;
                else if (fresh && len >= LONG_WORD)
                    n_long++;
            }
        }
        if (rc == 0) {
            int yours = PySet_Contains(second, w);
            if (yours < 0)
                rc = -1;
            else
                n_second += yours;
        }
        if (rc == 0) {
            PyObject *head = len <= STEM ? (Py_INCREF(w), w) : ascii_str(s + a, STEM);
            int fresh = head == NULL ? -1 : add_new(five, head);
            Py_XDECREF(head);
            if (fresh < 0)
                rc = -1;
            else if (fresh) {
                Py_ssize_t hl = len < STEM ? len : STEM;
                if (hl > 4 && append_str(heads, s + a, 4) < 0)
                    rc = -1;
                if (rc == 0 && hl > 3 && append_str(heads, s + a, 3) < 0)
                    rc = -1;
            }
        }
        Py_DECREF(w);
        if (rc < 0)
            goto fail;
    }

    joined = joined_of(words, chars);
    if (joined == NULL)
        goto fail;
    prefixes = PyFrozenSet_New(five);
    if (prefixes == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(heads); k++) {
        /* a brand-new frozenset may be filled before anyone sees it */
        if (PySet_Add(prefixes, PyList_GET_ITEM(heads, k)) < 0)
            goto fail;
    }
    Py_ssize_t n_distinct = PySet_GET_SIZE(distinct);
    Py_DECREF(distinct);
    Py_DECREF(five);
    Py_DECREF(heads);
    return Py_BuildValue("(NnnnnNN)", words, n_content, n_distinct, n_long, n_second, joined,
                         prefixes);

fail:
    Py_XDECREF(words);
    Py_XDECREF(distinct);
    Py_XDECREF(five);
    Py_XDECREF(heads);
    Py_XDECREF(joined);
    Py_XDECREF(prefixes);
    return NULL;
}

static PyMethodDef methods[] = {
    {"stats", stats, METH_VARARGS,
     "stats(folded, stopwords, second_person) -> (words, n_content, n_distinct_content, "
     "n_long_words, n_second_person, joined, prefixes), or None for a text that is not ASCII."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_words", "Native word statistics for the heuristic judges.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__words(void)
{
    return PyModule_Create(&module);
}
