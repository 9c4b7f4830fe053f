/* Native batch-topic walk for the heuristic judges (noesis_trainer.tribunal.judges.batch_topics).
 *
 * `reaching(stems, own, leading, index, topics, weight)` gives what
 * `BatchTopics.python_topics_reaching` gives, which stays the definition (a property test holds
 * the two to one output):
 *
 *   None where walking the index is the cheaper (the caller walks it: `other_topics`), else the
 *   topics other than `own` that one of `stems` leads (`leading`: stem -> topics, the stems of
 *   the batch sorted, each topic once, in order of first appearance), each with the summed weight
 *   of its stems found in `stems`, added in its stems' order (`topics`: topic -> sorted stems).
 *
 * NotImplemented where an argument is not of the types `BatchTopics` builds (a set of str, dicts
 * of lists and tuples of str, floats): the caller runs the Python definition. (With plain str
 * everywhere no Python code runs inside the walk: nothing can change the containers under it.)
 * Why: every answer that takes up little of its own prompt asks which other topics it reaches;
 * in Python that was about a quarter of the batch relevance (docs/benchmarks.md, round 43).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The length of `map[key]` (0 when absent), or -1 with an error, or -2 where the value is not a
 * list. */
static Py_ssize_t
listed(PyObject *map, PyObject *key)
{
    PyObject *got = PyDict_GetItemWithError(map, key);
    if (got == NULL)
        return PyErr_Occurred() ? -1 : 0;
    return PyList_CheckExact(got) ? PyList_GET_SIZE(got) : -2;
}

static PyObject *
not_handled(PyObject *a, PyObject *b)
{
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *
reaching(PyObject *self, PyObject *args)
{
    PyObject *stems, *own, *leading, *index, *topics, *weight;
    if (!PyArg_ParseTuple(args, "OOO!O!O!O!", &stems, &own, &PyDict_Type, &leading, &PyDict_Type,
                          &index, &PyDict_Type, &topics, &PyDict_Type, &weight))
        return NULL;
    if (!PyAnySet_CheckExact(stems) || !PyUnicode_CheckExact(own))
        Py_RETURN_NOTIMPLEMENTED;
    PyObject *sorted = PySequence_List(stems);
    if (sorted == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(sorted);
    Py_ssize_t led = 0, held = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyList_GET_ITEM(sorted, i);
        if (!PyUnicode_CheckExact(k))
            return not_handled(sorted, NULL);
        Py_ssize_t a = listed(leading, k), b = listed(index, k);
        if (a == -1 || b == -1) {
            Py_DECREF(sorted);
            return NULL;
        }
        if (a == -2 || b == -2)
            return not_handled(sorted, NULL);
        led += a;
        held += b;
    }
    /* where the leading stems point at half the topics the walk visits or more, walk */
    if (PyDict_GET_SIZE(index) != PyDict_GET_SIZE(weight) || 2 * led >= held) {
        Py_DECREF(sorted);
        Py_RETURN_NONE;
    }
    if (PyList_Sort(sorted) < 0) {
        Py_DECREF(sorted);
        return NULL;
    }
    PyObject *found = PyDict_New();
    if (found == NULL) {
        Py_DECREF(sorted);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *lead = PyDict_GetItemWithError(leading, PyList_GET_ITEM(sorted, i));
        if (lead == NULL) {
            if (PyErr_Occurred())
                goto fail;
            continue;
        }
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(lead); j++) {
            PyObject *topic = PyList_GET_ITEM(lead, j);
            if (!PyUnicode_CheckExact(topic)) /* its own hashing could change the lists */
                return not_handled(sorted, found);
            if (PyDict_SetDefault(found, topic, Py_None) == NULL)
                goto fail;
        }
    }
    Py_DECREF(sorted);
    sorted = NULL;
    int has_own = PyDict_Contains(found, own);
    if (has_own < 0 || (has_own && PyDict_DelItem(found, own) < 0))
        goto fail;

    Py_ssize_t at = 0;
    PyObject *topic, *value;
    while (PyDict_Next(found, &at, &topic, &value)) {
        PyObject *keys = PyDict_GetItemWithError(topics, topic);
        if (keys == NULL) {
            if (!PyErr_Occurred()) /* a topic led but not listed: as Python, a KeyError */
                PyErr_SetObject(PyExc_KeyError, topic);
            goto fail;
        }
        if (!PyTuple_CheckExact(keys))
            return not_handled(found, NULL);
        double covered = 0.0; /* added in the topic's stem order, as Python adds them */
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(keys); j++) {
            PyObject *key = PyTuple_GET_ITEM(keys, j);
            if (!PyUnicode_CheckExact(key))
                return not_handled(found, NULL);
            int in = PySet_Contains(stems, key);
            if (in < 0)
                goto fail;
            if (!in)
                continue;
            PyObject *w = PyDict_GetItemWithError(weight, key);
            if (w == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetObject(PyExc_KeyError, key);
                goto fail;
            }
            if (!PyFloat_CheckExact(w))
                return not_handled(found, NULL);
            covered += PyFloat_AS_DOUBLE(w);
        }
        PyObject *sum = PyFloat_FromDouble(covered);
        /* the key is there: its value changes, the keys do not (allowed while iterating) */
        if (sum == NULL || PyDict_SetItem(found, topic, sum) < 0) {
            Py_XDECREF(sum);
            goto fail;
        }
        Py_DECREF(sum);
    }
    return found;

fail:
    Py_XDECREF(sorted);
    Py_DECREF(found);
    return NULL;
}

static PyMethodDef methods[] = {
    {"reaching", reaching, METH_VARARGS,
     "reaching(stems, own, leading, index, topics, weight) -> dict, None (walk the index) or "
     "NotImplemented (types not handled): BatchTopics.python_topics_reaching."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_topics", "Native batch-topic walk for the heuristic judges.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__topics(void)
{
    return PyModule_Create(&module);
}
