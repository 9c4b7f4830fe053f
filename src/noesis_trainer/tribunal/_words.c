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
 * Each distinct word is looked at once: a repeated one is found in a table of the words seen
 * and only appended and counted again.
 * Why: these counts and the prefix set were about a quarter of the judges' time in Python,
 * most of it allocating the 3- and 4-letter heads one slice at a time (docs/benchmarks.md).
 *
 * Five more scans of the same kind, each held by a property test to its Python definition:
 *
 *   markers(words, spans): `text.count_markers` (marker phrases, leftmost-longest, by kind);
 *   ends_and_specifics(text, symbols): `text.sentence_ends_and_specifics` (both regexes' counts);
 *   fact_marks(text, symbols, opens, fold): `text.python_marks` (numbers, symbols, acronyms and
 *   names inside a sentence, folded);
 *   grams_found(joined, grams): `text.python_grams_found` (how many 4-grams a text holds);
 *   tokens(text, limit): `text.python_count_pieces` (whitespace-separated pieces, counted to
 *   limit + 1).
 *
 * Together they were about a fifth of the heuristic judges' time, spent in per-word and
 * per-match Python (round 42, docs/benchmarks.md).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
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

/* A distinct word of the text being counted: where it is, its string (held by the words list)
 * and what it counts for, so that a repeated word costs a lookup and an append. */
typedef struct {
    uint64_t hash;
    Py_ssize_t start, len;
    PyObject *word; /* borrowed from the words list; NULL: an empty slot */
    int content, second;
} seen_word;

static uint64_t
bytes_hash(const unsigned char *s, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (Py_ssize_t k = 0; k < n; k++) {
        h ^= s[k];
        h *= 1099511628211ull;
    }
    return h;
}

/* Double the table (`*size` slots, at most half of them used after). 0, or -1 with an error. */
static int
grow(seen_word **table, Py_ssize_t *size)
{
    Py_ssize_t bigger = *size * 2, mask = bigger - 1;
    seen_word *fresh = PyMem_Calloc((size_t)bigger, sizeof(seen_word));
    if (fresh == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < *size; k++) {
        if ((*table)[k].word == NULL)
            continue;
        Py_ssize_t at = (Py_ssize_t)((*table)[k].hash & (uint64_t)mask);
        while (fresh[at].word != NULL)
            at = (at + 1) & mask;
        fresh[at] = (*table)[k];
    }
    PyMem_Free(*table);
    *table = fresh;
    *size = bigger;
    return 0;
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

    Py_ssize_t size = 64, used = 0; /* doubled whenever half full */
    seen_word *seen = PyMem_Calloc((size_t)size, sizeof(seen_word));
    PyObject *words = PyList_New(0);
    PyObject *five = PySet_New(NULL);
    PyObject *heads = PyList_New(0); /* the 4- and 3-letter heads of new 5-letter ones */
    PyObject *joined = NULL, *prefixes = NULL;
    if (seen == NULL || words == NULL || five == NULL || heads == NULL) {
        if (seen == NULL)
            PyErr_NoMemory();
        goto fail;
    }

    Py_ssize_t n_content = 0, n_distinct = 0, n_long = 0, n_second = 0, chars = 0;
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
        uint64_t h = bytes_hash(s + a, len);
        Py_ssize_t mask = size - 1;
        Py_ssize_t at = (Py_ssize_t)(h & (uint64_t)mask);
        while (seen[at].word != NULL &&
               !(seen[at].hash == h && seen[at].len == len &&
                 memcmp(s + seen[at].start, s + a, (size_t)len) == 0))
            at = (at + 1) & mask;
        seen_word *e = &seen[at];
        if (e->word != NULL) { /* seen before: counted as then, nothing new to add */
            if (PyList_Append(words, e->word) < 0)
                goto fail;
            n_content += e->content;
            n_second += e->second;
            continue;
        }
        PyObject *w = ascii_str(s + a, len);
        if (w == NULL)
            goto fail;
        int rc = PyList_Append(words, w);
        Py_DECREF(w); /* the list holds it (and the table borrows it) */
        if (rc < 0)
            goto fail;
        int content = 0, yours = 0;
        if (len >= CONTENT_MIN) {
            int stopword = PySet_Contains(stop, w);
            if (stopword < 0)
                goto fail;
            content = !stopword;
        }
        yours = PySet_Contains(second, w);
        if (yours < 0)
            goto fail;
        e->hash = h;
        e->start = a;
        e->len = len;
        e->word = w;
        e->content = content;
        e->second = yours;
        if (2 * ++used > size && grow(&seen, &size) < 0)
            goto fail; /* (`e` is not used past here) */
        n_content += content;
        n_second += yours;
        if (content) {
            n_distinct++;
            if (len >= LONG_WORD)
                n_long++;
        }
        PyObject *head = len <= STEM ? (Py_INCREF(w), w) : ascii_str(s + a, STEM);
        int fresh = head == NULL ? -1 : add_new(five, head);
        Py_XDECREF(head);
        if (fresh < 0)
            goto fail;
        if (fresh) {
            Py_ssize_t hl = len < STEM ? len : STEM;
            if (hl > 4 && append_str(heads, s + a, 4) < 0)
                goto fail;
            if (hl > 3 && append_str(heads, s + a, 3) < 0)
                goto fail;
        }
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
    PyMem_Free(seen);
    Py_DECREF(five);
    Py_DECREF(heads);
    return Py_BuildValue("(NnnnnNN)", words, n_content, n_distinct, n_long, n_second, joined,
                         prefixes);

fail:
    PyMem_Free(seen);
    Py_XDECREF(words);
    Py_XDECREF(five);
    Py_XDECREF(heads);
    Py_XDECREF(joined);
    Py_XDECREF(prefixes);
    return NULL;
}

/* ---- markers ---------------------------------------------------------------------------- */

/* markers(words, spans) -> {kind: count}, or None where a word is not exactly a str. `spans`: first word -> ((length, {phrase words tuple:
 * kind}), ...), longest first (`text._PHRASE_SPANS`). From each word that opens a phrase, the
 * longest phrase there is counted and the walk goes on after it (non-overlapping). */
static PyObject *
markers(PyObject *self, PyObject *args)
{
    PyObject *words, *spans;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &words, &PyDict_Type, &spans))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    for (Py_ssize_t k = 0; k < n; k++) {
        /* exact strings only: their hashing and comparing run no code that could change the
         * list under the walk (anything else is left to the Python definition) */
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(words, k)))
            Py_RETURN_NONE;
    }
    PyObject *out = PyDict_New();
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        PyObject *entries = PyDict_GetItemWithError(spans, PyList_GET_ITEM(words, i));
        if (entries == NULL) {
            if (PyErr_Occurred())
                goto fail;
            i++;
            continue;
        }
        if (!PyTuple_Check(entries))
            goto bad;
        Py_ssize_t found = 0;
        for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(entries) && !found; e++) {
            PyObject *pair = PyTuple_GET_ITEM(entries, e);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
                !PyDict_Check(PyTuple_GET_ITEM(pair, 1)))
                goto bad;
            Py_ssize_t len = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
            if (len < 0) {
                if (PyErr_Occurred())
                    goto fail;
                goto bad;
            }
            if (len > n - i)
                continue; /* a shorter slice equals no phrase of this length */
            PyObject *key = PyTuple_New(len);
            if (key == NULL)
                goto fail;
            for (Py_ssize_t k = 0; k < len; k++) {
                PyObject *w = PyList_GET_ITEM(words, i + k);
                Py_INCREF(w);
                PyTuple_SET_ITEM(key, k, w);
            }
            PyObject *kind = PyDict_GetItemWithError(PyTuple_GET_ITEM(pair, 1), key);
            Py_DECREF(key);
            if (kind == NULL) {
                if (PyErr_Occurred())
                    goto fail;
                continue;
            }
            PyObject *had = PyDict_GetItemWithError(out, kind);
            if (had == NULL && PyErr_Occurred())
                goto fail;
            Py_ssize_t count = had == NULL ? 0 : PyLong_AsSsize_t(had);
            if (count < 0 && PyErr_Occurred())
                goto fail;
            PyObject *now = PyLong_FromSsize_t(count + 1);
            if (now == NULL || PyDict_SetItem(out, kind, now) < 0) {
                Py_XDECREF(now);
                goto fail;
            }
            Py_DECREF(now);
            found = len > 0 ? len : 1;
        }
        i += found ? found : 1;
    }
    return out;

bad:
    PyErr_SetString(PyExc_TypeError, "spans must map a word to ((length, {tuple: kind}), ...)");
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- sentence ends and specifics ---------------------------------------------------------- */

static int
in_chars(Py_UCS4 c, int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++) {
        if (PyUnicode_READ(kind, data, k) == c)
            return 1;
    }
    return 0;
}

/* Whether `c` is one of `symbols` (a str): lowercase letters and whitespace never are. */
static int
is_symbol(Py_UCS4 c, int skind, const void *sdata, Py_ssize_t ns)
{
    return c > ' ' && !(c >= 'a' && c <= 'z') && in_chars(c, skind, sdata, ns);
}

static int
is_end(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\n';
}

static int
is_digit(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

static int
is_capital(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

/* ends_and_specifics(text, symbols) -> (sentence ends, specifics): the number of matches of
 * `[.!?;:\n]+(?:\s|$)` and of `[0-9]+|[A-Z][A-Z0-9]+|[<symbols>]` in one left-to-right scan that
 * takes the first of them at each place, as `text._SENTENCE_END_OR_SPECIFIC` does. */
static PyObject *
ends_and_specifics(PyObject *self, PyObject *args)
{
    PyObject *text, *symbols;
    if (!PyArg_ParseTuple(args, "UU", &text, &symbols))
        return NULL;
    int kind = PyUnicode_KIND(text), skind = PyUnicode_KIND(symbols);
    const void *data = PyUnicode_DATA(text), *sdata = PyUnicode_DATA(symbols);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), ns = PyUnicode_GET_LENGTH(symbols);
    Py_ssize_t ends = 0, specifics = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (is_end(c)) {
            Py_ssize_t j = i + 1;
            while (j < n && is_end(PyUnicode_READ(kind, data, j)))
                j++;
            if (j == n) { /* the run ends the text: `$` */
                ends++;
                i = n;
            }
            else if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) {
                ends++;
                i = j + 1;
            }
            else {
                /* backtracking: the run up to its last line break, which is the `\s` */
                Py_ssize_t k = j - 1;
                while (k > i && PyUnicode_READ(kind, data, k) != '\n')
                    k--;
                if (k > i) {
                    ends++;
                    i = k + 1;
                }
                else {
                    i = j; /* no place inside the run matches either */
                }
            }
        }
        else if (is_digit(c)) {
            while (i < n && is_digit(PyUnicode_READ(kind, data, i)))
                i++;
            specifics++;
        }
        else if (is_capital(c)) {
            Py_ssize_t j = i + 1;
            while (j < n && (is_capital(PyUnicode_READ(kind, data, j)) ||
                             is_digit(PyUnicode_READ(kind, data, j))))
                j++;
            if (j - i >= 2) {
                specifics++;
                i = j;
            }
            else {
                i++;
            }
        }
        else {
            if (is_symbol(c, skind, sdata, ns))
                specifics++;
            i++;
        }
    }
    return Py_BuildValue("(nn)", ends, specifics);
}

/* ---- marks of fact ------------------------------------------------------------------------ */

static int
is_word_u(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) || c == '_'; /* the regex `\w` on str */
}

/* fact_marks(text, symbols, opens, fold) -> frozenset: `text.python_marks`. Marks are the
 * matches of `[0-9]+|[A-Z]\w*|[<symbols>]`; a capitalized word (its other characters not upper
 * case) after `opens` or at the start, past markdown emphasis and whitespace, opens a sentence
 * and is left out. Each kept mark is lowered (ASCII) or passed through `fold`. */
static PyObject *
fact_marks(PyObject *self, PyObject *args)
{
    PyObject *text, *symbols, *opens, *fold;
    if (!PyArg_ParseTuple(args, "UUUO", &text, &symbols, &opens, &fold))
        return NULL;
    int kind = PyUnicode_KIND(text), skind = PyUnicode_KIND(symbols);
    int okind = PyUnicode_KIND(opens);
    const void *data = PyUnicode_DATA(text), *sdata = PyUnicode_DATA(symbols);
    const void *odata = PyUnicode_DATA(opens);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), ns = PyUnicode_GET_LENGTH(symbols);
    Py_ssize_t no = PyUnicode_GET_LENGTH(opens);
    PyObject *found = PySet_New(NULL);
    if (found == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t a = i;
        if (is_digit(c)) {
            while (i < n && is_digit(PyUnicode_READ(kind, data, i)))
                i++;
        }
        else if (is_capital(c)) {
            i++;
            while (i < n && is_word_u(PyUnicode_READ(kind, data, i)))
                i++;
        }
        else if (is_symbol(c, skind, sdata, ns)) {
            i++;
        }
        else {
            i++;
            continue;
        }
        /* the mark is text[a:i] */
        int ascii = 1, upper_after = 0;
        for (Py_ssize_t k = a; k < i; k++) {
            Py_UCS4 m = PyUnicode_READ(kind, data, k);
            if (m > 127)
                ascii = 0;
            if (k > a && Py_UNICODE_ISUPPER(m))
                upper_after = 1;
        }
        if (Py_UNICODE_ISUPPER(c) && !upper_after) {
            Py_ssize_t j = a - 1;
            while (j >= 0 && (PyUnicode_READ(kind, data, j) == '*' ||
                              PyUnicode_READ(kind, data, j) == '_'))
                j--;
            while (j >= 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
                j--;
            if (j < 0 || in_chars(PyUnicode_READ(kind, data, j), okind, odata, no))
                continue; /* a capital that opens a sentence names nothing */
        }
        PyObject *mark;
        if (ascii) {
            mark = PyUnicode_New(i - a, 127);
            if (mark == NULL)
                goto fail;
            unsigned char *out = PyUnicode_1BYTE_DATA(mark);
            for (Py_ssize_t k = a; k < i; k++) {
                Py_UCS4 m = PyUnicode_READ(kind, data, k);
                out[k - a] = (unsigned char)(is_capital(m) ? m + ('a' - 'A') : m);
            }
        }
        else {
            PyObject *raw = PyUnicode_Substring(text, a, i);
            if (raw == NULL)
                goto fail;
            mark = PyObject_CallOneArg(fold, raw);
            Py_DECREF(raw);
            if (mark == NULL)
                goto fail;
        }
        int rc = PySet_Add(found, mark);
        Py_DECREF(mark);
        if (rc < 0)
            goto fail;
    }
    PyObject *out = PyFrozenSet_New(found);
    Py_DECREF(found);
    return out;

fail:
    Py_DECREF(found);
    return NULL;
}

/* ---- 4-grams ------------------------------------------------------------------------------ */

#define GRAM_EMPTY 0u
#define GRAM_USED 0x80000000u /* ASCII bytes leave the top bit free */
#define GRAM_STACK 4096
#define GRAM_MAX_TEXT 16384 /* longer text: one substring search a gram, which may stop early */

static uint32_t
gram_key(const unsigned char *s)
{
    return GRAM_USED | ((uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 |
                        (uint32_t)s[3]);
}

static Py_ssize_t
gram_slot(const uint32_t *table, Py_ssize_t mask, int bits, uint32_t key)
{
    /* the product's high bits: they depend on every character of the gram */
    Py_ssize_t at = (Py_ssize_t)((key * 2654435761u) >> (32 - bits)) & mask;
    while (table[at] != GRAM_EMPTY && table[at] != key)
        at = (at + 1) & mask;
    return at;
}

/* grams_found(joined, grams) -> how many of `grams` (4-character ASCII strings) occur in
 * `joined` (ASCII, at most GRAM_MAX_TEXT characters), or None for other input: the text's
 * 4-character windows go into a hash set once, instead of one substring search per gram. */
static PyObject *
grams_found(PyObject *self, PyObject *args)
{
    PyObject *joined, *grams;
    if (!PyArg_ParseTuple(args, "UO!", &joined, &PyTuple_Type, &grams))
        return NULL;
    Py_ssize_t g = PyTuple_GET_SIZE(grams);
    if (!PyUnicode_IS_ASCII(joined) || PyUnicode_GET_LENGTH(joined) > GRAM_MAX_TEXT)
        Py_RETURN_NONE;
    for (Py_ssize_t k = 0; k < g; k++) {
        PyObject *gram = PyTuple_GET_ITEM(grams, k);
        if (!PyUnicode_Check(gram) || !PyUnicode_IS_ASCII(gram) || PyUnicode_GET_LENGTH(gram) != 4)
            Py_RETURN_NONE;
    }
    const unsigned char *s = PyUnicode_1BYTE_DATA(joined);
    Py_ssize_t n = PyUnicode_GET_LENGTH(joined);
    if (n < 4 || g == 0)
        return PyLong_FromLong(0);
    Py_ssize_t windows = n - 3, size = 16;
    int bits = 4;
    while (size < 2 * windows) {
        size *= 2;
        bits++;
    }
    uint32_t stack[GRAM_STACK];
    uint32_t *table = stack;
    if (size > GRAM_STACK) {
        table = PyMem_Calloc((size_t)size, sizeof(uint32_t));
        if (table == NULL)
            return PyErr_NoMemory();
    }
    else {
        memset(table, 0, (size_t)size * sizeof(uint32_t));
    }
    Py_ssize_t mask = size - 1;
    for (Py_ssize_t i = 0; i < windows; i++) {
        uint32_t key = gram_key(s + i);
        table[gram_slot(table, mask, bits, key)] = key;
    }
    Py_ssize_t found = 0;
    for (Py_ssize_t k = 0; k < g; k++) {
        uint32_t key = gram_key(PyUnicode_1BYTE_DATA(PyTuple_GET_ITEM(grams, k)));
        found += table[gram_slot(table, mask, bits, key)] == key;
    }
    if (table != stack)
        PyMem_Free(table);
    return PyLong_FromSsize_t(found);
}

/* ---- tokens ------------------------------------------------------------------------------- */

/* tokens(text, limit) -> len(text.split(maxsplit=limit)): the whitespace-separated pieces,
 * counted no further than limit + 1 (a negative limit: all of them; nothing is allocated). */
static PyObject *
tokens(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "Un", &text, &limit))
        return NULL;
    if (limit < 0)
        limit = PY_SSIZE_T_MAX - 1; /* maxsplit=-1: no limit */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), pieces = 0, i = 0;
    while (i < n && pieces <= limit) {
        while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            i++;
        if (i >= n)
            break;
        pieces++;
        while (i < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            i++;
    }
    return PyLong_FromSsize_t(pieces);
}

static PyMethodDef methods[] = {
    {"stats", stats, METH_VARARGS,
     "stats(folded, stopwords, second_person) -> (words, n_content, n_distinct_content, "
     "n_long_words, n_second_person, joined, prefixes), or None for a text that is not ASCII."},
    {"markers", markers, METH_VARARGS,
     "markers(words, spans) -> {kind: count}: marker phrases, leftmost-longest."},
    {"ends_and_specifics", ends_and_specifics, METH_VARARGS,
     "ends_and_specifics(text, symbols) -> (sentence ends, specifics)."},
    {"fact_marks", fact_marks, METH_VARARGS,
     "fact_marks(text, symbols, opens, fold) -> frozenset of folded marks of fact."},
    {"grams_found", grams_found, METH_VARARGS,
     "grams_found(joined, grams) -> how many 4-grams occur in joined, or None."},
    {"tokens", tokens, METH_VARARGS, "tokens(text, limit) -> len(text.split(maxsplit=limit))."},
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
