/* The hot loop in C: an Aho-Corasick automaton over bytes that reports every (overlapping) match, and
 * a scan that also applies unspin's word-boundary tables and builds the result tuples, so that the
 * per-match work of a densely spun text does not run as Python bytecode.
 *
 * Layout: the nodes lie one after another in a single array of 32-bit words, so a step reads one place:
 * a node's header (failure link, report, edge count) and, right after it, its edges. A node that ends a
 * pattern has three more words just before its header (the pattern, its length and the next node on
 * the failure chain that ends one), in the same cache line. A node's report is the first node on its
 * failure chain (itself included) that ends a pattern.
 *
 * Bytes are grouped into classes: one per byte some pattern has, and class 0 for all the others, which
 * no pattern can cross (the scan goes back to the root, or inside a word, on them at once). A deep node
 * with few children lists them as sorted bytes, then their targets. The others with a child (the root,
 * every node within DENSE_DEPTH bytes of it, where a scan spends most of its steps, and every node with
 * DENSE_MIN children) have a dense row indexed by class, made complete: failures are already followed,
 * so a step from one is one load. A small automaton (all rows within DFA_WORDS) gives every node a dense
 * row: a complete DFA. Dense nodes come first, breadth-first (they stay in the cache together); sparse
 * nodes follow depth-first, so a pattern's chain of nodes lies in consecutive cache lines, the order a
 * scan walks them in.
 *
 * REFERENCES. A step's target and a failure link are offsets with DENSE_BIT set when the node there has a
 * dense row, and REPORT_BIT when it reports a match: a step from a dense node loads the row's entry at
 * once, without first reading the node's edge count, and a node that reports nothing is not read for
 * its report (so a step through dense nodes touches one cache line, not two). Reports are plain offsets.
 *
 * The scan first collects raw matches into a C buffer with the GIL released (other Python threads run
 * meanwhile; the automaton is immutable once built), then makes the Python objects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define DENSE 0xFFFFFFFFu  /* the edge count kept in a dense node (a step tells one by DENSE_BIT instead) */
#define DENSE_BIT 0x80000000u  /* set in a reference to a node with a dense row (see REFERENCES) */
#define REPORT_BIT 0x40000000u /* set in a reference to a node that reports a match */
#define AT(ref) ((ref) & ~(DENSE_BIT | REPORT_BIT))  /* the offset a reference points at */
#define ROOT DENSE_BIT         /* the root: at offset 0, dense */
#define DENSE_MIN 3           /* children from which a node gets a dense row */
#define DENSE_DEPTH 4         /* and the depth up to which a node with a child does: the shallow nodes hold
                                 most of a scan's steps (the shipped lexicons' automaton: 2.3 -> 2.8 MB,
                                 its scan of a clean MB 5.9 -> 4.8 ms); 2 children instead of 3 grew the
                                 automata of 100k phrases more than it sped them */
#define HEADER 3              /* words before a node's edges: fail, report, edge count */
#define DFA_WORDS (1u << 18)  /* an automaton whose nodes all fit in this many words (1 MB) as dense rows
                                 gets a dense row for every node */
#define ENDS 3                /* words before the header of a node that ends a pattern: the pattern, its
                                 length, the offset of the next node on the failure chain that ends one */

typedef struct {
    PyObject_HEAD
    uint32_t *words;     /* the nodes, each at its offset (the root at 0); a target of 0 = no child */
    uint8_t byte_map[256];  /* every text byte is read through this table (e.g. "-" as " ") */
    uint16_t cls[256];   /* class of a (mapped) byte; 0 = no pattern has it */
    uint8_t word[256];   /* a (mapped) byte after which no match may start (see WORD STARTS); all 0 without */
    uint32_t skip;       /* a reference to the node "inside a word" (see WORD STARTS); 0 without */
    uint32_t nclasses, nnodes;
    size_t nwords;
    Py_ssize_t npatterns;
    Py_ssize_t longest;  /* the longest pattern's length: how far back the node after a byte can look */
} Automaton;

/* ---- building ---------------------------------------------------------------------------------- */

typedef struct {      /* the trie while it is built: first-child / next-sibling lists */
    uint32_t *child, *sibling, *depth;
    int32_t *pattern;
    uint8_t *label;
    uint32_t n;
} Trie;

static uint32_t trie_child(const Trie *t, uint32_t node, uint8_t c) {
    for (uint32_t k = t->child[node]; k; k = t->sibling[k])
        if (t->label[k] == c) return k;
    return 0;
}

typedef struct {      /* the breadth-first automaton before its layout: nodes by index */
    uint32_t *fail, *report, *first, *count;  /* report: a node index, 0 for none */
    uint32_t *depth;
    int32_t *pattern;
    uint8_t *labels;  /* edges, sorted per node */
    uint32_t *targets;
    int all_dense;    /* every node has a dense row: the automaton is a complete DFA (see DFA_WORDS) */
    uint32_t skip;    /* the node "inside a word", after the trie's nodes; 0 without word starts */
    const uint8_t *word;
} Graph;

static void graph_free(Graph *g) {
    PyMem_Free(g->fail);
    PyMem_Free(g->report);
    PyMem_Free(g->first);
    PyMem_Free(g->count);
    PyMem_Free(g->labels);
    PyMem_Free(g->targets);
    PyMem_Free(g->depth);
    PyMem_Free(g->pattern);
}

static uint32_t graph_child(const Graph *g, uint32_t node, uint8_t c) {
    for (uint32_t e = g->first[node]; e < g->first[node] + g->count[node]; e++)
        if (g->labels[e] == c) return g->targets[e];
    return 0;
}

static void automaton_free_arrays(Automaton *a) {
    PyMem_Free(a->words);
    a->words = NULL;
}

static int by_label(const void *x, const void *y) {
    return (int)((const uint8_t *)x)[0] - (int)((const uint8_t *)y)[0];
}

static inline int is_dense(const Graph *g, uint32_t v) {
    return !v || v == g->skip || g->all_dense || g->count[v] >= DENSE_MIN
           || (g->count[v] && g->depth[v] <= DENSE_DEPTH);
}

/* Number the trie breadth-first into g, edges sorted by byte; the node "inside a word", if g has one,
   comes after them (g->skip), with no edges. */
static int number_nodes(const Trie *t, Graph *g) {
    uint32_t n = t->n + (g->skip != 0), edges = t->n > 1 ? t->n - 1 : 1;
    uint32_t *order = PyMem_Malloc(sizeof(uint32_t) * n);   /* BFS position -> trie node */
    uint32_t *renum = PyMem_Malloc(sizeof(uint32_t) * n);   /* trie node -> BFS position */
    uint8_t (*pairs)[5] = PyMem_Malloc(5 * 256);
    g->fail = PyMem_Calloc(n, sizeof(uint32_t));
    g->report = PyMem_Calloc(n, sizeof(uint32_t));
    g->first = PyMem_Malloc(sizeof(uint32_t) * n);
    g->count = PyMem_Malloc(sizeof(uint32_t) * n);
    g->labels = PyMem_Malloc(edges);
    g->targets = PyMem_Malloc(sizeof(uint32_t) * edges);
    g->depth = PyMem_Malloc(sizeof(uint32_t) * n);
    g->pattern = PyMem_Malloc(sizeof(int32_t) * n);
    int ok = order && renum && pairs && g->fail && g->report && g->first && g->count && g->labels && g->targets
             && g->depth && g->pattern;
    if (ok) {
        uint32_t head = 0, tail = 0, nedges = 0;
        order[tail++] = 0;
        renum[0] = 0;
        while (head < tail) {
            uint32_t u = order[head++], count = 0, v = renum[u];
            for (uint32_t k = t->child[u]; k; k = t->sibling[k]) {
                pairs[count][0] = t->label[k];
                memcpy(&pairs[count][1], &k, 4);
                count++;
            }
            qsort(pairs, count, 5, by_label);
            g->first[v] = nedges;
            g->count[v] = count;
            g->depth[v] = t->depth[u];
            g->pattern[v] = t->pattern[u];
            for (uint32_t i = 0; i < count; i++) {
                uint32_t k;
                memcpy(&k, &pairs[i][1], 4);
                renum[k] = tail;
                order[tail++] = k;
                g->labels[nedges] = pairs[i][0];
                g->targets[nedges++] = renum[k];
            }
        }
        if (g->skip) {
            g->first[g->skip] = nedges;
            g->count[g->skip] = 0;
            g->depth[g->skip] = 0;
            g->pattern[g->skip] = -1;
        }
    }
    PyMem_Free(order);
    PyMem_Free(renum);
    PyMem_Free(pairs);
    if (!ok) PyErr_NoMemory();
    return ok ? 0 : -1;
}

/* Failure links and reports, in BFS order: a node's parent and its parent's failure come first.

   WORD STARTS. With a word table, a match may start only where the byte before it is not a word byte
   (the scanner drops the others anyway: a word character touches them). A node's failure is then the
   longest proper suffix of its string that starts after a non-word byte of that string and is a
   trie node; when there is none, the root if the string ends in a non-word byte (a match may start at
   the next byte), else the node "inside a word" (g->skip), which stays put on word bytes and goes to
   the root on any other. So a scan in the middle of a word that no pattern continues stays on that one
   node (always in the cache), instead of walking the trie states of every suffix of the word. */
static void link_failures(Graph *g, uint32_t n) {
    for (uint32_t u = 0; u < n; u++) {
        for (uint32_t e = g->first[u]; e < g->first[u] + g->count[u]; e++) {
            uint8_t c = g->labels[e];
            uint32_t v = g->targets[e], f = 0;
            if (g->skip) {
                /* the suffixes of u's string that may start a match, longest first, each followed by c;
                   then the empty one, which may be followed by c only after a non-word byte (the root) */
                uint32_t none = g->word[c] ? g->skip : 0;
                for (f = u ? g->fail[u] : g->skip;; f = g->fail[f]) {
                    uint32_t next = f == g->skip ? 0 : graph_child(g, f, c);
                    if (next) { f = next; break; }
                    if (!f || f == g->skip) { f = none; break; }
                }
            } else if (u) {
                for (f = g->fail[u];; f = g->fail[f]) {
                    uint32_t next = graph_child(g, f, c);
                    if (next || !f) { f = next; break; }
                }
            }
            g->fail[v] = f;
            g->report[v] = g->pattern[v] >= 0 ? v : g->report[f];
        }
    }
}

/* Lay the nodes out in a->words: the dense nodes first, breadth-first (few, shallow and hot: they stay
   in the cache together), then the sparse ones depth-first, so that a pattern's chain of nodes lies in
   consecutive cache lines, the order a scan walks them in. */
static int lay_out(Automaton *a, const Graph *g, uint32_t n) {
    uint32_t *offset = PyMem_Malloc(sizeof(uint32_t) * n);
    uint32_t *order = PyMem_Malloc(sizeof(uint32_t) * n);
    uint32_t *stack = PyMem_Malloc(sizeof(uint32_t) * n);
    if (!offset || !order || !stack) {
        PyMem_Free(offset);
        PyMem_Free(order);
        PyMem_Free(stack);
        PyErr_NoMemory();
        return -1;
    }
    uint32_t k = 0, top = 0;
    order[k++] = 0;
    if (g->skip) order[k++] = g->skip;  /* as hot as the root */
    for (uint32_t v = 1; v < n; v++)
        if (is_dense(g, v) && v != g->skip) order[k++] = v;
    stack[top++] = 0;
    while (top) {
        uint32_t u = stack[--top];
        if (!is_dense(g, u)) order[k++] = u;
        for (uint32_t e = g->first[u] + g->count[u]; e > g->first[u]; e--) stack[top++] = g->targets[e - 1];
    }
    PyMem_Free(stack);
    uint32_t *ref = order;  /* reused: order is read only while offsets are assigned, ref after */
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v = order[i];
        total += g->pattern[v] >= 0 ? ENDS : 0;
        offset[v] = (uint32_t)total;
        total += HEADER + (is_dense(g, v) ? a->nclasses : (g->count[v] + 3) / 4 + g->count[v]);
        if (total >= REPORT_BIT) {
            PyMem_Free(offset);
            PyMem_Free(order);
            PyErr_SetString(PyExc_ValueError, "too many patterns for one automaton");
            return -1;
        }
    }
    for (uint32_t v = 0; v < n; v++)
        ref[v] = offset[v] | (is_dense(g, v) ? DENSE_BIT : 0) | (g->report[v] ? REPORT_BIT : 0);
    a->words = PyMem_Calloc(total, sizeof(uint32_t));
    if (!a->words) {
        PyMem_Free(offset);
        PyMem_Free(ref);
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t v = 0; v < n; v++) {
        uint32_t *w = a->words + offset[v], first = g->first[v], count = g->count[v];
        w[0] = ref[g->fail[v]];
        w[1] = g->report[v] ? offset[g->report[v]] : 0;
        if (g->pattern[v] >= 0) {
            w[-3] = (uint32_t)g->pattern[v];
            w[-2] = g->depth[v];
            w[-1] = g->report[g->fail[v]] ? offset[g->report[g->fail[v]]] : 0;
        }
        if (is_dense(g, v)) {
            w[2] = DENSE;
            for (uint32_t e = first; e < first + count; e++) w[HEADER + a->cls[g->labels[e]]] = ref[g->targets[e]];
        } else {
            w[2] = count;
            memcpy(w + HEADER, g->labels + first, count);
            uint32_t *targets = w + HEADER + (count + 3) / 4;
            for (uint32_t j = 0; j < count; j++) targets[j] = ref[g->targets[first + j]];
        }
    }
    /* A dense row is made complete: a byte with no child there gets the node the failure links lead
       to, so stepping from a dense node never follows them (breadth-first: the failure node's own row,
       if it has one, is complete by then). */
    uint8_t byte_of[257];
    for (int b = 0; b < 256; b++)
        if (a->cls[b]) byte_of[a->cls[b]] = (uint8_t)b;
    /* the root's row: a byte no pattern starts with leads back to the root (inside a word after a word
       byte, with word starts: as does every byte from the inside-a-word node) */
    uint32_t *root = a->words + HEADER, *inside = g->skip ? a->words + offset[g->skip] + HEADER : NULL;
    for (uint32_t k = 1; k < a->nclasses; k++) {
        uint32_t none = g->skip && g->word[byte_of[k]] ? ref[g->skip] : ROOT;
        if (!root[k]) root[k] = none;
        if (inside) inside[k] = none;
    }
    if (g->skip) a->skip = ref[g->skip];
    for (uint32_t v = 1; v < n; v++) {
        if (!is_dense(g, v) || v == g->skip) continue;
        uint32_t *row = a->words + offset[v] + HEADER;
        for (uint32_t k = 1; k < a->nclasses; k++) {
            if (row[k]) continue;
            uint32_t f = g->fail[v], next = 0;
            while (!is_dense(g, f) && !(next = graph_child(g, f, byte_of[k]))) f = g->fail[f];
            row[k] = next ? ref[next] : a->words[offset[f] + HEADER + k];
        }
    }
    PyMem_Free(offset);
    PyMem_Free(ref);
    a->nwords = total;
    a->nnodes = n - (g->skip != 0);
    return 0;
}

static int automaton_from_trie(Automaton *a, const Trie *t) {
    /* a small automaton is cheaper as a complete DFA: a step is one load from a table that stays in the
       cache, where a sparse node is a search of its labels and often a walk up failure links */
    Graph g = {.all_dense = (size_t)t->n * (HEADER + a->nclasses) <= DFA_WORDS, .word = a->word};
    for (int b = 0; b < 256; b++)
        if (a->word[b]) g.skip = t->n;  /* word starts (see link_failures): one node more */
    int rc = number_nodes(t, &g);
    if (rc == 0) {
        link_failures(&g, t->n);
        rc = lay_out(a, &g, t->n + (g.skip != 0));
    }
    graph_free(&g);
    if (rc < 0) automaton_free_arrays(a);
    return rc;
}

static int automaton_init(Automaton *a, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"patterns", "byte_map", "word_bytes", NULL};
    PyObject *patterns, *map = Py_None, *word = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|OO", kwlist, &patterns, &map, &word)) return -1;
    if (a->words) {
        PyErr_SetString(PyExc_TypeError, "Automaton is already built");
        return -1;
    }
    for (int b = 0; b < 256; b++) a->byte_map[b] = (uint8_t)b;
    if (map != Py_None) {
        if (!PyBytes_Check(map) || PyBytes_GET_SIZE(map) != 256) {
            PyErr_SetString(PyExc_ValueError, "byte_map must be a bytes object of length 256");
            return -1;
        }
        memcpy(a->byte_map, PyBytes_AS_STRING(map), 256);
    }
    memset(a->word, 0, 256);
    if (word != Py_None) {
        if (!PyBytes_Check(word) || PyBytes_GET_SIZE(word) != 256) {
            PyErr_SetString(PyExc_ValueError, "word_bytes must be a bytes object of length 256");
            return -1;
        }
        for (int b = 0; b < 256; b++) a->word[b] = PyBytes_AS_STRING(word)[b] != 0;
    }
    PyObject *seq = PySequence_Fast(patterns, "patterns must be a sequence of bytes");
    if (!seq) return -1;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    size_t total = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (!PyBytes_Check(items[i])) {
            PyErr_Format(PyExc_TypeError, "pattern %zd is not bytes", i);
            Py_DECREF(seq);
            return -1;
        }
        if (PyBytes_GET_SIZE(items[i]) == 0) {
            PyErr_Format(PyExc_ValueError, "pattern %zd is empty", i);
            Py_DECREF(seq);
            return -1;
        }
        total += (size_t)PyBytes_GET_SIZE(items[i]);
        if (PyBytes_GET_SIZE(items[i]) > a->longest) a->longest = PyBytes_GET_SIZE(items[i]);
    }
    if (total >= UINT32_MAX || count > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "patterns too long in total (4 GB)");
        Py_DECREF(seq);
        return -1;
    }
    /* byte classes: one per byte the patterns use, 0 for the rest */
    uint8_t used[256] = {0};
    for (Py_ssize_t i = 0; i < count; i++) {
        const uint8_t *p = (const uint8_t *)PyBytes_AS_STRING(items[i]);
        for (Py_ssize_t j = 0; j < PyBytes_GET_SIZE(items[i]); j++) used[p[j]] = 1;
    }
    uint16_t byte_class[256];
    a->nclasses = 1;
    for (int b = 0; b < 256; b++) byte_class[b] = used[b] ? (uint16_t)a->nclasses++ : 0;
    memcpy(a->cls, byte_class, sizeof(byte_class));
    Trie t = {0};
    t.child = PyMem_Calloc(total, sizeof(uint32_t));
    t.sibling = PyMem_Calloc(total, sizeof(uint32_t));
    t.depth = PyMem_Calloc(total, sizeof(uint32_t));
    t.pattern = PyMem_Malloc(total * sizeof(int32_t));
    t.label = PyMem_Calloc(total, 1);
    uint32_t root_child[256] = {0};  /* the root's children by byte: the root has the most */
    int rc = -1;
    if (!t.child || !t.sibling || !t.depth || !t.pattern || !t.label) {
        PyErr_NoMemory();
        goto done;
    }
    t.pattern[0] = -1;
    t.n = 1;
    for (Py_ssize_t i = 0; i < count; i++) {
        const uint8_t *p = (const uint8_t *)PyBytes_AS_STRING(items[i]);
        Py_ssize_t len = PyBytes_GET_SIZE(items[i]);
        uint32_t node = 0;
        for (Py_ssize_t j = 0; j < len; j++) {
            uint8_t c = p[j];
            uint32_t next = node ? trie_child(&t, node, c) : root_child[c];
            if (!next) {
                next = t.n++;
                t.label[next] = c;
                t.depth[next] = (uint32_t)(j + 1);
                t.pattern[next] = -1;
                t.sibling[next] = t.child[node];
                t.child[node] = next;
                if (!node) root_child[c] = next;
            }
            node = next;
        }
        if (t.pattern[node] < 0) t.pattern[node] = (int32_t)i;  /* a repeated pattern keeps its first index */
    }
    if (automaton_from_trie(a, &t) == 0) {
        a->npatterns = count;
        rc = 0;
    }
done:
    PyMem_Free(t.child);
    PyMem_Free(t.sibling);
    PyMem_Free(t.depth);
    PyMem_Free(t.pattern);
    PyMem_Free(t.label);
    Py_DECREF(seq);
    return rc;
}

static void automaton_dealloc(Automaton *a) {
    automaton_free_arrays(a);
    Py_TYPE(a)->tp_free((PyObject *)a);
}

/* ---- scanning ---------------------------------------------------------------------------------- */

typedef struct { int32_t pattern; uint32_t kind; Py_ssize_t start, end; } Raw;

typedef struct {
    Raw *items;
    size_t n, cap;
    int failed;
} RawList;

static inline void raw_push(RawList *r, int32_t pattern, uint32_t kind, Py_ssize_t start, Py_ssize_t end) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        Raw *grown = realloc(r->items, cap * sizeof(Raw));  /* no GIL held: the C allocator */
        if (!grown) { r->failed = 1; return; }
        r->items = grown;
        r->cap = cap;
    }
    Raw *m = &r->items[r->n++];
    m->pattern = pattern;
    m->kind = kind;
    m->start = start;
    m->end = end;
}

static inline uint32_t step(const Automaton *a, uint32_t node, uint8_t c, uint16_t k) {
    for (;;) {  /* ends at a dense node at the latest: the root is one */
        if (node & DENSE_BIT) return a->words[AT(node) + HEADER + k];  /* complete: see lay_out */
        const uint32_t *w = a->words + AT(node);
        uint32_t count = w[2];
        const uint8_t *labels = (const uint8_t *)(w + HEADER);
        for (uint32_t j = 0; j < count; j++) {
            if (labels[j] == c) return w[HEADER + (count + 3) / 4 + j];
            if (labels[j] > c) break;
        }
        node = w[0];
    }
}

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The node after reading data[i] from node; with report, the matches ending there are pushed to out.
 * With tables (left/right neighbour classes: 0 a boundary, 1 a word character, else undecided), matches
 * next to a word character are dropped and kind says whether both neighbours settle the boundary (0) or
 * not (1). */
static ALWAYS_INLINE uint32_t advance(const Automaton *a, const uint8_t *data, Py_ssize_t n, Py_ssize_t i,
                                      uint32_t node, const uint8_t *left, const uint8_t *right,
                                      RawList *out, int report) {
    uint8_t c = a->byte_map[data[i]];
    uint16_t k = a->cls[c];
    if (!k) return a->word[c] ? a->skip : ROOT;  /* no pattern has this byte: back to the root (inside a
                                                    word after a word byte) */
    node = step(a, node, c, k);
    if (!(node & REPORT_BIT) || !report) return node;
    for (uint32_t m = a->words[AT(node) + 1]; m; m = a->words[m - 1]) {
        int32_t pattern = (int32_t)a->words[m - 3];
        Py_ssize_t end = i + 1, start = end - a->words[m - 2];
        if (left) {
            uint8_t lk = left[start ? data[start - 1] : ' '];
            uint8_t rk = right[end < n ? data[end] : ' '];
            if (lk != 1 && rk != 1) raw_push(out, pattern, (lk | rk) != 0, start, end);
        } else {
            raw_push(out, pattern, 0, start, end);
        }
    }
    return node;
}

/* Every match in data, in order of end (see advance).
 *
 * FOUR WALKS IN ONE LOOP. A step is a load that depends on the step before, and in a large automaton it
 * often misses the cache: one walk waits on memory most of the time. So each quarter of the data is read
 * by a walk of its own, the four in the same loop, and the processor overlaps their loads. The node after
 * a byte is the longest suffix of the data so far that is a trie node and may start a match (see WORD
 * STARTS), or the root or the node inside a word by that byte alone: it depends on the last `longest`
 * bytes and the one before them only. A walk therefore starts `longest` + 1 bytes before its quarter,
 * from the root as at the start of the data, and is on the node one walk would be on at every byte of
 * its quarter; it reports from there. Each walk's matches end after the previous one's, so appending
 * them keeps the order of one walk. (advance must be inlined: called, two walks ran slower than one;
 * docs/speed.md has the measurements.) */
#define FOUR_WALKS_MIN 1024  /* data from this length on is read by four walks (a paragraph: a text of
                                1,500 characters was found in 18-22 us, against 21-24 in one walk) */

/* Append the matches of from to out, freeing from's buffer (no GIL held: the C allocator). */
static void raw_append(RawList *out, RawList *from) {
    if (from->failed) out->failed = 1;
    if (!out->failed && from->n) {
        if (out->n + from->n > out->cap) {
            Raw *grown = realloc(out->items, (out->n + from->n) * sizeof(Raw));
            if (!grown) out->failed = 1;
            else {
                out->items = grown;
                out->cap = out->n + from->n;
            }
        }
        if (!out->failed) {
            memcpy(out->items + out->n, from->items, from->n * sizeof(Raw));
            out->n += from->n;
        }
    }
    free(from->items);
}

static void scan_raw(const Automaton *a, const uint8_t *data, Py_ssize_t n, const uint8_t *left,
                     const uint8_t *right, RawList *out) {
    Py_ssize_t part = n / 4, back = a->longest + 1;
    uint32_t n0 = ROOT;
    if (n < FOUR_WALKS_MIN || part <= back) {
        for (Py_ssize_t i = 0; i < n && !out->failed; i++) n0 = advance(a, data, n, i, n0, left, right, out, 1);
        return;
    }
    RawList f1 = {0}, f2 = {0}, f3 = {0};
    uint32_t n1 = ROOT, n2 = ROOT, n3 = ROOT;
    Py_ssize_t i0 = 0, i1 = part - back, i2 = 2 * part - back, i3 = 3 * part - back;
    for (; i0 < part; i0++, i1++, i2++, i3++) {
        n0 = advance(a, data, n, i0, n0, left, right, out, 1);
        n1 = advance(a, data, n, i1, n1, left, right, &f1, i1 >= part);
        n2 = advance(a, data, n, i2, n2, left, right, &f2, i2 >= 2 * part);
        n3 = advance(a, data, n, i3, n3, left, right, &f3, i3 >= 3 * part);
        if (out->failed | f1.failed | f2.failed | f3.failed) break;
    }
    for (; i1 < 2 * part && !f1.failed; i1++) n1 = advance(a, data, n, i1, n1, left, right, &f1, 1);
    for (; i2 < 3 * part && !f2.failed; i2++) n2 = advance(a, data, n, i2, n2, left, right, &f2, 1);
    for (; i3 < n && !f3.failed; i3++) n3 = advance(a, data, n, i3, n3, left, right, &f3, 1);
    raw_append(out, &f1);
    raw_append(out, &f2);
    raw_append(out, &f3);
}

static int run_scan(const Automaton *a, Py_buffer *buf, const uint8_t *left, const uint8_t *right,
                    RawList *raw) {
    if (!a->words) {  /* made without __init__ (Automaton.__new__, copy.copy) or its __init__ failed */
        PyErr_SetString(PyExc_ValueError, "the Automaton was not built");
        return -1;
    }
    Py_BEGIN_ALLOW_THREADS
    scan_raw(a, (const uint8_t *)buf->buf, buf->len, left, right, raw);
    Py_END_ALLOW_THREADS
    if (raw->failed) {
        free(raw->items);
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static PyObject *triple(const Raw *m) {
    return Py_BuildValue("(inn)", m->pattern, m->start, m->end);
}

PyDoc_STRVAR(find_doc,
"find(data) -> list of (pattern, start, end)\n\n"
"Every occurrence of every pattern in data (bytes-like), overlapping ones included, in order of end.");

static PyObject *automaton_find(Automaton *a, PyObject *arg) {
    Py_buffer buf;
    if (PyObject_GetBuffer(arg, &buf, PyBUF_SIMPLE) < 0) return NULL;
    RawList raw = {0};
    if (run_scan(a, &buf, NULL, NULL, &raw) < 0) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    PyBuffer_Release(&buf);
    PyObject *list = PyList_New((Py_ssize_t)raw.n);
    for (size_t k = 0; list && k < raw.n; k++) {
        PyObject *item = triple(&raw.items[k]);
        if (!item) { Py_CLEAR(list); break; }
        PyList_SET_ITEM(list, (Py_ssize_t)k, item);
    }
    free(raw.items);
    return list;
}

PyDoc_STRVAR(scan_doc,
"scan(data, left, right, targets, match_type, text, known) -> (matches, settled, unsettled)\n\n"
"The matches in data that no word character touches. left[b] and right[b] classify the byte before\n"
"and after a match (0: a boundary, 1: a word character, other: look further). A match of pattern p\n"
"at data[start:end] whose two neighbours are boundaries has as targets targets[p] or, when that is\n"
"None, known[(p, text[start:end])] if present: a tuple of (entry, form) pairs, each of which becomes\n"
"match_type(start, end, entry, form) in matches, sorted by start, then longest first. The other\n"
"matches are (pattern, start, end) tuples, in settled when both neighbours are boundaries, else in\n"
"unsettled.");

/* Sort by start, then longest first. The scan reports matches by end, so each is out of place by at
   most the number of matches ending inside it: insertion sort, linear in practice. No ties: one
   pattern per (start, end). */
static void sort_by_start_then_longest(Raw *items, size_t n) {
    for (size_t i = 1; i < n; i++) {
        Raw x = items[i];
        size_t j = i;
        while (j && (items[j - 1].start > x.start || (items[j - 1].start == x.start && items[j - 1].end < x.end))) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = x;
    }
}

static inline int is_atom(PyObject *o) { return PyLong_CheckExact(o) || PyUnicode_CheckExact(o); }

/* A tuple subclass whose instances hold nothing but their items (no slots, no __dict__). */
static int is_bare_tuple_type(PyTypeObject *type) {
    return type->tp_basicsize == PyTuple_Type.tp_basicsize && !type->tp_dictoffset && !type->tp_weaklistoffset;
}

static PyObject *new_match(PyTypeObject *type, int bare, const Raw *m, PyObject *pair) {
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "targets must hold tuples of (entry, form) pairs");
        return NULL;
    }
    PyObject *item = type->tp_alloc(type, 4);
    PyObject *start = PyLong_FromSsize_t(m->start), *end = PyLong_FromSsize_t(m->end);
    if (!item || !start || !end) {
        Py_XDECREF(item);
        Py_XDECREF(start);
        Py_XDECREF(end);
        return NULL;
    }
    PyTuple_SET_ITEM(item, 0, start);
    PyTuple_SET_ITEM(item, 1, end);
    for (int i = 0; i < 2; i++) {
        Py_INCREF(PyTuple_GET_ITEM(pair, i));
        PyTuple_SET_ITEM(item, i + 2, PyTuple_GET_ITEM(pair, i));
    }
    /* CPython untracks a plain tuple of atoms at its first collection, never a tuple subclass; with
       hundreds of thousands of them, that collection is ~15% of a scan of spun text. Ints and strs
       cannot take part in a cycle, and a subclass with no slots and no __dict__ has nowhere else to
       hold a reference, so the collector need not see such a match. */
    if (bare && is_atom(PyTuple_GET_ITEM(pair, 0)) && is_atom(PyTuple_GET_ITEM(pair, 1))) PyObject_GC_UnTrack(item);
    return item;
}

static int append_new(PyObject *list, PyObject *item) {  /* steals item */
    if (!item) return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

static PyObject *automaton_scan(Automaton *a, PyObject *args) {
    Py_buffer buf, left, right;
    PyObject *targets, *type_obj, *text, *known;
    if (!PyArg_ParseTuple(args, "y*y*y*O!O!UO!", &buf, &left, &right, &PyList_Type, &targets, &PyType_Type,
                          &type_obj, &text, &PyDict_Type, &known))
        return NULL;
    PyTypeObject *type = (PyTypeObject *)type_obj;
    PyObject *matches = NULL, *settled = NULL, *unsettled = NULL, *result = NULL;
    RawList raw = {0};
    if (left.len != 256 || right.len != 256) {
        PyErr_SetString(PyExc_ValueError, "left and right must have 256 bytes");
        goto release;
    }
    if (!PyType_IsSubtype(type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "match_type must be a tuple subclass");
        goto release;
    }
    if (PyList_GET_SIZE(targets) != a->npatterns) {
        PyErr_SetString(PyExc_ValueError, "targets must have one item per pattern");
        goto release;
    }
    if (run_scan(a, &buf, (const uint8_t *)left.buf, (const uint8_t *)right.buf, &raw) < 0) goto release;
    sort_by_start_then_longest(raw.items, raw.n);
    int bare = is_bare_tuple_type(type);
    matches = PyList_New(0);
    settled = PyList_New(0);
    unsettled = PyList_New(0);
    if (!matches || !settled || !unsettled) goto fail;
    for (size_t k = 0; k < raw.n; k++) {
        const Raw *m = &raw.items[k];
        if (m->kind) {
            if (append_new(unsettled, triple(m)) < 0) goto fail;
            continue;
        }
        PyObject *pairs = PyList_GET_ITEM(targets, m->pattern);
        if (pairs == Py_None && m->end <= PyUnicode_GET_LENGTH(text)) {
            PyObject *key = Py_BuildValue("(iN)", m->pattern, PyUnicode_Substring(text, m->start, m->end));
            if (!key) goto fail;
            pairs = PyDict_GetItemWithError(known, key);  /* borrowed */
            Py_DECREF(key);
            if (!pairs) {
                if (PyErr_Occurred()) goto fail;
                pairs = Py_None;
            }
        }
        if (pairs == Py_None) {
            if (append_new(settled, triple(m)) < 0) goto fail;
            continue;
        }
        if (!PyTuple_Check(pairs)) {
            PyErr_SetString(PyExc_TypeError, "targets items must be tuples or None");
            goto fail;
        }
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(pairs); i++)
            if (append_new(matches, new_match(type, bare, m, PyTuple_GET_ITEM(pairs, i))) < 0) goto fail;
    }
    result = PyTuple_Pack(3, matches, settled, unsettled);
fail:
    Py_XDECREF(matches);
    Py_XDECREF(settled);
    Py_XDECREF(unsettled);
    free(raw.items);
release:
    PyBuffer_Release(&buf);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    return result;
}

PyDoc_STRVAR(merge_doc,
"merge(a, b) -> list\n\n"
"Merge two lists of tuples that begin (start, end), each sorted by start then longest first, into one\n"
"sorted the same way; on equal (start, end) the items of a come first.");

static int span_of(PyObject *item, Py_ssize_t *start, Py_ssize_t *end) {
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 2) {
        PyErr_SetString(PyExc_TypeError, "items must be tuples beginning (start, end)");
        return -1;
    }
    *start = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
    *end = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 1));
    return (*start == -1 || *end == -1) && PyErr_Occurred() ? -1 : 0;
}

static PyObject *scan_merge(PyObject *module, PyObject *args) {
    (void)module;
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &a, &PyList_Type, &b)) return NULL;
    Py_ssize_t na = PyList_GET_SIZE(a), nb = PyList_GET_SIZE(b), i = 0, j = 0, k = 0;
    PyObject *out = PyList_New(na + nb);
    if (!out) return NULL;
    while (i < na || j < nb) {
        PyObject *item;
        if (i == na) {
            item = PyList_GET_ITEM(b, j++);
        } else if (j == nb) {
            item = PyList_GET_ITEM(a, i++);
        } else {
            Py_ssize_t sa, ea, sb, eb;
            if (span_of(PyList_GET_ITEM(a, i), &sa, &ea) < 0 || span_of(PyList_GET_ITEM(b, j), &sb, &eb) < 0) {
                Py_DECREF(out);
                return NULL;
            }
            item = (sb < sa || (sb == sa && eb > ea)) ? PyList_GET_ITEM(b, j++) : PyList_GET_ITEM(a, i++);
        }
        Py_INCREF(item);
        PyList_SET_ITEM(out, k++, item);
    }
    return out;
}

static PyMethodDef module_methods[] = {
    {"merge", scan_merge, METH_VARARGS, merge_doc},
    {NULL, NULL, 0, NULL},
};

static PyObject *automaton_nbytes(Automaton *a, void *closure) {
    (void)closure;
    return PyLong_FromSize_t(sizeof(Automaton) + a->nwords * sizeof(uint32_t));
}

static PyObject *automaton_len(Automaton *a, void *closure) {
    (void)closure;
    return PyLong_FromSsize_t(a->npatterns);
}

static PyObject *automaton_states(Automaton *a, void *closure) {
    (void)closure;
    return PyLong_FromUnsignedLong(a->nnodes);
}

PyDoc_STRVAR(distinct_doc,
"distinct(data, left, right) -> (patterns, unsettled)\n\n"
"Which patterns occur in data with no word character touching them, once each: left[b] and right[b]\n"
"classify the byte before and after a match (0: a boundary, 1: a word character, other: look\n"
"further). patterns lists, in order of first occurrence, those found with both neighbours\n"
"boundaries; unsettled holds the (pattern, start, end) matches with a neighbour to look beyond.");

static PyObject *automaton_distinct(Automaton *a, PyObject *args) {
    Py_buffer buf, left, right;
    if (!PyArg_ParseTuple(args, "y*y*y*", &buf, &left, &right)) return NULL;
    PyObject *patterns = NULL, *unsettled = NULL, *result = NULL;
    RawList raw = {0};
    char *seen = NULL;
    if (left.len != 256 || right.len != 256) {
        PyErr_SetString(PyExc_ValueError, "left and right must have 256 bytes");
        goto release;
    }
    if (run_scan(a, &buf, (const uint8_t *)left.buf, (const uint8_t *)right.buf, &raw) < 0) goto release;
    seen = PyMem_Calloc(a->npatterns ? (size_t)a->npatterns : 1, 1);
    patterns = PyList_New(0);
    unsettled = PyList_New(0);
    if (!seen || !patterns || !unsettled) {
        if (!seen) PyErr_NoMemory();
        goto fail;
    }
    for (size_t k = 0; k < raw.n; k++) {
        const Raw *m = &raw.items[k];
        if (m->kind) {
            if (append_new(unsettled, triple(m)) < 0) goto fail;
        } else if (!seen[m->pattern]) {
            seen[m->pattern] = 1;
            if (append_new(patterns, PyLong_FromLong(m->pattern)) < 0) goto fail;
        }
    }
    result = PyTuple_Pack(2, patterns, unsettled);
fail:
    Py_XDECREF(patterns);
    Py_XDECREF(unsettled);
    PyMem_Free(seen);
    free(raw.items);
release:
    PyBuffer_Release(&buf);
    PyBuffer_Release(&left);
    PyBuffer_Release(&right);
    return result;
}

static PyMethodDef automaton_methods[] = {
    {"find", (PyCFunction)automaton_find, METH_O, find_doc},
    {"scan", (PyCFunction)automaton_scan, METH_VARARGS, scan_doc},
    {"distinct", (PyCFunction)automaton_distinct, METH_VARARGS, distinct_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef automaton_getset[] = {
    {"nbytes", (getter)automaton_nbytes, NULL, "memory held by the automaton's tables", NULL},
    {"patterns", (getter)automaton_len, NULL, "number of patterns", NULL},
    {"states", (getter)automaton_states, NULL, "number of trie nodes", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(automaton_doc,
"Automaton(patterns, byte_map=None, word_bytes=None)\n\n"
"An Aho-Corasick automaton over the given non-empty bytes patterns (a pattern's index is its\n"
"position). byte_map, 256 bytes, translates every text byte before it is matched. word_bytes, 256\n"
"bytes: no match starts right after a (translated) byte that is non-zero there; the scan skips the\n"
"rest of a word that no pattern continues.");

static PyTypeObject AutomatonType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "unspin._scan.Automaton",
    .tp_basicsize = sizeof(Automaton),
    .tp_dealloc = (destructor)automaton_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = automaton_doc,
    .tp_methods = automaton_methods,
    .tp_getset = automaton_getset,
    .tp_init = (initproc)automaton_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_scan",
    .m_doc = "unspin's hot loop: an Aho-Corasick automaton over bytes.",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__scan(void) {
    if (PyType_Ready(&AutomatonType) < 0) return NULL;
    PyObject *m = PyModule_Create(&scan_module);
    if (!m) return NULL;
    Py_INCREF(&AutomatonType);
    if (PyModule_AddObject(m, "Automaton", (PyObject *)&AutomatonType) < 0) {
        Py_DECREF(&AutomatonType);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "FOUR_WALKS_MIN", FOUR_WALKS_MIN) < 0) {  /* for the tests */
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
