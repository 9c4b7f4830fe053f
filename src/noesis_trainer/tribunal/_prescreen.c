/* A native prescreen for the output-failure detectors (noesis_trainer.tribunal.output_failures).
 *
 * `screen(prompt, answer)` answers one question: how much of `detect(prompt, answer)` is
 * surely empty? 0 where every detector is shown, on this evidence alone, to find nothing;
 * SHAPE_LEFT where the word-level detectors are, and only the text's shape is in doubt (markup,
 * its ending, a line that may open a role header: Python runs the shape detectors alone);
 * NOT_SCREENED otherwise ("run the Python detectors", which stay the definition). So a doubt
 * costs one pass and changes no verdict, and a 0 must never hide a failure: property tests in
 * tests/tribunal/test_prescreen.py hold `detect` to `detect_python` on every input.
 *
 * It reads Latin-1 strings (CPython's one-byte kind: English, Portuguese, Spanish, French ...)
 * and wider ones whose every other character has a Latin-1 stand-in (`wide`, from `setup`);
 * anything else is NOT_SCREENED. The tables (how each Latin-1 character folds into word
 * characters, which characters are symbols or spaces, the languages' function words, the
 * thresholds) come from Python through `setup`, so the definitions live in one place.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_FOLD 4        /* folded bytes one Latin-1 character can become ("¼" -> "14") */
#define MAX_FWORD 16      /* longest function word */
#define FW_SLOTS 1024     /* open-addressing table of function words (power of two) */
#define MAX_LANGS 16
#define STACK_WORDS 512   /* word hashes kept on the stack; longer texts use the heap */

static int ready = 0;
static unsigned char fold_len[256];
static unsigned char fold_out[256][MAX_FOLD]; /* each byte is [a-z0-9] or a space */
static unsigned char is_symbol[256];          /* not alphanumeric, not whitespace, not '_' */
static unsigned char is_space[256];           /* str.isspace */
static unsigned char ends_complete[256];      /* a last character that ends an answer */

typedef struct {
    uint64_t hash;
    int len;
    int lang;
    int id;
    unsigned char text[MAX_FWORD];
} fword_t;

static fword_t fwords[FW_SLOTS];
static int n_fwords = 0;
static int longest_fword = 0;
static int n_langs = 0;

/* thresholds, from output_failures */
static Py_ssize_t min_words, prefilter_repeats, min_symbol_copies, symbol_tail, min_echo_words;
static Py_ssize_t echo_extra_words, min_language_hits;
static double echo_share, language_margin;

static inline uint64_t mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The words of a folded text: their hashes (every word), and the distinct function words per
 * language (`seen` marks a function word's id once). Returns the number of words, or -1 on a
 * memory error. `hashes` grows from the stack buffer to the heap. */
typedef struct {
    uint64_t *hashes;
    Py_ssize_t n;
    Py_ssize_t cap;
    uint64_t stack[STACK_WORDS];
    int hits[MAX_LANGS];
    int present;
    uint32_t stamp; /* a function word was seen in this text when seen_at[id] == stamp */
    int languages;  /* whether function words are counted (the answer's only matter when the
                       prompt's language is known) */
} words_t;

static uint32_t seen_at[FW_SLOTS];
static uint32_t last_stamp = 0;

/* Makes room for `n` fresh stamps before the texts of one call take theirs: wrapping between
 * two of them would clear the marks of the first after it took its stamp. */
static void reserve_stamps(uint32_t n) {
    if (last_stamp > UINT32_MAX - n) { /* forget every old stamp */
        memset(seen_at, 0, sizeof seen_at);
        last_stamp = 0;
    }
}

static void words_init(words_t *w, int languages) {
    w->languages = languages;
    w->hashes = w->stack;
    w->n = 0;
    w->cap = STACK_WORDS;
    memset(w->hits, 0, sizeof w->hits);
    w->present = 0;
    w->stamp = ++last_stamp; /* reserve_stamps, called first, made room: never 0 */
}

static void words_free(words_t *w) {
    if (w->hashes != w->stack) PyMem_Free(w->hashes);
}

static int words_push(words_t *w, uint64_t h) {
    if (w->n == w->cap) {
        Py_ssize_t cap = w->cap * 2;
        uint64_t *grown = PyMem_Malloc(sizeof(uint64_t) * (size_t)cap);
        if (grown == NULL) return -1;
        memcpy(grown, w->hashes, sizeof(uint64_t) * (size_t)w->n);
        if (w->hashes != w->stack) PyMem_Free(w->hashes);
        w->hashes = grown;
        w->cap = cap;
    }
    w->hashes[w->n++] = h;
    return 0;
}

static void function_word(words_t *w, uint64_t h, const unsigned char *text, Py_ssize_t len) {
    if (len > MAX_FWORD) return;
    size_t slot = (size_t)(h & (FW_SLOTS - 1));
    while (fwords[slot].len) {
        fword_t *f = &fwords[slot];
        if (f->hash == h && f->len == len && memcmp(f->text, text, (size_t)len) == 0) {
            if (seen_at[f->id] != w->stamp) {
                seen_at[f->id] = w->stamp;
                w->present++;
                w->hits[f->lang]++;
            }
            return;
        }
        slot = (slot + 1) & (FW_SLOTS - 1);
    }
}

static int end_word(words_t *w, uint64_t h, const unsigned char *text, Py_ssize_t len) {
    uint64_t mixed = mix(h ^ (uint64_t)len);
    if (w->languages && len <= longest_fword) function_word(w, mixed, text, len);
    return words_push(w, mixed);
}

static int split_words(const Py_UCS1 *s, Py_ssize_t n, words_t *w) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over the folded word */
    unsigned char buf[MAX_FWORD + 1];
    Py_ssize_t len = 0; /* a word may be as long as the text */
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (fold_len[c] == 1 && fold_out[c][0] != ' ') { /* most characters: one word byte */
            unsigned char b = fold_out[c][0];
            h = (h ^ b) * 1099511628211ULL;
            if (len <= MAX_FWORD) buf[len] = b;
            len++;
            continue;
        }
        for (int k = 0; k < fold_len[c]; k++) {
            unsigned char b = fold_out[c][k];
            if (b == ' ') {
                if (len && end_word(w, h, buf, len) < 0) return -1;
                h = 1469598103934665603ULL;
                len = 0;
            } else {
                h = (h ^ b) * 1099511628211ULL;
                if (len <= MAX_FWORD) buf[len] = b;
                len++;
            }
        }
    }
    if (len && end_word(w, h, buf, len) < 0) return -1;
    return 0;
}

/* language_of: the index of the language, or -1 when unsure. */
static int language(const words_t *w, Py_ssize_t min_hits) {
    if (w->present < min_hits) return -1;
    int top = -1, best = 0, second = 0;
    for (int i = 0; i < n_langs; i++) {
        if (w->hits[i] > best) {
            second = best;
            best = w->hits[i];
            top = i;
        } else if (w->hits[i] > second) {
            second = w->hits[i];
        }
    }
    if (top < 0 || best < min_hits || (double)best < language_margin * (double)second) return -1;
    return top;
}

/* A set of nonzero 64-bit keys (open addressing, 0 marks a free slot), on the stack up to
 * 2 * STACK_WORDS slots. */
typedef struct {
    uint64_t *slots;
    size_t mask;
    uint64_t stack[2 * STACK_WORDS];
} keyset_t;

/* Room for `n` keys; -1 when out of memory. */
static int keyset_init(keyset_t *set, Py_ssize_t n) {
    size_t slots = 16;
    while (slots < (size_t)n * 2) slots <<= 1;
    set->slots = slots <= 2 * STACK_WORDS ? set->stack : PyMem_Malloc(sizeof(uint64_t) * slots);
    if (set->slots == NULL) return -1;
    memset(set->slots, 0, sizeof(uint64_t) * slots);
    set->mask = slots - 1;
    return 0;
}

static void keyset_free(keyset_t *set) {
    if (set->slots != set->stack) PyMem_Free(set->slots);
}

/* The slot of `key` (nonzero): where it is, or the free one where it would go. */
static uint64_t *keyset_slot(const keyset_t *set, uint64_t key) {
    size_t slot = (size_t)(mix(key) & set->mask);
    while (set->slots[slot] && set->slots[slot] != key) slot = (slot + 1) & set->mask;
    return &set->slots[slot];
}

/* Fewer than `prefilter_repeats` repeated word pairs (pairs compared by hash: a collision only
 * counts one more repeat, never one less). Returns 1 (few), 0 (maybe a loop), -1 (no memory). */
static int few_repeated_pairs(const words_t *w) {
    Py_ssize_t n = w->n;
    if (n < 2) return 1;
    keyset_t set;
    if (keyset_init(&set, n - 1) < 0) return -1;
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        uint64_t key = (w->hashes[i] * 0x9e3779b97f4a7c15ULL + w->hashes[i + 1]) | 1;
        uint64_t *slot = keyset_slot(&set, key);
        if (!*slot) {
            *slot = key;
            distinct++;
        }
    }
    keyset_free(&set);
    return n - distinct < prefilter_repeats;
}

/* _symbol_loop finds nothing: few spaces and line breaks, or few symbols, in the last
 * `symbol_tail` characters; else no run of `min_symbol_copies` equal tokens of one to six
 * symbols, only whitespace between them (the tail read as if a space came first), which is
 * what its regex, `\s([^\w\s]{1,6})(?:\s+\1){N-1,}(?!\S)`, matches: a copy is followed by
 * whitespace or the end, so each is a whole token. */
static int no_symbol_loop(const Py_UCS1 *s, Py_ssize_t n) {
    Py_ssize_t start = n > symbol_tail ? n - symbol_tail : 0, spaces = 0, symbols = 0;
    for (Py_ssize_t i = start; i < n; i++) {
        spaces += s[i] == ' ' || s[i] == '\n';
        symbols += is_symbol[s[i]];
    }
    if (spaces < min_symbol_copies || symbols < min_symbol_copies) return 1;
    Py_ssize_t copies = 0, last = -1, last_len = 0;
    for (Py_ssize_t i = start; i < n;) {
        while (i < n && is_space[s[i]]) i++;
        Py_ssize_t token = i, all_symbols = 1;
        while (i < n && !is_space[s[i]]) all_symbols &= is_symbol[s[i++]];
        Py_ssize_t len = i - token;
        if (len == 0) break;
        if (!all_symbols || len > 6) {
            copies = 0;
            continue;
        }
        if (copies && len == last_len && memcmp(s + token, s + last, (size_t)len) == 0) {
            copies++;
        } else {
            copies = 1;
        }
        if (copies >= min_symbol_copies) return 0;
        last = token;
        last_len = len;
    }
    return 1;
}

/* _echo finds nothing (prompt words looked up by hash: a collision only counts one more).
 * 1: nothing, 0: maybe an echo, -1: out of memory. */
static int no_echo(const words_t *p, const words_t *a) {
    Py_ssize_t np = p->n, na = a->n;
    if (np < min_echo_words) return 1;
    if (na <= 3 * np + 10) {
        /* the prompt's word hashes in a set (a hash of 0 is kept as 1, and so looked up: that
         * only counts one more word of the prompt) */
        keyset_t set;
        if (keyset_init(&set, np) < 0) return -1;
        for (Py_ssize_t j = 0; j < np; j++) {
            uint64_t key = p->hashes[j] | !p->hashes[j];
            *keyset_slot(&set, key) = key;
        }
        Py_ssize_t in_prompt = 0;
        for (Py_ssize_t i = 0; i < na; i++) {
            uint64_t key = a->hashes[i] | !a->hashes[i];
            in_prompt += *keyset_slot(&set, key) == key;
        }
        keyset_free(&set);
        if ((double)in_prompt >= echo_share * (double)na) return 0;
    }
    if (na - np < echo_extra_words) {
        for (Py_ssize_t start = 0; start < 3 && start < na; start++) {
            if (start + np <= na &&
                memcmp(a->hashes + start, p->hashes, sizeof(uint64_t) * (size_t)np) == 0)
                return 0;
        }
    }
    return 1;
}

static int starts_with(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t at, const char *word) {
    size_t len = strlen(word);
    return at + (Py_ssize_t)len <= n && memcmp(s + at, word, len) == 0;
}

static int ascii_letter(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *const ROLE_WORDS[] = {
    "Instruction", "Response", "Human", "Assistant", "User", "System",
    "user", "assistant", "system", "model", NULL,
};

/* No line could start a role header: none starts with '#' or with a role word that is the
 * whole leading run of ASCII letters. */
static int no_role_line(const Py_UCS1 *s, Py_ssize_t n) {
    Py_ssize_t at = 0;
    while (at < n) {
        if (s[at] == '#') return 0;
        Py_ssize_t end = at;
        while (end < n && ascii_letter(s[end])) end++;
        for (int k = 0; ROLE_WORDS[k] != NULL; k++) {
            if ((Py_ssize_t)strlen(ROLE_WORDS[k]) == end - at && starts_with(s, n, at, ROLE_WORDS[k]))
                return 0;
        }
        const Py_UCS1 *nl = memchr(s + at, '\n', (size_t)(n - at));
        if (nl == NULL) break;
        at = nl - s + 1;
    }
    return 1;
}

/* The stub markers of output_failures (`_STUB_HINTS`, `_STUB_HINTS_LOWER`, "..."), and "**" (a
 * cut inside bold), each found from one anchor character at a fixed offset inside it, chosen
 * rare in Portuguese and English prose (an uppercase letter inside a word, 'q', 'b'...), so that
 * the scan looks further at few characters. `blind`: ASCII case aside, as
 * output_failures' `lowered` tests them (both cases of the anchor stop the scan). */
/* (at most 15 markers: one bit each in `anchored`) */
static const struct {
    const char *text;
    unsigned char anchor;
    int offset;
    int blind;
} MARKERS[] = {
    {"TODO", 'D', 2, 0},         {"TBD", 'D', 2, 0},
    {"FIXME", 'X', 2, 0},        {"PLACEHOLDER", 'H', 5, 0},
    {"INSERT", 'N', 1, 0},       {"...", '.', 0, 0},
    {"**", '*', 0, 0},           {"lorem ipsum", 'p', 7, 1},
    {"insira aqui", 'q', 8, 1},  {"insert here", 'h', 7, 1},
    {"a preencher", 'p', 2, 1},  {"to be written", 'b', 3, 1},
    {"to be filled", 'b', 3, 1},
};
#define N_MARKERS ((int)(sizeof MARKERS / sizeof MARKERS[0]))
#define MARKUP_BIT (1u << 15)
static const char MARKUP_CHARS[] = "<[{`"; /* alone, each sends the answer to Python */
static uint16_t anchored[256]; /* per character: MARKUP_BIT, or bit k for MARKERS[k]'s anchor */

/* Checks the marker table and builds `anchored`; -1 when an anchor is not its marker's. */
static int build_scan(void) {
    memset(anchored, 0, sizeof anchored);
    for (const char *c = MARKUP_CHARS; *c; c++) anchored[(unsigned char)*c] = MARKUP_BIT;
    for (int k = 0; k < N_MARKERS; k++) {
        unsigned char anchor = MARKERS[k].anchor;
        if ((int)strlen(MARKERS[k].text) <= MARKERS[k].offset ||
            (unsigned char)MARKERS[k].text[MARKERS[k].offset] != anchor)
            return -1;
        anchored[anchor] |= (uint16_t)(1u << k);
        if (MARKERS[k].blind && anchor >= 'a' && anchor <= 'z')
            anchored[anchor - 32] |= (uint16_t)(1u << k);
    }
    return 0;
}

/* `needle` (lowercase ASCII) at `at`, ASCII case aside (as in output_failures' `lowered`). */
static int at_ascii_blind(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t at, const char *needle) {
    for (Py_ssize_t k = 0; needle[k]; k++) {
        if (at + k >= n) return 0;
        unsigned char c = s[at + k];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if (c != (unsigned char)needle[k]) return 0;
    }
    return 1;
}

/* Markup every skeleton and leak test starts from, stub markers and "**": none of it in the
 * text. One table lookup a character; only an anchor looks further, at its own markers. */
static int no_markup(const Py_UCS1 *s, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned m = anchored[s[i]];
        if (!m) continue;
        if (m & MARKUP_BIT) return 0;
        while (m) {
            int k = __builtin_ctz(m);
            m &= m - 1;
            Py_ssize_t at = i - MARKERS[k].offset;
            if (at < 0) continue;
            if (MARKERS[k].blind) {
                if (at_ascii_blind(s, n, at, MARKERS[k].text)) return 0;
            } else {
                size_t len = strlen(MARKERS[k].text);
                if (at + (Py_ssize_t)len <= n && memcmp(s + at, MARKERS[k].text, len) == 0)
                    return 0;
            }
        }
    }
    return 1;
}

/* str.isdigit on Latin-1: the ten digits and the superscripts two, three and one. */
static int latin1_digit(unsigned char c) {
    return (c >= '0' && c <= '9') || c == 0xB2 || c == 0xB3 || c == 0xB9;
}

/* _truncated finds nothing: the answer ends on a closing character (no trailing space) other
 * than a stop after a digit, has no "**" (an open bold cut), and its last line is long enough
 * not to be an empty list item. */
static int not_truncated(const Py_UCS1 *s, Py_ssize_t n) {
    if (n == 0 || !ends_complete[s[n - 1]]) return 0; /* "**" is no_markup's */
    /* a stop right after a digit may be a decimal point cut inside a parenthesis ("(94."):
     * Python's _truncated looks */
    if (n >= 2 && s[n - 1] == '.' && latin1_digit(s[n - 2])) return 0;
    Py_ssize_t line = n;
    while (line > 0 && s[line - 1] != '\n') line--;
    Py_ssize_t first = line;
    while (first < n && is_space[s[first]]) first++;
    return n - first >= 5;
}

/* Characters outside Latin-1 read as a Latin-1 stand-in of the same fold and class (a dash or
 * an arrow as a symbol that folds to nothing, a Greek letter as a letter that does, an em space
 * as a space), handed over by `setup`: the word-level checks see the words Python's folding
 * gives. Open addressing on the code point (stored + 1: 0 is an empty slot). */
#define WIDE_SLOTS 16384
static uint32_t wide_code[WIDE_SLOTS];
static unsigned char wide_proxy[WIDE_SLOTS];

/* The slot of code point `c`: where it is, or the free one where it would go. */
static size_t wide_slot(Py_UCS4 c) {
    size_t slot = (size_t)((c * 2654435761u) & (WIDE_SLOTS - 1));
    while (wide_code[slot] && wide_code[slot] != c + 1) slot = (slot + 1) & (WIDE_SLOTS - 1);
    return slot;
}

static int wide_lookup(Py_UCS4 c, unsigned char *proxy) {
    size_t slot = wide_slot(c);
    *proxy = wide_proxy[slot];
    return wide_code[slot] != 0;
}

/* `text` as Latin-1 bytes (NUL-terminated, in `*out`): its own bytes when it is one-byte, else a
 * copy with each wider character's stand-in (`*copied` set). 0: done; 1: a character has no
 * stand-in; -1: out of memory. */
static int latin1_view(PyObject *text, const Py_UCS1 **out, unsigned char **copied) {
    *copied = NULL;
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND) {
        *out = PyUnicode_1BYTE_DATA(text);
        return 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    unsigned char *buf = PyMem_Malloc((size_t)n + 1);
    if (buf == NULL) return -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 256) {
            buf[i] = (unsigned char)c;
        } else if (!wide_lookup(c, &buf[i])) {
            PyMem_Free(buf);
            return 1;
        }
    }
    buf[n] = 0;
    *out = buf;
    *copied = buf;
    return 0;
}

#define SHAPE_LEFT 1 /* screen(): the word-level checks pass, the text's shape is Python's */
#define NOT_SCREENED 2 /* screen(): ask Python for everything */

/* What the screen shows of (prompt, answer): 0 when every detector surely finds nothing;
 * SHAPE_LEFT when the word-level ones (empty, loop, echo, language by function words) surely
 * find nothing but the text's shape (markup, its ending, a line that may open a role header)
 * is left to Python's leak, skeleton and truncation detectors; NOT_SCREENED otherwise; -1 when
 * out of memory (an exception is set). */
static int screen_texts(PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "expected (prompt: str, answer: str)");
        return -1;
    }
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "_prescreen.setup() was not called");
        return -1;
    }
    PyObject *prompt = args[0], *answer = args[1];
    /* exact str only (a subclass may keep its characters elsewhere); text outside Latin-1
     * through its stand-ins, its shape left to Python (the stand-ins tell nothing of markup,
     * endings or quotes) */
    if (!PyUnicode_CheckExact(prompt) || !PyUnicode_CheckExact(answer)) return NOT_SCREENED;
    const Py_UCS1 *a, *pt;
    unsigned char *a_copy, *p_copy = NULL;
    int got = latin1_view(answer, &a, &a_copy);
    if (got == 0) got = latin1_view(prompt, &pt, &p_copy);
    if (got != 0) {
        PyMem_Free(a_copy);
        if (got < 0) PyErr_NoMemory();
        return got < 0 ? -1 : NOT_SCREENED;
    }
    Py_ssize_t an = PyUnicode_GET_LENGTH(answer);
    int shape = a_copy != NULL || !not_truncated(a, an) || !no_markup(a, an) ||
                (an > 0 && memchr(a, '\n', (size_t)an) != NULL && !no_role_line(a, an));

    int result = NOT_SCREENED;
    words_t answer_words, prompt_words, *aw = &answer_words, *pw = &prompt_words;
    reserve_stamps(2);
    words_init(pw, 1);
    words_init(aw, 0);
    if (split_words(pt, PyUnicode_GET_LENGTH(prompt), pw) < 0) {
        result = -1;
        goto done;
    }
    int prompt_language = language(pw, 2);
    aw->languages = prompt_language >= 0;
    if (split_words(a, an, aw) < 0) {
        result = -1;
        goto done;
    }
    if (aw->n < min_words) goto done;
    int few = few_repeated_pairs(aw);
    if (few < 0) {
        result = -1;
        goto done;
    }
    if (!few || !no_symbol_loop(a, an)) goto done;
    int echo = no_echo(pw, aw);
    if (echo < 0) {
        result = -1;
        goto done;
    }
    if (!echo) goto done;
    if (prompt_language >= 0) {
        int answer_language = language(aw, 2 * min_language_hits);
        if (answer_language >= 0 && answer_language != prompt_language) goto done;
    }
    result = shape ? SHAPE_LEFT : 0;
done:
    words_free(aw);
    words_free(pw);
    PyMem_Free(a_copy);
    PyMem_Free(p_copy);
    if (result < 0 && !PyErr_Occurred()) PyErr_NoMemory();
    return result;
}

static PyObject *screen(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    int result = screen_texts(args, nargs);
    return result < 0 ? NULL : PyLong_FromLong(result);
}

static int byte_table(PyObject *obj, unsigned char *out, const char *name) {
    if (!PyBytes_Check(obj) || PyBytes_GET_SIZE(obj) != 256) {
        PyErr_Format(PyExc_ValueError, "%s: 256 bytes expected", name);
        return -1;
    }
    memcpy(out, PyBytes_AS_STRING(obj), 256);
    return 0;
}

/* setup(fold: list[bytes] (256), symbols: bytes, spaces: bytes, complete: bytes,
 *       function_words: dict[str, int], languages: int, limits: dict[str, int | float],
 *       wide: dict[int, int] = {}) */
static PyObject *setup(PyObject *self, PyObject *args) {
    PyObject *fold, *symbols, *spaces, *complete, *fw, *limits, *wide = NULL;
    int langs;
    if (!PyArg_ParseTuple(args, "O!SSSO!iO!|O!", &PyList_Type, &fold, &symbols, &spaces,
                          &complete, &PyDict_Type, &fw, &langs, &PyDict_Type, &limits,
                          &PyDict_Type, &wide))
        return NULL;
    ready = 0;
    memset(wide_code, 0, sizeof wide_code);
    if (wide != NULL) {
        if (PyDict_GET_SIZE(wide) >= WIDE_SLOTS / 2) {
            PyErr_SetString(PyExc_ValueError, "wide: too many characters");
            return NULL;
        }
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(wide, &pos, &key, &value)) {
            long code = PyLong_Check(key) ? PyLong_AsLong(key) : -1;
            long proxy = PyLong_Check(value) ? PyLong_AsLong(value) : -1;
            if (code < 256 || code > 0x10FFFF || proxy < 0 || proxy > 255) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "wide: code point > 255 -> byte expected");
                memset(wide_code, 0, sizeof wide_code);
                return NULL;
            }
            size_t slot = wide_slot((Py_UCS4)code);
            wide_code[slot] = (uint32_t)code + 1;
            wide_proxy[slot] = (unsigned char)proxy;
        }
    }
    if (PyList_GET_SIZE(fold) != 256) {
        PyErr_SetString(PyExc_ValueError, "fold: 256 entries expected");
        return NULL;
    }
    for (int c = 0; c < 256; c++) {
        PyObject *item = PyList_GET_ITEM(fold, c);
        if (!PyBytes_Check(item) || PyBytes_GET_SIZE(item) > MAX_FOLD) {
            PyErr_Format(PyExc_ValueError, "fold[%d]: at most %d bytes expected", c, MAX_FOLD);
            return NULL;
        }
        fold_len[c] = (unsigned char)PyBytes_GET_SIZE(item);
        memcpy(fold_out[c], PyBytes_AS_STRING(item), fold_len[c]);
    }
    if (byte_table(symbols, is_symbol, "symbols") < 0 || byte_table(spaces, is_space, "spaces") < 0 ||
        byte_table(complete, ends_complete, "complete") < 0)
        return NULL;
    if (langs < 1 || langs > MAX_LANGS || PyDict_GET_SIZE(fw) >= FW_SLOTS / 2) {
        PyErr_SetString(PyExc_ValueError, "too many languages or function words");
        return NULL;
    }
    memset(fwords, 0, sizeof fwords);
    n_fwords = 0;
    longest_fword = 0;
    n_langs = langs;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(fw, &pos, &key, &value)) {
        Py_ssize_t len;
        const char *text = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &len) : NULL;
        long lang = PyLong_Check(value) ? PyLong_AsLong(value) : -1;
        if (text == NULL || len < 1 || len > MAX_FWORD || lang < 0 || lang >= langs) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "bad function word");
            return NULL;
        }
        uint64_t h = 1469598103934665603ULL;
        for (Py_ssize_t i = 0; i < len; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211ULL;
        h = mix(h ^ (uint64_t)len);
        size_t slot = (size_t)(h & (FW_SLOTS - 1));
        while (fwords[slot].len) slot = (slot + 1) & (FW_SLOTS - 1);
        fwords[slot].hash = h;
        fwords[slot].len = (int)len;
        fwords[slot].lang = (int)lang;
        fwords[slot].id = n_fwords++;
        if (len > longest_fword) longest_fword = (int)len;
        memcpy(fwords[slot].text, text, (size_t)len);
    }
    struct {
        const char *name;
        Py_ssize_t *target;
    } ints[] = {
        {"min_words", &min_words},
        {"prefilter_repeats", &prefilter_repeats},
        {"min_symbol_copies", &min_symbol_copies},
        {"symbol_tail", &symbol_tail},
        {"min_echo_words", &min_echo_words},
        {"echo_extra_words", &echo_extra_words},
        {"min_language_hits", &min_language_hits},
    };
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        PyObject *v = PyDict_GetItemString(limits, ints[k].name);
        if (v == NULL || !PyLong_Check(v)) {
            PyErr_Format(PyExc_ValueError, "limits[%s]: an int expected", ints[k].name);
            return NULL;
        }
        *ints[k].target = PyLong_AsSsize_t(v);
    }
    PyObject *share = PyDict_GetItemString(limits, "echo_share");
    PyObject *margin = PyDict_GetItemString(limits, "language_margin");
    if (share == NULL || margin == NULL) {
        PyErr_SetString(PyExc_ValueError, "limits: echo_share and language_margin expected");
        return NULL;
    }
    echo_share = PyFloat_AsDouble(share);
    language_margin = PyFloat_AsDouble(margin);
    if (PyErr_Occurred()) return NULL;
    ready = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"screen", (PyCFunction)(void (*)(void))screen, METH_FASTCALL,
     "screen(prompt, answer) -> int: 0 clean, 1 only the text's shape left to check, 2 not "
     "screened."},
    {"setup", setup, METH_VARARGS, "Load the tables and thresholds (from output_failures)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_prescreen",
    "Native prescreen for noesis_trainer.tribunal.output_failures.", -1, methods,
};

PyMODINIT_FUNC PyInit__prescreen(void) {
    /* an anchor that is not its marker's letter would hide that marker: refuse to load */
    if (build_scan() < 0) {
        PyErr_SetString(PyExc_ImportError, "_prescreen: a marker's anchor is out of step");
        return NULL;
    }
    return PyModule_Create(&module);
}
