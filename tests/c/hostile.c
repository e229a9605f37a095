/*
 * Hostile input: NULL for every pointer argument, invalid UTF-8, malformed JSON, 1 MiB strings,
 * unknown enum numbers, out-of-range timestamps, wrong JSON types, and every documented limit
 * (README.md, "Limits"). Every call returns a status and a message, never crashes, and a refused
 * call leaves the complaint byte for byte as it was.
 */
#include "check.h"

#define MIB (1024 * 1024)

static const char *const OPEN =
    "{\"action\": \"open\", \"at\": \"2026-03-02T09:00:00Z\", \"by\": {\"id\": \"tim\"}, "
    "\"customer\": \"Acme Ltd\", \"summary\": \"Demo units arrived late\"}";
static const char *const LISTEN =
    "{\"action\": \"listen\", \"at\": \"2026-03-02T09:02:00Z\", \"by\": {\"id\": \"tim\"}, \"account\": \"Late.\"}";

/* The status is NULL_ARGUMENT and the message names a NULL; frees the error. */
static void expect_null(amends_status got, amends_error **errp) {
    amends_error *err = *errp;
    *errp = NULL;
    CHECK(got == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && amends_error_status(err) == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK(err != NULL && strstr(amends_error_message(err), "NULL") != NULL);
    CHECK(amends_error_rule(err) == NULL);
    amends_error_free(err);
}

/* The status is INVALID_INPUT naming `field` (NULL: none); frees the error. */
static void expect_invalid(amends_status got, amends_error **errp, const char *field) {
    amends_error *err = *errp;
    *errp = NULL;
    CHECK(got == AMENDS_STATUS_INVALID_INPUT);
    if (got != AMENDS_STATUS_INVALID_INPUT && err != NULL) {
        fprintf(stderr, "  got %s: %s\n", amends_status_name(got), amends_error_message(err));
    }
    CHECK(err != NULL && amends_error_status(err) == AMENDS_STATUS_INVALID_INPUT);
    CHECK_STR(amends_error_field(err), field);
    CHECK(err != NULL && strlen(amends_error_message(err)) > 0);
    CHECK(amends_error_rule(err) == NULL);
    amends_error_free(err);
}

static char *snapshot(const amends_complaint *c) {
    char *json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(c, &json, NULL));
    return json;
}

/* The complaint is byte for byte what `before` says. */
static void expect_unchanged(const amends_complaint *c, const char *before) {
    char *now = snapshot(c);
    CHECK_STR(now, before);
    amends_string_free(now);
}

static amends_complaint *listening(void) {
    amends_complaint *c = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN, NULL, &c, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apply(c, LISTEN, NULL));
    return c;
}

static char *repeat(char fill, size_t n) {
    char *s = malloc(n + 1);
    if (s == NULL) {
        abort();
    }
    memset(s, fill, n);
    s[n] = '\0';
    return s;
}

static void test_null_arguments(void) {
    amends_complaint *c = listening();
    amends_playbook *p = NULL;
    amends_complaint *oc = NULL;
    amends_playbook *op = NULL;
    amends_violations *ov = NULL;
    amends_error *err = NULL;
    char *os = NULL;
    uint64_t mask = 0;
    uint32_t task = 0;
    size_t index = 0;
    char *before = snapshot(c);
    amends_money no_currency = {100, NULL};

    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset("strict", &p, NULL));

#define NULL_ARG(call)            \
    do {                          \
        err = NULL;               \
        expect_null((call), &err); \
    } while (0)

    NULL_ARG(amends_playbook_preset(NULL, &op, &err));
    NULL_ARG(amends_playbook_preset("strict", NULL, &err));
    NULL_ARG(amends_playbook_from_json(NULL, &op, &err));
    NULL_ARG(amends_playbook_from_json("{\"base\": \"strict\"}", NULL, &err));
    NULL_ARG(amends_playbook_to_json(NULL, &os, &err));
    NULL_ARG(amends_playbook_to_json(p, NULL, &err));
    NULL_ARG(amends_complaint_open(NULL, p, &oc, &err));
    NULL_ARG(amends_complaint_open(OPEN, p, NULL, &err));
    NULL_ARG(amends_complaint_apply(NULL, LISTEN, &err));
    NULL_ARG(amends_complaint_apply(c, NULL, &err));
    NULL_ARG(amends_complaint_apply_expecting(NULL, LISTEN, 2, &err));
    NULL_ARG(amends_complaint_apply_expecting(c, NULL, 2, &err));
    NULL_ARG(amends_complaint_check(NULL, LISTEN, &ov, &err));
    NULL_ARG(amends_complaint_check(c, NULL, &ov, &err));
    NULL_ARG(amends_complaint_check(c, LISTEN, NULL, &err));
    NULL_ARG(amends_complaint_next_actions(NULL, &mask, &err));
    NULL_ARG(amends_complaint_next_actions(c, NULL, &err));
    NULL_ARG(amends_complaint_history_json(NULL, &os, &err));
    NULL_ARG(amends_complaint_history_json(c, NULL, &err));
    NULL_ARG(amends_complaint_breaches(NULL, T0, &os, &err));
    NULL_ARG(amends_complaint_breaches(c, T0, NULL, &err));
    NULL_ARG(amends_complaint_next_deadline(NULL, T0, &os, &err));
    NULL_ARG(amends_complaint_next_deadline(c, T0, NULL, &err));
    NULL_ARG(amends_complaint_to_json(NULL, &os, &err));
    NULL_ARG(amends_complaint_to_json(c, NULL, &err));
    NULL_ARG(amends_complaint_from_json(NULL, &oc, &err));
    NULL_ARG(amends_complaint_from_json(before, NULL, &err));
    NULL_ARG(amends_complaint_replay(NULL, p, &oc, &err));
    NULL_ARG(amends_complaint_replay("[]", p, NULL, &err));
    NULL_ARG(amends_complaint_timeline(NULL, &os, &err));
    NULL_ARG(amends_complaint_timeline(c, NULL, &err));
    NULL_ARG(amends_complaint_new(p, T0, NULL, NULL, "Acme", "Late", NULL, &oc, &err));
    NULL_ARG(amends_complaint_new(p, T0, "tim", NULL, NULL, "Late", NULL, &oc, &err));
    NULL_ARG(amends_complaint_new(p, T0, "tim", NULL, "Acme", NULL, NULL, &oc, &err));
    NULL_ARG(amends_complaint_new(p, T0, "tim", NULL, "Acme", "Late", NULL, NULL, &err));
    NULL_ARG(amends_complaint_new_ex(p, T0, NULL, NULL, "Acme", "Late", NULL, NULL, &oc, &err));
    NULL_ARG(amends_complaint_new_ex(p, T0, "tim", NULL, NULL, "Late", NULL, NULL, &oc, &err));
    NULL_ARG(amends_complaint_new_ex(p, T0, "tim", NULL, "Acme", NULL, NULL, NULL, &oc, &err));
    NULL_ARG(amends_complaint_new_ex(p, T0, "tim", NULL, "Acme", "Late", NULL, NULL, NULL, &err));
    {
        struct amends_open_options options = {0};
        options.value_at_stake = &no_currency;
        NULL_ARG(amends_complaint_new_ex(p, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err));
    }

    /* The typed helpers: the complaint, by_id and every required text. */
    NULL_ARG(amends_complaint_listen(NULL, AT(3), "tim", NULL, "x", &err));
    NULL_ARG(amends_complaint_listen(c, AT(3), NULL, NULL, "x", &err));
    NULL_ARG(amends_complaint_listen(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_restate(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_confirm(NULL, AT(3), "tim", NULL, &err));
    NULL_ARG(amends_complaint_confirm(c, AT(3), NULL, NULL, &err));
    NULL_ARG(amends_complaint_correct(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_thank(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_apologize(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_diagnose(c, AT(3), "tim", NULL, NULL, "logistics", &err));
    NULL_ARG(amends_complaint_diagnose(c, AT(3), "tim", NULL, "cause", NULL, &err));
    NULL_ARG(amends_complaint_ask(NULL, AT(3), "tim", NULL, &err));
    NULL_ARG(amends_complaint_request(c, AT(3), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, NULL, NULL, &err));
    NULL_ARG(amends_complaint_request(c, AT(3), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, "x", &no_currency, &err));
    NULL_ARG(amends_complaint_no_request(NULL, AT(3), "tim", NULL, &err));
    NULL_ARG(amends_complaint_offer(c, AT(3), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, NULL, NULL, NULL, false, &err));
    NULL_ARG(amends_complaint_approve(NULL, AT(3), "tim", NULL, &err));
    NULL_ARG(amends_complaint_agree(NULL, AT(3), "tim", NULL, &err));
    NULL_ARG(amends_complaint_decline(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_suspect_bad_faith(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_stand_firm(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_plan(c, AT(3), "tim", NULL, NULL, AT(60), &task, &err));
    NULL_ARG(amends_complaint_done(NULL, AT(3), "tim", NULL, 1, &err));
    NULL_ARG(amends_complaint_follow_up(NULL, AT(3), "tim", NULL, AMENDS_FOLLOW_UP_RESULT_SATISFIED, NULL, &err));
    NULL_ARG(amends_complaint_prevention(NULL, AT(3), "tim", NULL, AMENDS_PREVENTION_SOURCE_CUSTOMER, NULL, &err));
    NULL_ARG(amends_complaint_escalate(c, AT(3), "tim", NULL, NULL, "reason", &err));
    NULL_ARG(amends_complaint_escalate(c, AT(3), "tim", NULL, "ana", NULL, &err));
    NULL_ARG(amends_complaint_note(c, AT(3), "tim", NULL, NULL, &err));
    NULL_ARG(amends_complaint_close(NULL, AT(3), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, &err));
    NULL_ARG(amends_complaint_reopen(c, AT(3), "tim", NULL, NULL, &err));

    /* Nothing was written to any out-parameter, and the complaint did not change. */
    CHECK(oc == NULL && op == NULL && ov == NULL && os == NULL && mask == 0 && task == 0);
    expect_unchanged(c, before);

    /* err may be NULL: the status alone comes back. */
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_complaint_apply(NULL, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_complaint_to_json(NULL, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_NULL_ARGUMENT, amends_complaint_listen(NULL, AT(3), NULL, NULL, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, "{", NULL));

    /* Accessors and frees take NULL. */
    CHECK(amends_complaint_stage(NULL) == NULL);
    CHECK(amends_complaint_history_len(NULL) == 0);
    CHECK(amends_violations_len(NULL) == 0);
    CHECK(amends_violations_rule(NULL, 0) == NULL);
    CHECK(amends_violations_message(NULL, 0) == NULL);
    CHECK(amends_error_status(NULL) == AMENDS_STATUS_NULL_ARGUMENT);
    CHECK_STR(amends_error_message(NULL), "");
    CHECK(amends_error_rule(NULL) == NULL);
    CHECK(amends_error_field(NULL) == NULL);
    CHECK(!amends_error_event_index(NULL, &index));
    CHECK(!amends_error_event_index(NULL, NULL));
    amends_complaint_free(NULL);
    amends_playbook_free(NULL);
    amends_violations_free(NULL);
    amends_error_free(NULL);
    amends_string_free(NULL);

    /* An error whose index is asked for with a NULL out-parameter. */
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, "{", &err));
    CHECK(!amends_error_event_index(err, NULL));
    CHECK(!amends_error_event_index(err, &index));
    amends_error_free(err);

    amends_string_free(before);
    amends_playbook_free(p);
    amends_complaint_free(c);
}

static const char *const BAD_UTF8[] = {
    "\xff",                 /* never valid */
    "Caf\xc3",              /* truncated sequence */
    "\xc0\xaf",             /* overlong slash */
    "\xed\xa0\x80",         /* a surrogate */
    "\xf4\x90\x80\x80",     /* past U+10FFFF */
    "ok \x80 continuation", /* a stray continuation byte */
};

static void test_invalid_utf8(void) {
    amends_complaint *c = listening();
    amends_complaint *oc = NULL;
    amends_playbook *op = NULL;
    amends_error *err = NULL;
    char *before = snapshot(c);
    char json[256];
    size_t i;
    for (i = 0; i < sizeof BAD_UTF8 / sizeof BAD_UTF8[0]; i++) {
        const char *bad = BAD_UTF8[i];
        amends_money money = {100, bad};
        snprintf(json, sizeof json,
                 "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"%s\"}",
                 bad);
        expect_invalid(amends_complaint_apply(c, json, &err), &err, NULL);
        expect_invalid(amends_complaint_open(json, NULL, &oc, &err), &err, NULL);
        expect_invalid(amends_playbook_preset(bad, &op, &err), &err, NULL);
        expect_invalid(amends_playbook_from_json(bad, &op, &err), &err, NULL);
        expect_invalid(amends_complaint_from_json(bad, &oc, &err), &err, NULL);
        expect_invalid(amends_complaint_replay(bad, NULL, &oc, &err), &err, NULL);
        expect_invalid(amends_complaint_note(c, AT(5), "tim", NULL, bad, &err), &err, "text");
        expect_invalid(amends_complaint_note(c, AT(5), bad, NULL, "x", &err), &err, "by.id");
        expect_invalid(amends_complaint_note(c, AT(5), "tim", bad, "x", &err), &err, "by.role");
        expect_invalid(amends_complaint_new(NULL, T0, "tim", NULL, "Acme", "Late", bad, &oc, &err), &err, "id");
        {
            struct amends_open_options options = {0};
            options.channel = bad;
            expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err),
                           &err, "channel");
            options.channel = NULL;
            options.category = bad;
            expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err),
                           &err, "category");
            options.category = NULL;
            options.value_at_stake = &money;
            expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err),
                           &err, "value_at_stake.currency");
        }
        expect_invalid(amends_complaint_follow_up(c, AT(5), "tim", NULL, AMENDS_FOLLOW_UP_RESULT_SATISFIED, bad, &err),
                       &err, "notes");
        expect_invalid(amends_complaint_request(c, AT(5), "tim", NULL, AMENDS_REMEDY_KIND_CREDIT, "x", &money, &err),
                       &err, "remedy.value.currency");
    }
    CHECK(oc == NULL && op == NULL);
    expect_unchanged(c, before);
    amends_string_free(before);
    amends_complaint_free(c);
}

static const char *const MALFORMED[] = {
    "",
    " ",
    "{",
    "}",
    "{\"action\":",
    "[",
    "null",
    "true",
    "42",
    "-0.5e999",
    "\"listen\"",
    "[]",
    "{}",
    "{'action': 'listen'}",
    "{\"action\": \"listen\",}",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"x\"} trailing",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"x\"}{}",
    "{\"action\": \"note\", \"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, "
    "\"text\": \"x\"}",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"\\ud800\"}",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"\\x41\"}",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"tab\there\"}",
    "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": NaN}",
};

static void test_malformed_json(void) {
    amends_complaint *c = listening();
    amends_complaint *oc = NULL;
    amends_playbook *op = NULL;
    amends_violations *ov = NULL;
    amends_error *err = NULL;
    char *before = snapshot(c);
    size_t i;
    for (i = 0; i < sizeof MALFORMED / sizeof MALFORMED[0]; i++) {
        const char *bad = MALFORMED[i];
        amends_status s;
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, bad, NULL));
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply_expecting(c, bad, 2, NULL));
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_check(c, bad, &ov, NULL));
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_open(bad, NULL, &oc, NULL));
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_from_json(bad, &op, NULL));
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_from_json(bad, &oc, NULL));
        err = NULL;
        s = amends_complaint_replay(bad, NULL, &oc, &err);
        CHECK(s == AMENDS_STATUS_INVALID_INPUT || s == AMENDS_STATUS_REPLAY);
        CHECK(err != NULL && strlen(amends_error_message(err)) > 0);
        amends_error_free(err);
    }
    CHECK(oc == NULL && op == NULL && ov == NULL);
    /* An array holding every field of an action in order is not an action: the error says what
     * was expected. */
    err = NULL;
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT,
                 amends_complaint_apply(c,
                                        "[\"note\", \"2026-03-02T09:05:00Z\", {\"id\": \"tim\"}, null, null, null, "
                                        "null, null, null, null, null, null, null, null, null, null, null, null, "
                                        "null, null, null, null, null, null, null, null, \"x\", null, null, null]",
                                        &err));
    CHECK(err != NULL && amends_error_field(err) == NULL);
    CHECK(err != NULL &&
          strstr(amends_error_message(err), "invalid type: sequence, expected an action object") != NULL);
    amends_error_free(err);
    expect_unchanged(c, before);
    amends_string_free(before);
    amends_complaint_free(c);
}

/* An action with a wrong type, and the field the error must name. */
struct wrong_type {
    const char *json;
    const char *field;
};

#define NOTE_HEAD "\"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}"
static const struct wrong_type WRONG_TYPES[] = {
    {"{\"action\": 5, " NOTE_HEAD ", \"text\": \"x\"}", "action"},
    {"{\"action\": \"shout\", " NOTE_HEAD ", \"text\": \"x\"}", "action"},
    {"{\"action\": \"note\", \"at\": 1772442300, \"by\": {\"id\": \"tim\"}, \"text\": \"x\"}", "at"},
    {"{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00\", \"by\": {\"id\": \"tim\"}, \"text\": \"x\"}", "at"},
    {"{\"action\": \"note\", \"at\": \"yesterday\", \"by\": {\"id\": \"tim\"}, \"text\": \"x\"}", "at"},
    {"{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": \"tim\", \"text\": \"x\"}", "by"},
    {"{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": 5}, \"text\": \"x\"}", "by.id"},
    {"{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\", \"mood\": 1}, \"text\": \"x\"}",
     "by.mood"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": 7}", "text"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": null}", "text"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": [\"x\"]}", "text"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": {\"x\": 1}}", "text"},
    {"{\"action\": \"note\", " NOTE_HEAD "}", "text"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": \"x\", \"mood\": \"angry\"}", "mood"},
    {"{\"action\": \"note\", " NOTE_HEAD ", \"text\": \"x\", \"account\": \"y\"}", "account"},
    {"{\"action\": \"done\", " NOTE_HEAD ", \"task_id\": -1}", "task_id"},
    {"{\"action\": \"done\", " NOTE_HEAD ", \"task_id\": 1.5}", "task_id"},
    {"{\"action\": \"done\", " NOTE_HEAD ", \"task_id\": 4294967296}", "task_id"},
    {"{\"action\": \"done\", " NOTE_HEAD ", \"task_id\": \"1\"}", "task_id"},
    {"{\"action\": \"done\", " NOTE_HEAD ", \"task_id\": 0}", "task_id"},
    {"{\"action\": \"close\", " NOTE_HEAD ", \"outcome\": \"fixed\"}", "outcome"},
    {"{\"action\": \"close\", " NOTE_HEAD ", \"outcome\": 0}", "outcome"},
    {"{\"action\": \"follow_up\", " NOTE_HEAD ", \"result\": true}", "result"},
    {"{\"action\": \"offer\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\"}, "
     "\"too_upset\": \"yes\"}",
     "too_upset"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"gold\", \"description\": \"x\"}}", "remedy.kind"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\", "
     "\"value\": {\"amount\": -5, \"currency\": \"USD\"}}}",
     "remedy.value.amount"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\", "
     "\"value\": {\"amount\": 1.5, \"currency\": \"USD\"}}}",
     "remedy.value.amount"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\", "
     "\"value\": {\"amount\": 18446744073709551616, \"currency\": \"USD\"}}}",
     "remedy.value.amount"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\", "
     "\"value\": {\"amount\": 5, \"currency\": \"usd\"}}}",
     "remedy.value.currency"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": {\"kind\": \"refund\", \"description\": \"x\", "
     "\"value\": {\"amount\": 5, \"currency\": \"EUR\"}}}",
     "remedy.value.currency"},
    {"{\"action\": \"request\", " NOTE_HEAD ", \"remedy\": \"a refund\"}", "remedy"},
    {"{\"action\": \"plan\", " NOTE_HEAD ", \"task\": \"x\", \"due\": \"2026-03-01T09:00:00Z\"}", "due"},
    {"{\"action\": \"listen\", " NOTE_HEAD ", \"account\": \"\"}", "account"},
};

static void test_wrong_types(void) {
    amends_complaint *c = listening();
    amends_error *err = NULL;
    char *before = snapshot(c);
    size_t i;
    for (i = 0; i < sizeof WRONG_TYPES / sizeof WRONG_TYPES[0]; i++) {
        expect_invalid(amends_complaint_apply(c, WRONG_TYPES[i].json, &err), &err, WRONG_TYPES[i].field);
    }
    expect_unchanged(c, before);
    /* A playbook and a stored complaint of the wrong shape. */
    {
        amends_playbook *op = NULL;
        amends_complaint *oc = NULL;
        expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"currency\": 840}", &op, &err), &err,
                       "currency");
        expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_events\": -1}}", &op, &err),
                       &err, "limits.max_events");
        expect_invalid(amends_complaint_from_json("{\"schema\": \"1\"}", &oc, &err), &err, "schema");
        expect_invalid(amends_complaint_replay("{\"seq\": 1}", NULL, &oc, &err), &err, NULL);
        expect_invalid(amends_complaint_replay("[]", NULL, &oc, &err), &err, "history");
        CHECK(op == NULL && oc == NULL);
    }
    amends_string_free(before);
    amends_complaint_free(c);
}

static void test_huge_strings(void) {
    amends_complaint *c = listening();
    amends_complaint *oc = NULL;
    amends_playbook *op = NULL;
    amends_error *err = NULL;
    char *before = snapshot(c);
    char *big = repeat('a', MIB);
    char *nested = repeat('[', MIB);
    char *objects = malloc(MIB + 64);
    char *action = malloc(MIB + 256);
    size_t i;
    if (objects == NULL || action == NULL) {
        abort();
    }
    /* 1 MiB of '[' and then as many ']': a nesting no parser may follow to the end. */
    memset(nested + MIB / 2, ']', MIB / 2);
    /* {"a":{"a":{"a": ... */
    for (i = 0; i + 5 <= MIB; i += 5) {
        memcpy(objects + i, "{\"a\":", 5);
    }
    objects[i] = '\0';

    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, big, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, nested, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, objects, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_open(nested, NULL, &oc, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_from_json(nested, &op, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_from_json(objects, &op, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_from_json(nested, &oc, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_from_json(objects, &oc, NULL));
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_replay(nested, NULL, &oc, NULL));

    /* Well-formed JSON whose text is over the playbook's limit names the field. */
    snprintf(action, MIB + 256,
             "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"%s\"}", big);
    expect_invalid(amends_complaint_apply(c, action, &err), &err, "text");
    expect_invalid(amends_complaint_note(c, AT(5), "tim", NULL, big, &err), &err, "text");
    expect_invalid(amends_complaint_note(c, AT(5), big, NULL, "x", &err), &err, "by.id");
    expect_invalid(amends_complaint_note(c, AT(5), "tim", big, "x", &err), &err, "by.role");
    expect_invalid(amends_complaint_new(NULL, T0, "tim", NULL, big, "Late", NULL, &oc, &err), &err, "customer");
    {
        struct amends_open_options options = {0};
        options.category = big;
        expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err), &err,
                       "category");
    }
    expect_invalid(amends_playbook_preset(big, &op, &err), &err, "base");
    {
        amends_money money = {100, big};
        expect_invalid(amends_complaint_request(c, AT(5), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, "x", &money, &err),
                       &err, "remedy.value.currency");
    }
    /* The error message stays readable: it does not echo a megabyte back. */
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, action, &err));
    CHECK(strlen(amends_error_message(err)) < 1024);
    amends_error_free(err);

    CHECK(oc == NULL && op == NULL);
    expect_unchanged(c, before);
    free(big);
    free(nested);
    free(objects);
    free(action);
    amends_string_free(before);
    amends_complaint_free(c);
}

static void test_numbers(void) {
    amends_complaint *c = listening();
    amends_complaint *oc = NULL;
    amends_error *err = NULL;
    char *os = NULL;
    char *before = snapshot(c);
    uint32_t kinds[] = {7, 99, UINT32_MAX};
    size_t i;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        expect_invalid(amends_complaint_request(c, AT(5), "tim", NULL, kinds[i], "x", NULL, &err), &err, "remedy.kind");
        expect_invalid(amends_complaint_offer(c, AT(5), "tim", NULL, kinds[i], "x", NULL, NULL, false, &err), &err,
                       "remedy.kind");
    }
    expect_invalid(amends_complaint_follow_up(c, AT(5), "tim", NULL, 3, NULL, &err), &err, "result");
    expect_invalid(amends_complaint_follow_up(c, AT(5), "tim", NULL, UINT32_MAX, NULL, &err), &err, "result");
    expect_invalid(amends_complaint_prevention(c, AT(5), "tim", NULL, 2, NULL, &err), &err, "source");
    expect_invalid(amends_complaint_close(c, AT(5), "tim", NULL, 3, NULL, &err), &err, "outcome");
    {
        struct amends_open_options options = {0};
        options.has_severity = true;
        options.severity = 4;
        expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err), &err,
                       "severity");
        options.severity = UINT32_MAX;
        expect_invalid(amends_complaint_new_ex(NULL, T0, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err), &err,
                       "severity");
        options.severity = AMENDS_SEVERITY_LOW;
        expect_invalid(amends_complaint_new_ex(NULL, INT64_MIN, "tim", NULL, "Acme", "Late", NULL, &options, &oc, &err),
                       &err, "at");
    }
    CHECK(amends_preset_name(AMENDS_PRESET_COUNT) == NULL);
    CHECK(amends_preset_name(UINT32_MAX) == NULL);
    expect_invalid(amends_complaint_done(c, AT(5), "tim", NULL, 0, &err), &err, "task_id");
    CHECK(amends_status_name(8) == NULL);
    CHECK(amends_status_name(UINT32_MAX) == NULL);
    CHECK(amends_action_kind_name(AMENDS_ACTION_KIND_COUNT) == NULL);
    CHECK(amends_action_kind_name(UINT32_MAX) == NULL);

    /* Timestamps out of range. */
    expect_invalid(amends_complaint_note(c, INT64_MAX, "tim", NULL, "x", &err), &err, "at");
    expect_invalid(amends_complaint_note(c, INT64_MIN, "tim", NULL, "x", &err), &err, "at");
    expect_invalid(amends_complaint_new(NULL, INT64_MAX, "tim", NULL, "Acme", "Late", NULL, &oc, &err), &err, "at");
    expect_invalid(amends_complaint_breaches(c, INT64_MAX, &os, &err), &err, "now");
    expect_invalid(amends_complaint_next_deadline(c, INT64_MIN, &os, &err), &err, "now");
    /* A due time out of range, and one before the action. */
    expect_invalid(amends_complaint_plan(c, AT(5), "tim", NULL, "x", INT64_MAX, NULL, &err), &err, "due");
    expect_invalid(amends_complaint_plan(c, AT(5), "tim", NULL, "x", AT(4), NULL, &err), &err, "due");
    /* A time before the last event is a rule, not malformed input. */
    err = NULL;
    CHECK_STATUS(AMENDS_STATUS_RULE_VIOLATION, amends_complaint_note(c, AT(1), "tim", NULL, "x", &err));
    CHECK_STR(amends_error_rule(err), "time-order");
    amends_error_free(err);
    /* Any conflict length, however large, is just a conflict. */
    err = NULL;
    CHECK_STATUS(AMENDS_STATUS_CONFLICT, amends_complaint_apply_expecting(c, LISTEN, SIZE_MAX, &err));
    amends_error_free(err);

    CHECK(oc == NULL && os == NULL);
    expect_unchanged(c, before);
    amends_string_free(before);
    amends_complaint_free(c);
}

static void test_limits_and_nul(void) {
    amends_playbook *tiny = NULL;
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    char *text = NULL;
    char *json = NULL;
    char *before;
    int i;
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_events\": 5}}", &tiny, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN, tiny, &c, NULL));
    for (i = 0; i < 4; i++) {
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(i + 1), "tim", NULL, "noted", NULL));
    }
    before = snapshot(c);
    /* The history is full: an input error with no field. */
    expect_invalid(amends_complaint_note(c, AT(9), "tim", NULL, "one too many", &err), &err, NULL);
    expect_unchanged(c, before);
    amends_string_free(before);
    amends_complaint_free(c);
    amends_playbook_free(tiny);

    /*
     * A NUL can reach the library only as \u0000 inside JSON. It is accepted, as in Rust and
     * Python (a complaint stored by any binding loads here): JSON keeps it escaped, so it
     * round-trips; plain text shows U+FFFD in its place, so nothing after it is cut off.
     */
    c = listening();
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_apply(c,
                                        "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": "
                                        "\"t\\u0000m\"}, \"text\": \"before\\u0000after\"}",
                                        NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_timeline(c, &text, NULL));
    CHECK(text != NULL && strstr(text, "before\xef\xbf\xbd" "after") != NULL);
    CHECK(text != NULL && strstr(text, "t\xef\xbf\xbd" "m") != NULL);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(c, &json, NULL));
    CHECK(json != NULL && strstr(json, "before\\u0000after") != NULL);
    CHECK(json != NULL && strstr(json, "\"t\\u0000m\"") != NULL);
    {
        /* Stored and loaded back, it is the same complaint; its history replays. */
        amends_complaint *back = NULL;
        char *again = NULL;
        char *history = NULL;
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_from_json(json, &back, NULL));
        again = snapshot(back);
        CHECK_STR(again, json);
        amends_string_free(again);
        amends_complaint_free(back);
        back = NULL;
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_history_json(c, &history, NULL));
        CHECK(history != NULL && strstr(history, "before\\u0000after") != NULL);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_replay(history, NULL, &back, NULL));
        again = snapshot(back);
        CHECK_STR(again, json);
        amends_string_free(again);
        amends_string_free(history);
        amends_complaint_free(back);
    }
    before = snapshot(c);
    /* In an error, a NUL in an unknown key or value shows as U+FFFD in the field and the message. */
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT,
                 amends_complaint_apply(c,
                                        "{\"action\": \"note\", \"at\": \"2026-03-02T09:06:00Z\", \"by\": {\"id\": "
                                        "\"tim\"}, \"text\": \"x\", \"mo\\u0000od\": 1}",
                                        &err));
    CHECK_STR(amends_error_field(err), "mo\xef\xbf\xbd" "od");
    CHECK(err != NULL && strstr(amends_error_message(err), "mo\xef\xbf\xbd" "od") != NULL);
    amends_error_free(err);
    err = NULL;
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT,
                 amends_complaint_apply(c,
                                        "{\"action\": \"close\", \"at\": \"2026-03-02T09:06:00Z\", \"by\": {\"id\": "
                                        "\"tim\"}, \"outcome\": \"fi\\u0000xed\"}",
                                        &err));
    CHECK_STR(amends_error_field(err), "outcome");
    CHECK(err != NULL && strstr(amends_error_message(err), "fi\xef\xbf\xbd" "xed") != NULL);
    amends_error_free(err);
    err = NULL;
    /* A NUL in a preset's name is just an unknown name. */
    {
        amends_playbook *p = NULL;
        expect_invalid(amends_playbook_from_json("{\"base\": \"strict\\u0000\"}", &p, &err), &err, "base");
        CHECK(p == NULL);
    }
    expect_unchanged(c, before);
    amends_string_free(before);
    amends_string_free(text);
    amends_string_free(json);
    amends_complaint_free(c);
}

/* Strict with `limits` (JSON) over the default limits. */
static amends_playbook *strict_with(const char *limits) {
    char json[256];
    amends_playbook *p = NULL;
    snprintf(json, sizeof json, "{\"base\": \"strict\", \"limits\": %s}", limits);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_from_json(json, &p, NULL));
    return p;
}

/* `text` repeated `n` times, NUL-terminated; free with free(). */
static char *times(const char *text, size_t n) {
    size_t len = strlen(text);
    char *s = malloc(len * n + 1);
    size_t i;
    if (s == NULL) {
        abort();
    }
    for (i = 0; i < n; i++) {
        memcpy(s + i * len, text, len);
    }
    s[len * n] = '\0';
    return s;
}

/* `before`, then `depth` arrays nested in each other, then `after`; free with free(). */
static char *nest(const char *before, size_t depth, const char *after) {
    size_t head = strlen(before);
    char *out = malloc(head + 2 * depth + strlen(after) + 1);
    if (out == NULL) {
        abort();
    }
    memcpy(out, before, head);
    memset(out + head, '[', depth);
    memset(out + head + depth, ']', depth);
    strcpy(out + head + 2 * depth, after);
    return out;
}

/* Every limit of README.md's "Limits", at the C boundary: status, field, nothing changed. */
static void test_limits(void) {
    amends_playbook *small = strict_with("{\"max_text_bytes\": 32}");
    amends_complaint *c = NULL;
    amends_complaint *oc = NULL;
    amends_playbook *op = NULL;
    amends_violations *ov = NULL;
    amends_error *err = NULL;
    char *before;
    char *at_limit = times("x", 32);
    char *over = times("x", 33);
    char *wide = times("\xc3\xa9", 17); /* 17 characters, 34 bytes */
    char action[512];
    uint32_t task_id = 99;
    uint64_t mask = 1;
    size_t index = 0;

    /* max_text_bytes: UTF-8 bytes of every text, on open, typed helpers, JSON and check. */
    expect_invalid(amends_complaint_new(small, T0, "tim", NULL, over, "Late", NULL, &oc, &err), &err, "customer");
    expect_invalid(amends_complaint_new(small, T0, "tim", NULL, "Acme", "Late", over, &oc, &err), &err, "id");
    CHECK(oc == NULL);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_new(small, T0, "tim", NULL, at_limit, "Late", NULL, &c, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(c, AT(1), "tim", NULL, at_limit, NULL));
    before = snapshot(c);
    expect_invalid(amends_complaint_note(c, AT(2), "tim", NULL, over, &err), &err, "text");
    expect_invalid(amends_complaint_note(c, AT(2), "tim", NULL, wide, &err), &err, "text");
    expect_invalid(amends_complaint_note(c, AT(2), over, NULL, "x", &err), &err, "by.id");
    expect_invalid(amends_complaint_note(c, AT(2), "tim", over, "x", &err), &err, "by.role");
    expect_invalid(amends_complaint_request(c, AT(2), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, over, NULL, &err), &err,
                   "remedy.description");
    expect_invalid(amends_complaint_escalate(c, AT(2), "tim", NULL, "sam", over, &err), &err, "reason");
    snprintf(action, sizeof action,
             "{\"action\": \"note\", \"at\": \"2026-03-02T09:02:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"%s\"}", over);
    expect_invalid(amends_complaint_apply(c, action, &err), &err, "text");
    expect_invalid(amends_complaint_apply_expecting(c, action, 2, &err), &err, "text");
    expect_invalid(amends_complaint_check(c, action, &ov, &err), &err, "text");
    CHECK(ov == NULL);
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_apply(c, action, &err));
    CHECK(err != NULL && strstr(amends_error_message(err), "33 bytes long, over the limit of 32") != NULL);
    amends_error_free(err);
    err = NULL;
    expect_unchanged(c, before);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(2), "tim", NULL, at_limit, NULL));
    amends_string_free(before);
    amends_complaint_free(c);
    c = NULL;

    /* max_tasks: every plan counts, done or not; the task id is not written on a refusal. */
    {
        amends_playbook *two = strict_with("{\"max_tasks\": 2}");
        amends_money ten = {1000, "USD"};
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN, two, &c, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(c, AT(1), "tim", NULL, "Late.", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_thank(c, AT(2), "tim", NULL, "Thank you for telling us.", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apologize(c, AT(3), "tim", NULL, "I am sorry.", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_diagnose(c, AT(4), "tim", NULL, "Wrong week", "logistics", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_restate(c, AT(5), "tim", NULL, "It came late.", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_confirm(c, AT(6), "tim", NULL, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_ask(c, AT(7), "tim", NULL, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK,
                     amends_complaint_request(c, AT(8), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, "Refund", &ten, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_agree(c, AT(9), "tim", NULL, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_plan(c, AT(10), "tim", NULL, "One", AT(60), &task_id, NULL));
        CHECK(task_id == 1);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_plan(c, AT(11), "tim", NULL, "Two", AT(60), &task_id, NULL));
        CHECK(task_id == 2);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_done(c, AT(12), "tim", NULL, 1, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_done(c, AT(13), "tim", NULL, 2, NULL));
        CHECK_STR(amends_complaint_stage(c), "following_up");
        before = snapshot(c);
        task_id = 99;
        expect_invalid(amends_complaint_plan(c, AT(14), "tim", NULL, "Three", AT(60), &task_id, &err), &err, "task");
        CHECK(task_id == 99);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_actions(c, &mask, NULL));
        CHECK((mask & ((uint64_t)1 << AMENDS_ACTION_KIND_PLAN)) == 0);
        expect_unchanged(c, before);
        amends_string_free(before);
        amends_complaint_free(c);
        amends_playbook_free(two);
        c = NULL;
    }

    /* max_events: the open counts; a full history is refused with no field, by every door. */
    {
        amends_playbook *four = strict_with("{\"max_events\": 4}");
        char *history = NULL;
        char *stored = NULL;
        char *edited = NULL;
        char *at;
        c = listening();
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(3), "tim", NULL, "one", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(4), "tim", NULL, "two", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(5), "tim", NULL, "three", NULL));
        CHECK(amends_complaint_history_len(c) == 5);
        /* Five events do not replay under a playbook that allows four: event 4 is refused. */
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_history_json(c, &history, NULL));
        CHECK_STATUS(AMENDS_STATUS_REPLAY, amends_complaint_replay(history, four, &oc, &err));
        CHECK(amends_error_event_index(err, &index) && index == 4);
        CHECK(amends_error_field(err) == NULL && amends_error_rule(err) == NULL);
        CHECK(strstr(amends_error_message(err), "the history is full") != NULL);
        amends_error_free(err);
        err = NULL;
        /* The same from stored JSON whose playbook allows four. */
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(c, &stored, NULL));
        at = strstr(stored, "\"max_events\":10000");
        CHECK(at != NULL);
        if (at != NULL) {
            edited = malloc(strlen(stored) + 1);
            if (edited == NULL) {
                abort();
            }
            memcpy(edited, stored, (size_t)(at - stored));
            strcpy(edited + (at - stored), "\"max_events\":4");
            strcat(edited, at + strlen("\"max_events\":10000"));
            CHECK_STATUS(AMENDS_STATUS_REPLAY, amends_complaint_from_json(edited, &oc, &err));
            CHECK(amends_error_event_index(err, &index) && index == 4);
            CHECK(amends_error_field(err) == NULL);
            amends_error_free(err);
            err = NULL;
            free(edited);
        }
        CHECK(oc == NULL);
        amends_string_free(stored);
        amends_string_free(history);
        amends_complaint_free(c);

        /* Full: check, apply_expecting and the typed helpers all refuse; nothing is offered. */
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN, four, &c, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apply(c, LISTEN, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(3), "tim", NULL, "one", NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(c, AT(4), "tim", NULL, "two", NULL));
        before = snapshot(c);
        snprintf(action, sizeof action,
                 "{\"action\": \"note\", \"at\": \"2026-03-02T09:05:00Z\", \"by\": {\"id\": \"tim\"}, \"text\": \"x\"}");
        expect_invalid(amends_complaint_check(c, action, &ov, &err), &err, NULL);
        expect_invalid(amends_complaint_apply_expecting(c, action, 4, &err), &err, NULL);
        expect_invalid(amends_complaint_close(c, AT(5), "tim", NULL, AMENDS_OUTCOME_WITHDRAWN, NULL, &err), &err, NULL);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_actions(c, &mask, NULL));
        CHECK(mask == 0);
        CHECK(ov == NULL);
        expect_unchanged(c, before);
        amends_string_free(before);
        amends_complaint_free(c);
        amends_playbook_free(four);
        c = NULL;
    }

    /* The limits themselves: at least 1; the counts fit 32 bits; unknown limits are refused. */
    expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_text_bytes\": 0}}", &op, &err),
                   &err, "limits.max_text_bytes");
    expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_tasks\": 0}}", &op, &err), &err,
                   "limits.max_tasks");
    expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_events\": 4294967296}}", &op, &err),
                   &err, "limits.max_events");
    expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_tasks\": 4294967296}}", &op, &err),
                   &err, "limits.max_tasks");
    expect_invalid(amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_rounds\": 3}}", &op, &err), &err,
                   "limits.max_rounds");
    CHECK(op == NULL);
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_playbook_from_json("{\"base\": \"strict\", \"limits\": {\"max_events\": 4294967295}}", &op, NULL));
    amends_playbook_free(op);
    op = NULL;

    /* JSON nests at most 127 levels, the outer object included: 127 are read (and refused for
     * their shape, naming the field), 128 are malformed JSON with no field. */
    {
        char *ok = nest("{\"base\": \"strict\", \"name\": ", 126, "}");
        char *deep = nest("{\"base\": \"strict\", \"name\": ", 127, "}");
        char *stored = nest("{\"schema\": 1, \"stage\": ", 127, "}");
        expect_invalid(amends_playbook_from_json(ok, &op, &err), &err, "name");
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_from_json(deep, &op, &err));
        CHECK(amends_error_field(err) == NULL);
        CHECK(err != NULL && strstr(amends_error_message(err), "recursion limit exceeded") != NULL);
        amends_error_free(err);
        err = NULL;
        CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_from_json(stored, &oc, &err));
        CHECK(amends_error_field(err) == NULL);
        CHECK(err != NULL && strstr(amends_error_message(err), "recursion limit exceeded") != NULL);
        amends_error_free(err);
        err = NULL;
        CHECK(op == NULL && oc == NULL);
        free(ok);
        free(deep);
        free(stored);
    }

    amends_playbook_free(small);
    free(at_limit);
    free(over);
    free(wide);
}

int main(void) {
    test_null_arguments();
    test_invalid_utf8();
    test_malformed_json();
    test_wrong_types();
    test_huge_strings();
    test_numbers();
    test_limits_and_nul();
    test_limits();
    return finish("hostile");
}
