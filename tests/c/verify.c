/*
 * Playbook verification and stage diagrams through the C ABI: `strict` is proven, its JSON report
 * is byte for byte what the Rust example prints and its Mermaid and DOT are the committed drawings;
 * playbooks that break `no-dead-end` say so, and the shortest path each report gives replays
 * through the C ABI to the stage it names; NULL for every pointer argument and unknown format
 * numbers get a status and a message, and leave every output as it was.
 *
 * Usage: verify [DIR JSON]
 *   DIR   holds strict.mmd and strict.dot (core/tests/diagram)
 *   JSON  the strict verification as `cargo run --example diagram -- strict --json` prints it
 *
 * The search is the costly part. `strict` (some 9,000 states) and the one-task playbook are
 * searched only when DIR and JSON are given, as `make test-c` does under AddressSanitizer; under
 * Valgrind, where those two searches take over a minute, every call runs on a tiny playbook only.
 */
#include "check.h"

/* Two outputs are the same bytes; on a difference, says where it starts. */
static void check_same(const char *what, const char *got, const char *want) {
    size_t i = 0;
    if (got == NULL || want == NULL) {
        checks_failed++;
        fprintf(stderr, "%s: %s is NULL\n", what, got == NULL ? "the output" : "the expected file");
        return;
    }
    while (got[i] != '\0' && got[i] == want[i]) {
        i++;
    }
    if (got[i] == want[i]) {
        checks_passed++;
        return;
    }
    checks_failed++;
    fprintf(stderr, "%s differs at byte %zu:\n  got  \"%.60s\"\n  want \"%.60s\"\n", what, i, got + i, want + i);
}

static int starts_with(const char *text, const char *prefix) {
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The whole file at `path`, NUL-terminated, or NULL (a failed check) when it cannot be read. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    if (f == NULL) {
        checks_failed++;
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    do {
        if (cap - len < 4096) {
            cap = cap * 2 + 4096;
            text = realloc(text, cap + 1);
            if (text == NULL) {
                abort();
            }
        }
        n = fread(text + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    text[len] = '\0';
    return text;
}

static char *read_in(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return read_file(path);
}

/* The number after `key` in `text` (`"states":` or `(`), or -1 when `key` is not there. */
static long number_after(const char *text, const char *key) {
    const char *at = text == NULL ? NULL : strstr(text, key);
    return at == NULL ? -1 : strtol(at + strlen(key), NULL, 10);
}

static amends_playbook *playbook(const char *json) {
    amends_playbook *p = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_from_json(json, &p, NULL));
    return p;
}

static amends_verification *verification(const amends_playbook *p) {
    amends_verification *v = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_verify(p, &v, NULL));
    CHECK(v != NULL);
    return v;
}

/* A string output of `v`: JSON (compact or pretty), text, or a diagram. */
enum output { JSON, PRETTY, TEXT, MERMAID, DOT };

static char *output(const amends_verification *v, enum output what) {
    char *out = NULL;
    switch (what) {
    case JSON:
    case PRETTY:
        CHECK_STATUS(AMENDS_STATUS_OK, amends_verification_to_json(v, what == PRETTY, &out, NULL));
        break;
    case TEXT:
        CHECK_STATUS(AMENDS_STATUS_OK, amends_verification_to_text(v, &out, NULL));
        break;
    case MERMAID:
        CHECK_STATUS(AMENDS_STATUS_OK, amends_verification_diagram(v, AMENDS_DIAGRAM_FORMAT_MERMAID, &out, NULL));
        break;
    case DOT:
        CHECK_STATUS(AMENDS_STATUS_OK, amends_verification_diagram(v, AMENDS_DIAGRAM_FORMAT_DOT, &out, NULL));
        break;
    }
    CHECK(out != NULL);
    return out;
}

/* strict: proven; the JSON the Rust example prints, byte for byte; the committed drawings. */
static void test_strict(const char *dir, const char *json_path) {
    amends_playbook *strict = NULL;
    amends_verification *v;
    char *want_json = read_file(json_path);
    char *want_mmd = read_in(dir, "strict.mmd");
    char *want_dot = read_in(dir, "strict.dot");
    char *json, *pretty, *text, *mermaid, *dot;
    size_t n = want_json == NULL ? 0 : strlen(want_json);
    long states;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset(amends_preset_name(AMENDS_PRESET_STRICT), &strict, NULL));
    v = verification(strict);
    CHECK(amends_verification_proven(v));

    /* The example prints the indented JSON and a line break. */
    CHECK(n > 0 && want_json[n - 1] == '\n');
    if (n > 0) {
        want_json[n - 1] = '\0';
    }
    pretty = output(v, PRETTY);
    check_same("the strict verification (JSON)", pretty, want_json);

    json = output(v, JSON);
    CHECK(starts_with(json, "{\"playbook\":\"strict\",\"proven\":true,\"states\":"));
    CHECK(json != NULL && strstr(json, "\"status\":\"broken\"") == NULL);
    /* The same search in every output: the compact JSON, the Rust JSON and the text agree. */
    states = number_after(json, "\"states\":");
    CHECK(states > 1000);
    CHECK(number_after(want_json, "\"states\": ") == states);
    text = output(v, TEXT);
    CHECK(starts_with(text, "playbook `strict`: every claim proven ("));
    CHECK(number_after(text, "every claim proven (") == states);
    CHECK(text != NULL && strstr(text, "\n  proven         no-dead-end ") != NULL);

    mermaid = output(v, MERMAID);
    check_same("strict.mmd", mermaid, want_mmd);
    dot = output(v, DOT);
    check_same("strict.dot", dot, want_dot);

    amends_string_free(json);
    amends_string_free(pretty);
    amends_string_free(text);
    amends_string_free(mermaid);
    amends_string_free(dot);
    amends_verification_free(v);
    amends_playbook_free(strict);
    free(want_json);
    free(want_mmd);
    free(want_dot);
}

/*
 * The next JSON object of an array at `*rest`, NUL-terminated in place, or NULL after the last.
 * Enough JSON for the action objects the library writes: strings may hold escaped quotes and
 * brackets.
 */
static char *next_object(char **rest) {
    char *p = *rest, *start;
    int depth = 0, in_string = 0;
    if (*p != '{') {
        return NULL;
    }
    start = p;
    for (; *p != '\0'; p++) {
        if (in_string) {
            if (*p == '\\' && p[1] != '\0') {
                p++;
            } else if (*p == '"') {
                in_string = 0;
            }
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if ((*p == '}' || *p == ']') && --depth == 0) {
            /* The object ends here: a ',' after it means another follows; anything else ends the array. */
            int more = p[1] == ',';
            p[1] = '\0';
            *rest = more ? p + 2 : p + 1;
            return start;
        }
    }
    return NULL;
}

/* The last step of the path on the line `line` starts (after its '\n'): what follows its last arrow. */
static const char *last_step(const char *line) {
    const char *end = line == NULL ? NULL : strchr(line + 1, '\n');
    const char *step = NULL, *arrow = line;
    while (arrow != NULL && (arrow = strstr(arrow + 1, "\xe2\x86\x92 ")) != NULL && (end == NULL || arrow < end)) {
        step = arrow + 4;
    }
    return step;
}

/* A playbook that breaks `no-dead-end`, and what its verification must say. */
struct dead_end {
    const char *playbook;   /* its JSON */
    const char *summary;    /* how the text report starts */
    const char *stage;      /* the stage the shortest path ends in */
    const char *last;       /* the kind of the path's last action */
    const char *refused;    /* NULL, or an action the end of the path refuses, as JSON */
    const char *field;      /* the field that refusal names */
};

/* seven_step with one task in all: the agreement of a second round can never be carried out. */
static const struct dead_end ONE_TASK = {
    "{\"base\": \"seven_step\", \"limits\": {\"max_tasks\": 1}}",
    "playbook `seven_step`: some claims broken (",
    "agreed",
    "agree",
    "{\"action\": \"plan\", \"at\": \"2030-01-01T00:00:00Z\", \"by\": {\"id\": \"sam\"}, "
    "\"task\": \"Send a new one\", \"due\": \"2030-01-02T00:00:00Z\"}",
    "task",
};

/* make_it_right with six events in all: a tiny search, for the calls that need some verification. */
static const struct dead_end SIX_EVENTS = {
    "{\"base\": \"make_it_right\", \"limits\": {\"max_events\": 6}}",
    "playbook `make_it_right`: some claims broken (",
    "understood",
    "confirm",
    NULL,
    NULL,
};

/*
 * The verification is not proven: `no-dead-end` is broken, and its shortest path, the `open` first,
 * replays through amends_complaint_open and amends_complaint_apply to the stage the report names;
 * the text report shows the same path.
 */
static void test_dead_end(const amends_playbook *p, const amends_verification *v, const struct dead_end *want) {
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    char *json = output(v, JSON);
    char *text = output(v, TEXT);
    char *finding, *path, *end, *rest, *action, *last = NULL;
    char prefix[64];
    size_t steps = 0;

    CHECK(!amends_verification_proven(v));
    CHECK(json != NULL && strstr(json, "\"proven\":false,") != NULL);
    finding = json == NULL ? NULL : strstr(json, "{\"invariant\":\"no-dead-end\",");
    CHECK(starts_with(finding, "{\"invariant\":\"no-dead-end\",\"status\":\"broken\","));
    /* The finding ends where the next one starts. */
    end = finding == NULL ? NULL : strstr(finding + 1, "{\"invariant\":");
    CHECK(end != NULL);
    if (end != NULL) {
        *end = '\0';
    }
    snprintf(prefix, sizeof prefix, "\"counterexample\":{\"stage\":\"%s\",\"actions\":[", want->stage);
    path = finding == NULL ? NULL : strstr(finding, prefix);
    CHECK(path != NULL);
    rest = path == NULL ? NULL : path + strlen(prefix);
    while (rest != NULL && (action = next_object(&rest)) != NULL) {
        if (steps == 0) {
            CHECK(starts_with(action, "{\"action\":\"open\","));
            CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(action, p, &c, NULL));
        } else {
            amends_status s = amends_complaint_apply(c, action, &err);
            CHECK(s == AMENDS_STATUS_OK);
            if (s != AMENDS_STATUS_OK) {
                fprintf(stderr, "  step %zu %s: %s\n", steps, action, amends_error_message(err));
                amends_error_free(err);
                err = NULL;
            }
        }
        last = action;
        steps++;
    }
    CHECK(steps > 2);
    snprintf(prefix, sizeof prefix, "{\"action\":\"%s\",", want->last);
    CHECK(starts_with(last, prefix));
    CHECK_STR(amends_complaint_stage(c), want->stage);
    CHECK(amends_complaint_history_len(c) == steps);
    if (want->refused != NULL) {
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, want->refused, &err));
        CHECK_STR(amends_error_field(err), want->field);
        amends_error_free(err);
    }

    /* The text report: the verdict, and the same path under the broken invariant. */
    CHECK(starts_with(text, want->summary));
    finding = text == NULL ? NULL : strstr(text, "\n  broken         no-dead-end ");
    CHECK(finding != NULL);
    path = finding == NULL ? NULL : strstr(finding + 1, "\n");
    CHECK(starts_with(path, "\n                 path: open \xe2\x86\x92 listen \xe2\x86\x92 "));
    CHECK(starts_with(last_step(path), want->last));

    amends_string_free(json);
    amends_string_free(text);
    amends_complaint_free(c);
}

/* amends_playbook_diagram draws what a verification of the same playbook draws. */
static void test_playbook_diagram(const amends_playbook *p, const amends_verification *v) {
    static const uint32_t formats[] = {AMENDS_DIAGRAM_FORMAT_MERMAID, AMENDS_DIAGRAM_FORMAT_DOT};
    static const char *const starts[] = {"---\ntitle: \"make_it_right\"\n---\nstateDiagram-v2\n",
                                         "digraph \"make_it_right\" {\n"};
    size_t i;
    CHECK(AMENDS_DIAGRAM_FORMAT_MERMAID == 0 && AMENDS_DIAGRAM_FORMAT_DOT == 1);
    for (i = 0; i < 2; i++) {
        char *direct = NULL, *drawn = NULL;
        CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_diagram(p, formats[i], &direct, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_verification_diagram(v, formats[i], &drawn, NULL));
        CHECK(starts_with(direct, starts[i]));
        check_same("amends_playbook_diagram", direct, drawn);
        amends_string_free(direct);
        amends_string_free(drawn);
    }
}

/* The status is INVALID_INPUT naming "format" and the number given; frees the error. */
static void expect_bad_format(amends_status got, amends_error **errp, uint32_t format) {
    amends_error *err = *errp;
    char why[96];
    *errp = NULL;
    snprintf(why, sizeof why, "%lu is not a diagram format number (expected 0 to 1)", (unsigned long)format);
    CHECK(got == AMENDS_STATUS_INVALID_INPUT);
    CHECK(err != NULL && amends_error_status(err) == AMENDS_STATUS_INVALID_INPUT);
    CHECK_STR(amends_error_field(err), "format");
    CHECK(err != NULL && strstr(amends_error_message(err), why) != NULL);
    CHECK(amends_error_rule(err) == NULL);
    amends_error_free(err);
}

/* The status is NULL_ARGUMENT and the message names the parameter; frees the error. */
static void expect_null(amends_status got, amends_error **errp, const char *parameter) {
    amends_error *err = *errp;
    char named[64];
    *errp = NULL;
    snprintf(named, sizeof named, "`%s` is NULL", parameter);
    CHECK(got == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && amends_error_status(err) == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && strstr(amends_error_message(err), named) != NULL);
    amends_error_free(err);
}

/* Unknown format numbers and NULL for every pointer: a status, a message, outputs as they were. */
static void test_refused_calls(const amends_playbook *p, const amends_verification *v) {
    static const uint32_t bad[] = {2, (uint32_t)-1, 99};
    amends_verification *sentinel = (amends_verification *)&sentinel;
    amends_verification *made = sentinel;
    char *untouched = (char *)"untouched";
    char *out = untouched;
    char *before = output(v, JSON), *after;
    amends_error *err = NULL;
    size_t i;

    for (i = 0; i < 3; i++) {
        expect_bad_format(amends_verification_diagram(v, bad[i], &out, &err), &err, bad[i]);
        expect_bad_format(amends_playbook_diagram(p, bad[i], &out, &err), &err, bad[i]);
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_diagram(p, bad[i], &out, NULL));
    }

#define NULL_ARG(call, parameter)             \
    do {                                      \
        err = NULL;                           \
        expect_null((call), &err, parameter); \
    } while (0)

    NULL_ARG(amends_playbook_verify(NULL, &made, &err), "playbook");
    NULL_ARG(amends_playbook_verify(p, NULL, &err), "out");
    NULL_ARG(amends_verification_to_json(NULL, false, &out, &err), "verification");
    NULL_ARG(amends_verification_to_json(v, true, NULL, &err), "out");
    NULL_ARG(amends_verification_to_text(NULL, &out, &err), "verification");
    NULL_ARG(amends_verification_to_text(v, NULL, &err), "out");
    NULL_ARG(amends_verification_diagram(NULL, AMENDS_DIAGRAM_FORMAT_DOT, &out, &err), "verification");
    NULL_ARG(amends_verification_diagram(v, AMENDS_DIAGRAM_FORMAT_DOT, NULL, &err), "out");
    NULL_ARG(amends_playbook_diagram(NULL, AMENDS_DIAGRAM_FORMAT_MERMAID, &out, &err), "playbook");
    NULL_ARG(amends_playbook_diagram(p, AMENDS_DIAGRAM_FORMAT_MERMAID, NULL, &err), "out");
#undef NULL_ARG

    /* Without `err` the status alone comes back. */
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_playbook_verify(NULL, &made, NULL));
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_verification_to_text(NULL, &out, NULL));
    CHECK(!amends_verification_proven(NULL));
    amends_verification_free(NULL);

    CHECK(made == sentinel);
    CHECK(out == untouched);
    after = output(v, JSON);
    CHECK_STR(after, before);
    amends_string_free(before);
    amends_string_free(after);
}

int main(int argc, char **argv) {
    amends_playbook *p;
    amends_verification *v;
    if (argc != 1 && argc != 3) {
        fprintf(stderr, "usage: %s [DIR JSON]\n", argv[0]);
        return EXIT_FAILURE;
    }
    if (argc == 3) {
        test_strict(argv[1], argv[2]);
        p = playbook(ONE_TASK.playbook);
        v = verification(p);
        test_dead_end(p, v, &ONE_TASK);
        amends_verification_free(v);
        amends_playbook_free(p);
    } else {
        printf("verify: strict and one task not searched (no DIR JSON given)\n");
    }
    p = playbook(SIX_EVENTS.playbook);
    v = verification(p);
    test_dead_end(p, v, &SIX_EVENTS);
    test_playbook_diagram(p, v);
    test_refused_calls(p, v);
    amends_verification_free(v);
    amends_playbook_free(p);
    return finish("verify");
}
