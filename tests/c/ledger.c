/*
 * The ledger through the C ABI: the shared vector in tests/ledger/ written byte for byte as the
 * Rust and Python suites write it, repeat warnings and keys, refusals recorded from a refused
 * action, snapshots, and every kind of bad input refused with a status and the field to blame,
 * leaving the ledger exactly as it was.
 *
 * Usage: ledger DIR (a folder of tests/ledger/, format in its README)
 */
#include "check.h"

#define BY "\"by\": {\"id\": \"tim\"}"

/* Checks the status, the field to blame (NULL: none) and that there is a message; frees the error. */
static void expect_error(amends_status got, amends_error **errp, amends_status want, const char *field) {
    amends_error *err = *errp;
    *errp = NULL;
    CHECK(got == want);
    if (got != want && err != NULL) {
        fprintf(stderr, "  got %s: %s\n", amends_status_name(got), amends_error_message(err));
    }
    CHECK(err != NULL && amends_error_status(err) == want);
    CHECK_STR(amends_error_field(err), field);
    CHECK(err != NULL && strlen(amends_error_message(err)) > 0);
    CHECK(amends_error_rule(err) == NULL);
    amends_error_free(err);
}

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

/* The whole of DIR/NAME, NUL-terminated, or NULL (a failed check) when it cannot be read. */
static char *read_file(const char *dir, const char *name) {
    char path[4096];
    FILE *f;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
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

/* The next line of `*rest` (its '\n' replaced by NUL), or NULL at the end. */
static char *next_line(char **rest) {
    char *line = *rest, *end;
    if (line == NULL || *line == '\0') {
        return NULL;
    }
    end = strchr(line, '\n');
    if (end == NULL) {
        *rest = line + strlen(line);
    } else {
        *end = '\0';
        *rest = end + 1;
    }
    return line;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* `YYYY-MM-DDTHH:MM:SSZ` as seconds since the Unix epoch; 0 (a failed check) when it is not one. */
static int64_t unix_seconds(const char *text) {
    int y, mo, d, h, mi, s;
    if (text == NULL || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
        checks_failed++;
        fprintf(stderr, "not a UTC time: %s\n", text ? text : "(null)");
        return 0;
    }
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* The outputs of a ledger at `now`: review JSON (pretty), Markdown, CSV. */
struct outputs {
    char *json, *md, *csv;
};

static struct outputs outputs_at(const amends_ledger *ledger, int64_t now) {
    struct outputs o = {NULL, NULL, NULL};
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_review_json(ledger, now, true, &o.json, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_review_markdown(ledger, now, &o.md, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_csv(ledger, now, &o.csv, NULL));
    return o;
}

static void outputs_free(struct outputs o) {
    amends_string_free(o.json);
    amends_string_free(o.md);
    amends_string_free(o.csv);
}

/*
 * The shared vector: every complaint added from its JSON and, in a second ledger, from a handle;
 * each add reports the expected line of added.jsonl, and both ledgers write the expected review
 * and CSV byte for byte.
 */
static void test_vector(const char *dir) {
    char *complaints = read_file(dir, "complaints.jsonl");
    char *refusals = read_file(dir, "refusals.tsv");
    char *now_text = read_file(dir, "now.txt");
    char *added = read_file(dir, "added.jsonl");
    char *review_json = read_file(dir, "review.json");
    char *review_md = read_file(dir, "review.md");
    char *csv = read_file(dir, "ledger.csv");
    amends_ledger *from_json = NULL, *from_handles = NULL;
    char *rest, *line, *expected_rest = added, *expected;
    size_t count = 0;
    int64_t now = unix_seconds(now_text);
    struct outputs o;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new(&from_json, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new(&from_handles, NULL));
    rest = complaints;
    while ((line = next_line(&rest)) != NULL) {
        amends_complaint *c = NULL;
        char *report = NULL, *again = NULL;
        amends_error *err = NULL;
        amends_status s = amends_ledger_add_json(from_json, line, &report, &err);
        CHECK(s == AMENDS_STATUS_OK);
        if (s != AMENDS_STATUS_OK) {
            fprintf(stderr, "  complaint %zu: %s\n", count + 1, amends_error_message(err));
            amends_error_free(err);
        }
        expected = next_line(&expected_rest);
        check_same("added.jsonl", report, expected);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_from_json(line, &c, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_add(from_handles, c, &again, NULL));
        check_same("added.jsonl (from a handle)", again, expected);
        amends_string_free(report);
        amends_string_free(again);
        amends_complaint_free(c);
        count++;
    }
    CHECK(count > 0);
    CHECK(next_line(&expected_rest) == NULL);
    CHECK(amends_ledger_len(from_json) == count && amends_ledger_len(from_handles) == count);
    rest = refusals;
    while ((line = next_line(&rest)) != NULL) {
        char *tab = strchr(line, '\t');
        CHECK(tab != NULL);
        if (tab == NULL) {
            continue;
        }
        *tab = '\0';
        CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_record_refusal(from_json, line, tab + 1, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_record_refusal(from_handles, line, tab + 1, NULL));
    }

    o = outputs_at(from_json, now);
    check_same("review.json", o.json, review_json);
    check_same("review.md", o.md, review_md);
    check_same("ledger.csv", o.csv, csv);
    outputs_free(o);
    o = outputs_at(from_handles, now);
    check_same("review.json (from handles)", o.json, review_json);
    check_same("review.md (from handles)", o.md, review_md);
    check_same("ledger.csv (from handles)", o.csv, csv);
    outputs_free(o);

    amends_ledger_free(from_json);
    amends_ledger_free(from_handles);
    free(complaints);
    free(refusals);
    free(now_text);
    free(added);
    free(review_json);
    free(review_md);
    free(csv);
}

/* Opens complaint `id` (NULL: none) from `customer` in `category` at minute `minutes`. */
static amends_complaint *complaint(const char *id, const char *customer, const char *category, int64_t minutes) {
    struct amends_open_options options = {0};
    amends_complaint *c = NULL;
    options.category = category;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_new_ex(NULL, AT(minutes), "tim", NULL, customer, "Late",
                                                           id, &options, &c, NULL));
    return c;
}

/* Adds a complaint; checks what the add reported and frees the complaint. */
static void add(amends_ledger *ledger, amends_complaint *c, const char *want) {
    char *report = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_add(ledger, c, &report, NULL));
    CHECK_STR(report, want);
    amends_string_free(report);
    amends_complaint_free(c);
}

/* Repeats, keys, warnings, a refusal recorded from a refused action, snapshots, every output. */
static void test_ledger(void) {
    amends_ledger *ledger = NULL;
    amends_complaint *bolt;
    amends_error *err = NULL;
    char *json = NULL;
    char window[64];

    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new(&ledger, NULL));
    CHECK(amends_ledger_len(ledger) == 0);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_repeats_json(ledger, &json, NULL));
    snprintf(window, sizeof window, "{\"window_seconds\":%d,", AMENDS_LEDGER_DEFAULT_WINDOW_SECONDS);
    CHECK(starts_with(json, window));
    CHECK_STR(json, "{\"window_seconds\":2592000,\"by_customer\":[],\"by_category\":[]}");
    amends_string_free(json);
    json = NULL;
    amends_ledger_free(ledger);
    ledger = NULL;

    /* An hour's window. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new_with_window(3600, &ledger, NULL));
    add(ledger, complaint("A", "Acme Ltd", "delivery", 0), "{\"key\":\"A\",\"warnings\":[]}");
    add(ledger, complaint("B", "Acme Ltd", "delivery", 30),
        "{\"key\":\"B\",\"warnings\":["
        "{\"kind\":\"customer\",\"value\":\"Acme Ltd\",\"seen\":1,\"nearest\":\"2026-03-02T09:00:00Z\"},"
        "{\"kind\":\"category\",\"value\":\"delivery\",\"seen\":1,\"nearest\":\"2026-03-02T09:00:00Z\"}]}");
    /* Without an id the key is the position; two hours later is outside the window. */
    bolt = complaint(NULL, "Bolt Inc", "delivery", 120);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_add(ledger, bolt, NULL, NULL));
    CHECK(amends_ledger_len(ledger) == 3);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_repeats_json(ledger, &json, NULL));
    CHECK_STR(json, "{\"window_seconds\":3600,\"by_customer\":[{\"value\":\"Acme Ltd\",\"complaints\":2,\"repeats\":1}],"
                    "\"by_category\":[{\"value\":\"delivery\",\"complaints\":3,\"repeats\":1}]}");
    amends_string_free(json);
    json = NULL;

    /* A till records a refused move under the rule amends_error_rule names. */
    CHECK_STATUS(AMENDS_STATUS_RULE_VIOLATION,
                 amends_complaint_close(bolt, AT(121), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, &err));
    CHECK_STR(amends_error_rule(err), "listen-first");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_record_refusal(ledger, "#3", amends_error_rule(err), NULL));
    amends_error_free(err);
    /* The ledger holds a snapshot: what happens to the complaint after the add does not reach it. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(bolt, AT(122), "tim", NULL, "Late again.", NULL));
    amends_complaint_free(bolt);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_review_json(ledger, AT(60 * 5), false, &json, NULL));
    CHECK(starts_with(json, "{\"now\":\"2026-03-02T14:00:00Z\",\"complaints\":3,\"by_stage\":{\"open\":3,"));
    CHECK(json != NULL && strstr(json, "\"refusals\":{\"listen-first\":1}") != NULL);
    /* Five hours on, A and B are an hour past their first response; #3 is not due yet. */
    CHECK(json != NULL && strstr(json, "\"breaches\":{\"first_response\":2,") != NULL);
    amends_string_free(json);
    json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_review_json(ledger, AT(60 * 5), true, &json, NULL));
    CHECK(starts_with(json, "{\n  \"now\": \"2026-03-02T14:00:00Z\",\n  \"complaints\": 3,\n"));
    amends_string_free(json);
    json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_review_markdown(ledger, AT(60 * 5), &json, NULL));
    CHECK(starts_with(json, "# Complaint review\n\nAs of 2026-03-02T14:00:00Z: 3 complaints.\n"));
    CHECK(json != NULL && strstr(json, "\n| listen-first | 1 |\n") != NULL);
    amends_string_free(json);
    json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_csv(ledger, AT(60 * 5), &json, NULL));
    CHECK_STR(json, "id,customer,opened_at,stage,outcome,category,root_cause,first_response_seconds,"
                    "close_seconds,breaches\r\n"
                    "A,Acme Ltd,2026-03-02T09:00:00Z,open,,delivery,,,,first_response\r\n"
                    "B,Acme Ltd,2026-03-02T09:30:00Z,open,,delivery,,,,first_response\r\n"
                    "#3,Bolt Inc,2026-03-02T11:00:00Z,open,,delivery,,,,\r\n");
    amends_string_free(json);
    amends_ledger_free(ledger);
}

/* Everything a ledger shows, to compare before and after a refused call. */
static char *state(const amends_ledger *ledger) {
    struct outputs o = outputs_at(ledger, AT(60 * 24));
    char *repeats = NULL, *all;
    size_t n;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_repeats_json(ledger, &repeats, NULL));
    n = strlen(o.json) + strlen(o.md) + strlen(o.csv) + strlen(repeats) + 64;
    all = malloc(n);
    if (all == NULL) {
        abort();
    }
    snprintf(all, n, "%zu\n%s\n%s\n%s\n%s", amends_ledger_len(ledger), o.json, o.md, o.csv, repeats);
    outputs_free(o);
    amends_string_free(repeats);
    return all;
}

/* Every kind of bad input: a status, the field to blame, and the ledger exactly as it was. */
static void test_refused_calls_change_nothing(void) {
    amends_ledger *ledger = NULL;
    amends_ledger *sentinel = (amends_ledger *)&ledger;
    amends_ledger *made = sentinel;
    amends_complaint *a = complaint("A", "Acme Ltd", "delivery", 0);
    amends_complaint *listened = complaint("L", "Cog Co", "billing", 10);
    amends_error *err = NULL;
    char *untouched = (char *)"untouched";
    char *report = untouched;
    char *a_json = NULL, *tampered = NULL, *at_seq;
    char *before, *after;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new(&ledger, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_add(ledger, a, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_record_refusal(ledger, "A", "listen-first", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(a, &a_json, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(listened, AT(11), "tim", NULL, "Late again.", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(listened, &tampered, NULL));
    before = state(ledger);

    /* A key already in the ledger, from a handle or from JSON. */
    expect_error(amends_ledger_add(ledger, a, &report, &err), &err, AMENDS_STATUS_INVALID_INPUT, "id");
    expect_error(amends_ledger_add_json(ledger, a_json, &report, &err), &err, AMENDS_STATUS_INVALID_INPUT, "id");
    /* Malformed JSON, JSON that is not a complaint, invalid UTF-8. */
    expect_error(amends_ledger_add_json(ledger, "{", &report, &err), &err, AMENDS_STATUS_INVALID_INPUT, NULL);
    expect_error(amends_ledger_add_json(ledger, "[]", &report, &err), &err, AMENDS_STATUS_INVALID_INPUT, NULL);
    expect_error(amends_ledger_add_json(ledger, "{\"schema\": 1, \"\xff\": 2}", &report, &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, NULL);
    /* A stored history edited so it no longer replays. */
    at_seq = tampered == NULL ? NULL : strstr(tampered, "\"seq\":2,");
    CHECK(at_seq != NULL);
    if (at_seq != NULL) {
        at_seq[6] = '7';
        CHECK(amends_ledger_add_json(ledger, tampered, &report, &err) == AMENDS_STATUS_REPLAY);
        CHECK(amends_error_status(err) == AMENDS_STATUS_REPLAY);
        amends_error_free(err);
        err = NULL;
    }
    CHECK(report == untouched);

    /* A key not in the ledger, a rule id that is not one, text that is not UTF-8. */
    expect_error(amends_ledger_record_refusal(ledger, "Z", "listen-first", &err), &err, AMENDS_STATUS_INVALID_INPUT,
                 "key");
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_ledger_record_refusal(ledger, "A", "be-nice", &err));
    CHECK_STR(amends_error_field(err), "rule");
    /* The message names the id given and lists the ids there are. */
    CHECK(err != NULL && strstr(amends_error_message(err), "be-nice") != NULL);
    CHECK(err != NULL && strstr(amends_error_message(err), "listen-first") != NULL);
    amends_error_free(err);
    err = NULL;
    expect_error(amends_ledger_record_refusal(ledger, "A", "", &err), &err, AMENDS_STATUS_INVALID_INPUT, "rule");
    expect_error(amends_ledger_record_refusal(ledger, "A", "listen-first\xc3", &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, "rule");
    expect_error(amends_ledger_record_refusal(ledger, "\xe2\x82", "listen-first", &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, "key");

    /* Times out of range. */
    expect_error(amends_ledger_review_json(ledger, INT64_MAX, false, &report, &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, "now");
    expect_error(amends_ledger_review_markdown(ledger, INT64_MIN, &report, &err), &err, AMENDS_STATUS_INVALID_INPUT,
                 "now");
    expect_error(amends_ledger_csv(ledger, INT64_MAX, &report, &err), &err, AMENDS_STATUS_INVALID_INPUT, "now");
    CHECK(report == untouched);

    after = state(ledger);
    CHECK_STR(after, before);
    free(before);
    free(after);

    /* A window is a length of time, and a bounded one; nothing is made. */
    expect_error(amends_ledger_new_with_window(-1, &made, &err), &err, AMENDS_STATUS_INVALID_INPUT, "window");
    expect_error(amends_ledger_new_with_window(INT64_MAX, &made, &err), &err, AMENDS_STATUS_INVALID_INPUT, "window");
    CHECK(made == sentinel);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new_with_window(0, &made, NULL));
    amends_ledger_free(made);

    amends_string_free(a_json);
    amends_string_free(tampered);
    amends_complaint_free(a);
    amends_complaint_free(listened);
    amends_ledger_free(ledger);
}

/* The status is NULL_ARGUMENT and the message names a NULL; frees the error. */
static void expect_null(amends_status got, amends_error **errp) {
    amends_error *err = *errp;
    *errp = NULL;
    CHECK(got == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && amends_error_status(err) == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && strstr(amends_error_message(err), "NULL") != NULL);
    amends_error_free(err);
}

static void test_null_arguments(void) {
    amends_ledger *ledger = NULL;
    amends_ledger *made = NULL;
    amends_complaint *c = complaint("A", "Acme Ltd", "delivery", 0);
    amends_error *err = NULL;
    char *out = NULL;
    char *json = NULL;
    char *before, *after;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_ledger_new(&ledger, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(c, &json, NULL));
    before = state(ledger);

#define NULL_ARG(call)             \
    do {                           \
        err = NULL;                \
        expect_null((call), &err); \
    } while (0)

    NULL_ARG(amends_ledger_new(NULL, &err));
    NULL_ARG(amends_ledger_new_with_window(60, NULL, &err));
    NULL_ARG(amends_ledger_add(NULL, c, &out, &err));
    NULL_ARG(amends_ledger_add(ledger, NULL, &out, &err));
    NULL_ARG(amends_ledger_add_json(NULL, json, &out, &err));
    NULL_ARG(amends_ledger_add_json(ledger, NULL, &out, &err));
    NULL_ARG(amends_ledger_record_refusal(NULL, "A", "listen-first", &err));
    NULL_ARG(amends_ledger_record_refusal(ledger, NULL, "listen-first", &err));
    NULL_ARG(amends_ledger_record_refusal(ledger, "A", NULL, &err));
    NULL_ARG(amends_ledger_repeats_json(NULL, &out, &err));
    NULL_ARG(amends_ledger_repeats_json(ledger, NULL, &err));
    NULL_ARG(amends_ledger_review_json(NULL, T0, true, &out, &err));
    NULL_ARG(amends_ledger_review_json(ledger, T0, true, NULL, &err));
    NULL_ARG(amends_ledger_review_markdown(NULL, T0, &out, &err));
    NULL_ARG(amends_ledger_review_markdown(ledger, T0, NULL, &err));
    NULL_ARG(amends_ledger_csv(NULL, T0, &out, &err));
    NULL_ARG(amends_ledger_csv(ledger, T0, NULL, &err));
#undef NULL_ARG

    /* Without `err` the status alone comes back. */
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_ledger_add(ledger, NULL, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_ledger_new(NULL, NULL));
    CHECK(out == NULL && made == NULL);
    CHECK(amends_ledger_len(NULL) == 0);
    amends_ledger_free(NULL);

    after = state(ledger);
    CHECK_STR(after, before);
    CHECK(amends_ledger_len(ledger) == 0);
    free(before);
    free(after);
    amends_string_free(json);
    amends_complaint_free(c);
    amends_ledger_free(ledger);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return EXIT_FAILURE;
    }
    test_vector(argv[1]);
    test_ledger();
    test_refused_calls_change_nothing();
    test_null_arguments();
    return finish("ledger");
}
