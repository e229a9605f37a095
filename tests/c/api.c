/*
 * The C ABI end to end: the canonical scenario through the typed helpers and through JSON (the
 * two must record the same history), check, next actions, deadlines, optimistic concurrency,
 * storing and replaying, the timeline, errors and ownership.
 */
#include "check.h"

#include <inttypes.h>

static const char *const LISTEN = "The demo units came two days after the trade show, so Acme lost a sale.";
static const char *const RESTATE = "Our delivery missed the show and you lost the sale you were counting on.";
static const char *const THANK = "Thank you for coming straight to me with this.";
static const char *const APOLOGY = "I am sorry the late delivery cost you that sale.";
static const char *const CAUSE = "The courier pickup was booked for the wrong week";
static const char *const REMEDY = "Refund the shipping and rush the next delivery free";
static const char *const TASK = "Refund the shipping charge";
static const char *const IDEA = "Send a shipping confirmation with a tracking link";

/* The status is `want`, and the error names `rule` and `field` (NULL: none); frees the error. */
static void expect_error(amends_status got, amends_error **errp, amends_status want, const char *rule,
                         const char *field) {
    amends_error *err = *errp;
    *errp = NULL;
    CHECK(got == want);
    CHECK(err != NULL);
    if (err == NULL) {
        return;
    }
    CHECK(amends_error_status(err) == want);
    CHECK_STR(amends_error_rule(err), rule);
    CHECK_STR(amends_error_field(err), field);
    CHECK(strlen(amends_error_message(err)) > 0);
    amends_error_free(err);
}

static char *to_json(const amends_complaint *c) {
    char *json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(c, &json, NULL));
    return json;
}

/* The canonical scenario through the typed helpers, checking the stage after every step. */
static amends_complaint *walk_typed(const amends_playbook *playbook) {
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    uint32_t task = 0;
    amends_money value = {4000, "USD"};

    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_new(playbook, AT(0), "tim", NULL, "Acme Ltd",
                                                        "Demo units arrived late", "C-1042", &c, NULL));
    CHECK_STR(amends_complaint_stage(c), "open");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(c, AT(2), "tim", NULL, LISTEN, NULL));
    CHECK_STR(amends_complaint_stage(c), "listening");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_restate(c, AT(12), "tim", NULL, RESTATE, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_confirm(c, AT(13), "tim", NULL, NULL));
    CHECK_STR(amends_complaint_stage(c), "understood");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_thank(c, AT(14), "tim", NULL, THANK, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apologize(c, AT(15), "tim", NULL, APOLOGY, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_diagnose(c, AT(20), "tim", NULL, CAUSE, "logistics", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_ask(c, AT(21), "tim", NULL, NULL));
    CHECK_STR(amends_complaint_stage(c), "resolving");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_request(c, AT(25), "tim", NULL, AMENDS_REMEDY_KIND_REFUND,
                                                            REMEDY, &value, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_agree(c, AT(30), "tim", NULL, NULL));
    CHECK_STR(amends_complaint_stage(c), "agreed");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_plan(c, AT(31), "tim", NULL, TASK, AT(24 * 60), &task, NULL));
    CHECK(task == 1);
    CHECK_STR(amends_complaint_stage(c), "acting");
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_done(c, AT(7 * 60), "tim", NULL, task, NULL));
    CHECK_STR(amends_complaint_stage(c), "following_up");
    /* Closing before the follow-up is refused and changes nothing. */
    expect_error(amends_complaint_close(c, AT(7 * 60 + 5), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, &err), &err,
                 AMENDS_STATUS_RULE_VIOLATION, "follow-up-before-close", NULL);
    CHECK(amends_complaint_history_len(c) == 12);
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_follow_up(c, AT(2 * 24 * 60), "tim", NULL,
                                                              AMENDS_FOLLOW_UP_RESULT_SATISFIED, NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_prevention(c, AT(2 * 24 * 60 + 10), "tim", NULL,
                                                               AMENDS_PREVENTION_SOURCE_CUSTOMER, IDEA, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_close(c, AT(2 * 24 * 60 + 15), "tim", NULL,
                                                          AMENDS_OUTCOME_RESOLVED, NULL, NULL));
    CHECK_STR(amends_complaint_stage(c), "closed");
    CHECK(amends_complaint_history_len(c) == 15);
    return c;
}

#define BY "\"by\": {\"id\": \"tim\"}"

static const char *const OPEN_JSON =
    "{\"action\": \"open\", \"at\": \"2026-03-02T09:00:00Z\", " BY
    ", \"customer\": \"Acme Ltd\", \"summary\": \"Demo units arrived late\", \"id\": \"C-1042\"}";

/* The same scenario as JSON text, with one timestamp in another offset (stored in UTC). */
static const char *const STEPS_JSON[] = {
    "{\"action\": \"listen\", \"at\": \"2026-03-02T10:02:00+01:00\", " BY
    ", \"account\": \"The demo units came two days after the trade show, so Acme lost a sale.\"}",
    "{\"action\": \"restate\", \"at\": \"2026-03-02T09:12:00Z\", " BY
    ", \"summary\": \"Our delivery missed the show and you lost the sale you were counting on.\"}",
    "{\"action\": \"confirm\", \"at\": \"2026-03-02T09:13:00Z\", " BY "}",
    "{\"action\": \"thank\", \"at\": \"2026-03-02T09:14:00Z\", " BY
    ", \"statement\": \"Thank you for coming straight to me with this.\"}",
    "{\"action\": \"apologize\", \"at\": \"2026-03-02T09:15:00Z\", " BY
    ", \"statement\": \"I am sorry the late delivery cost you that sale.\"}",
    "{\"action\": \"diagnose\", \"at\": \"2026-03-02T09:20:00Z\", " BY
    ", \"root_cause\": \"The courier pickup was booked for the wrong week\", \"category\": \"logistics\"}",
    "{\"action\": \"ask\", \"at\": \"2026-03-02T09:21:00Z\", " BY "}",
    "{\"action\": \"request\", \"at\": \"2026-03-02T09:25:00Z\", " BY
    ", \"remedy\": {\"kind\": \"refund\", \"value\": {\"amount\": 4000, \"currency\": \"USD\"}, "
    "\"description\": \"Refund the shipping and rush the next delivery free\"}}",
    "{\"action\": \"agree\", \"at\": \"2026-03-02T09:30:00Z\", " BY "}",
    "{\"action\": \"plan\", \"at\": \"2026-03-02T09:31:00Z\", " BY
    ", \"task\": \"Refund the shipping charge\", \"due\": \"2026-03-03T09:00:00Z\"}",
    "{\"action\": \"done\", \"at\": \"2026-03-02T16:00:00Z\", " BY ", \"task_id\": 1}",
    "{\"action\": \"close\", \"at\": \"2026-03-02T16:05:00Z\", " BY ", \"outcome\": \"resolved\"}",
    "{\"action\": \"follow_up\", \"at\": \"2026-03-04T09:00:00Z\", " BY ", \"result\": \"satisfied\"}",
    "{\"action\": \"prevention\", \"at\": \"2026-03-04T09:10:00Z\", " BY
    ", \"source\": \"customer\", \"idea\": \"Send a shipping confirmation with a tracking link\"}",
    "{\"action\": \"close\", \"at\": \"2026-03-04T09:15:00Z\", " BY ", \"outcome\": \"resolved\"}",
};
#define REFUSED_STEP 11

static amends_complaint *walk_json(const amends_playbook *playbook) {
    amends_complaint *c = NULL;
    size_t i;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, playbook, &c, NULL));
    for (i = 0; i < sizeof STEPS_JSON / sizeof STEPS_JSON[0]; i++) {
        amends_error *err = NULL;
        amends_status status = amends_complaint_apply(c, STEPS_JSON[i], &err);
        if (i == REFUSED_STEP) {
            expect_error(status, &err, AMENDS_STATUS_RULE_VIOLATION, "follow-up-before-close", NULL);
        } else {
            CHECK(status == AMENDS_STATUS_OK);
            if (status != AMENDS_STATUS_OK) {
                fprintf(stderr, "step %zu: %s\n", i, amends_error_message(err));
                amends_error_free(err);
            }
        }
    }
    return c;
}

static void test_version(void) {
    CHECK_STR(amends_version(), AMENDS_VERSION);
    CHECK(AMENDS_VERSION_MAJOR >= 0 && AMENDS_VERSION_MINOR >= 0 && AMENDS_VERSION_PATCH >= 0);
    CHECK_STR(amends_status_name(AMENDS_STATUS_OK), "ok");
    CHECK_STR(amends_status_name(AMENDS_STATUS_RULE_VIOLATION), "rule_violation");
    CHECK_STR(amends_status_name(AMENDS_STATUS_INVALID_INPUT), "invalid_input");
    CHECK_STR(amends_status_name(AMENDS_STATUS_NULL_ARGUMENT), "null_argument");
    CHECK_STR(amends_status_name(AMENDS_STATUS_CONFLICT), "conflict");
    CHECK_STR(amends_status_name(AMENDS_STATUS_PANIC), "panic");
    CHECK_STR(amends_status_name(AMENDS_STATUS_REPLAY), "replay");
    CHECK(AMENDS_STATUS_OK == 0 && AMENDS_STATUS_RULE_VIOLATION == 1 && AMENDS_STATUS_INVALID_INPUT == 2 &&
          AMENDS_STATUS_NULL_ARGUMENT == 3 && AMENDS_STATUS_CONFLICT == 4 && AMENDS_STATUS_PANIC == 5);
    CHECK_STR(amends_action_kind_name(AMENDS_ACTION_KIND_FOLLOW_UP), "follow_up");
    CHECK_STR(amends_action_kind_name(AMENDS_ACTION_KIND_COUNT - 1), "reopen");
    CHECK(amends_action_kind_name(AMENDS_ACTION_KIND_COUNT) == NULL);
}

static void test_playbooks(void) {
    amends_playbook *p = NULL, *q = NULL;
    amends_error *err = NULL;
    char *a = NULL, *b = NULL;
    uint32_t i;
    /* Every preset, by the names the library gives its numbers. */
    CHECK_STR(amends_preset_name(AMENDS_PRESET_STRICT), "strict");
    CHECK_STR(amends_preset_name(AMENDS_PRESET_THINK_FIRST), "think_first");
    CHECK(amends_preset_name(AMENDS_PRESET_COUNT) == NULL);
    CHECK(amends_preset_name(UINT32_MAX) == NULL);
    for (i = 0; i < AMENDS_PRESET_COUNT; i++) {
        const char *name = amends_preset_name(i);
        CHECK(name != NULL);
        CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset(name, &p, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_to_json(p, &a, NULL));
        CHECK(a != NULL && name != NULL && strstr(a, name) != NULL);
        /* Saving writes every field, so it loads back equal. */
        CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_from_json(a, &q, NULL));
        CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_to_json(q, &b, NULL));
        CHECK_STR(a, b);
        amends_string_free(a);
        amends_string_free(b);
        amends_playbook_free(p);
        amends_playbook_free(q);
        p = q = NULL;
    }
    /* An unknown name is refused, and the message lists the names there are. */
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_playbook_preset("lenient", &p, &err));
    CHECK(err != NULL && strstr(amends_error_message(err), "active_listening") != NULL);
    amends_error_free(err);
    err = NULL;
    expect_error(amends_playbook_preset("lenient", &p, &err), &err, AMENDS_STATUS_INVALID_INPUT, NULL, "base");
    CHECK(p == NULL);
    err = NULL;
    expect_error(amends_playbook_from_json("{\"base\": \"strict\", \"rules\": {\"be-nice\": false}}", &p, &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, NULL, "rules.be-nice");
    CHECK(p == NULL);
}

/* Typed helpers and JSON record the same history; the playbook handle may go before the complaint. */
static void test_canonical(void) {
    amends_playbook *strict = NULL;
    amends_complaint *typed, *json;
    char *a, *b;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset("strict", &strict, NULL));
    typed = walk_typed(strict);
    json = walk_json(NULL);
    amends_playbook_free(strict);
    a = to_json(typed);
    b = to_json(json);
    CHECK_STR(a, b);
    CHECK(a != NULL && strstr(a, "\"at\":\"2026-03-02T09:02:00Z\"") != NULL);
    CHECK(a != NULL && strstr(a, "\"task_id\":1") != NULL);
    /* The complaint still works after its playbook handle was freed. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_note(typed, AT(3 * 24 * 60), "tim", NULL, "Filed.", NULL));
    CHECK(amends_complaint_history_len(typed) == 16);
    amends_string_free(a);
    amends_string_free(b);
    amends_complaint_free(typed);
    amends_complaint_free(json);
}

/* The typed helpers' optional fields and roles record what the same JSON records. */
static void test_typed_optional_fields(void) {
    static const char *const steps[] = {
        "{\"action\": \"listen\", \"at\": \"2026-03-02T09:02:00Z\", " BY ", \"account\": \"Late again.\"}",
        "{\"action\": \"diagnose\", \"at\": \"2026-03-02T09:03:00Z\", " BY
        ", \"root_cause\": \"Wrong week\", \"category\": \"logistics\"}",
        "{\"action\": \"apologize\", \"at\": \"2026-03-02T09:04:00Z\", " BY ", \"statement\": \"I am sorry.\"}",
        "{\"action\": \"offer\", \"at\": \"2026-03-02T09:05:00Z\", " BY
        ", \"remedy\": {\"kind\": \"credit\", \"value\": {\"amount\": 1000, \"currency\": \"USD\"}, "
        "\"description\": \"A credit note\"}, \"reason\": \"Too upset to be asked\", \"too_upset\": true}",
        "{\"action\": \"agree\", \"at\": \"2026-03-02T09:06:00Z\", \"by\": {\"id\": \"ana\", \"role\": "
        "\"supervisor\"}}",
        "{\"action\": \"plan\", \"at\": \"2026-03-02T09:07:00Z\", " BY
        ", \"task\": \"Apply the credit\", \"due\": \"2026-03-02T10:00:00Z\"}",
        "{\"action\": \"done\", \"at\": \"2026-03-02T09:08:00Z\", " BY ", \"task_id\": 1}",
        "{\"action\": \"follow_up\", \"at\": \"2026-03-02T09:09:00Z\", " BY
        ", \"result\": \"satisfied\", \"notes\": \"Happy now.\"}",
        "{\"action\": \"close\", \"at\": \"2026-03-02T09:10:00Z\", " BY
        ", \"outcome\": \"resolved\", \"reason\": \"Credit applied\"}",
    };
    amends_playbook *think_first = NULL;
    amends_complaint *typed = NULL, *json = NULL;
    amends_money credit = {1000, "USD"};
    uint32_t task = 0;
    size_t i;
    char *a, *b;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset("think_first", &think_first, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, think_first, &json, NULL));
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apply(json, steps[i], NULL));
    }
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_new(think_first, AT(0), "tim", NULL, "Acme Ltd",
                                                        "Demo units arrived late", "C-1042", &typed, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(typed, AT(2), "tim", NULL, "Late again.", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_diagnose(typed, AT(3), "tim", "agent", "Wrong week", "logistics", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apologize(typed, AT(4), "tim", NULL, "I am sorry.", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_offer(typed, AT(5), "tim", NULL, AMENDS_REMEDY_KIND_CREDIT,
                                                          "A credit note", &credit, "Too upset to be asked", true,
                                                          NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_agree(typed, AT(6), "ana", "supervisor", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_plan(typed, AT(7), "tim", NULL, "Apply the credit", AT(60), &task, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_done(typed, AT(8), "tim", NULL, task, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_follow_up(typed, AT(9), "tim", NULL,
                                                              AMENDS_FOLLOW_UP_RESULT_SATISFIED, "Happy now.", NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_close(typed, AT(10), "tim", NULL, AMENDS_OUTCOME_RESOLVED,
                                                          "Credit applied", NULL));
    a = to_json(typed);
    b = to_json(json);
    CHECK_STR(a, b);
    CHECK(a != NULL && strstr(a, "\"too_upset\":true") != NULL && strstr(a, "\"notes\":\"Happy now.\"") != NULL);
    CHECK(a != NULL && strstr(a, "\"reason\":\"Credit applied\"") != NULL);
    CHECK(a != NULL && strstr(a, "\"role\":\"supervisor\"") != NULL);
    amends_string_free(a);
    amends_string_free(b);
    amends_complaint_free(typed);
    amends_complaint_free(json);
    amends_playbook_free(think_first);
}

/* amends_complaint_new_ex records the optional fields of `open` as the same JSON does. */
static void test_open_options(void) {
    static const char *const open_json =
        "{\"action\": \"open\", \"at\": \"2026-03-02T09:00:00Z\", \"by\": {\"id\": \"sam\", \"role\": "
        "\"supervisor\"}, \"customer\": \"Jo Bloggs\", \"summary\": \"Kettle stopped working\", \"id\": "
        "\"R-17\", \"channel\": \"in_person\", \"severity\": \"high\", \"category\": \"appliances\", "
        "\"value_at_stake\": {\"amount\": 2999, \"currency\": \"USD\"}}";
    amends_money price = {2999, "USD"};
    struct amends_open_options options = {0};
    struct amends_open_options none = {0};
    amends_complaint *typed = NULL, *json = NULL, *plain = NULL, *bare = NULL;
    amends_error *err = NULL;
    char *a, *b;

    options.channel = "in_person";
    options.has_severity = true;
    options.severity = AMENDS_SEVERITY_HIGH;
    options.category = "appliances";
    options.value_at_stake = &price;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_new_ex(NULL, AT(0), "sam", "supervisor", "Jo Bloggs",
                                                           "Kettle stopped working", "R-17", &options, &typed, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(open_json, NULL, &json, NULL));
    a = to_json(typed);
    b = to_json(json);
    CHECK_STR(a, b);
    CHECK(a != NULL && strstr(a, "\"severity\":\"high\"") != NULL);
    CHECK(a != NULL && strstr(a, "\"value_at_stake\":{\"amount\":2999,\"currency\":\"USD\"}") != NULL);
    amends_string_free(a);
    amends_string_free(b);

    /* NULL options and zero-initialised options both record none: what amends_complaint_new does. */
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_new(NULL, AT(0), "sam", NULL, "Jo Bloggs", "Kettle", NULL, &plain, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_new_ex(NULL, AT(0), "sam", NULL, "Jo Bloggs", "Kettle", NULL, NULL, &bare, NULL));
    a = to_json(plain);
    b = to_json(bare);
    CHECK_STR(a, b);
    CHECK(a != NULL && strstr(a, "severity") == NULL && strstr(a, "channel") == NULL);
    amends_string_free(b);
    amends_complaint_free(bare);
    bare = NULL;
    /* A severity is read only when has_severity says so. */
    none.severity = 99;
    CHECK_STATUS(AMENDS_STATUS_OK,
                 amends_complaint_new_ex(NULL, AT(0), "sam", NULL, "Jo Bloggs", "Kettle", NULL, &none, &bare, NULL));
    b = to_json(bare);
    CHECK_STR(a, b);
    amends_string_free(a);
    amends_string_free(b);

    /* A refused option names its field, and nothing is made. */
    amends_complaint_free(bare);
    bare = NULL;
    options.value_at_stake = NULL;
    options.severity = AMENDS_SEVERITY_CRITICAL + 1;
    expect_error(amends_complaint_new_ex(NULL, AT(0), "sam", NULL, "Jo", "Kettle", NULL, &options, &bare, &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, NULL, "severity");
    err = NULL;
    options.severity = AMENDS_SEVERITY_LOW;
    {
        amends_money euros = {100, "EUR"};
        options.value_at_stake = &euros;
        expect_error(amends_complaint_new_ex(NULL, AT(0), "sam", NULL, "Jo", "Kettle", NULL, &options, &bare, &err),
                     &err, AMENDS_STATUS_INVALID_INPUT, NULL, "value_at_stake.currency");
        err = NULL;
        options.value_at_stake = NULL;
    }
    options.channel = "";
    expect_error(amends_complaint_new_ex(NULL, AT(0), "sam", NULL, "Jo", "Kettle", NULL, &options, &bare, &err), &err,
                 AMENDS_STATUS_INVALID_INPUT, NULL, "channel");
    CHECK(bare == NULL);

    amends_complaint_free(plain);
    amends_complaint_free(typed);
    amends_complaint_free(json);
}

static void test_check_and_next_actions(void) {
    amends_complaint *c = NULL;
    amends_violations *v = NULL;
    amends_error *err = NULL;
    uint64_t mask = 0;
    char *before, *after;
    const char *close = "{\"action\": \"close\", \"at\": \"2026-03-02T09:05:00Z\", " BY ", \"outcome\": \"resolved\"}";
    const char *offer = "{\"action\": \"offer\", \"at\": \"2026-03-02T09:05:00Z\", " BY
                        ", \"remedy\": {\"kind\": \"credit\", \"description\": \"A credit note\"}}";

    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, NULL, &c, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_actions(c, &mask, NULL));
    CHECK((mask & (UINT64_C(1) << AMENDS_ACTION_KIND_LISTEN)) != 0);
    CHECK((mask & (UINT64_C(1) << AMENDS_ACTION_KIND_NOTE)) != 0);
    CHECK((mask & (UINT64_C(1) << AMENDS_ACTION_KIND_ASK)) == 0);
    CHECK((mask & (UINT64_C(1) << AMENDS_ACTION_KIND_OPEN)) == 0);
    CHECK((mask >> AMENDS_ACTION_KIND_COUNT) == 0);

    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(c, AT(2), "tim", NULL, LISTEN, NULL));
    before = to_json(c);
    /* "Why not?": every unmet rule, the first being the one apply refuses by. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_check(c, offer, &v, NULL));
    CHECK(amends_violations_len(v) >= 2);
    CHECK_STR(amends_violations_rule(v, 0), "restate-before-resolving");
    CHECK(amends_violations_message(v, 0) != NULL && strlen(amends_violations_message(v, 0)) > 0);
    CHECK(amends_violations_rule(v, amends_violations_len(v)) == NULL);
    CHECK(amends_violations_message(v, amends_violations_len(v)) == NULL);
    expect_error(amends_complaint_apply(c, offer, &err), &err, AMENDS_STATUS_RULE_VIOLATION,
                 amends_violations_rule(v, 0), NULL);
    amends_violations_free(v);
    v = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_check(c, close, &v, NULL));
    CHECK(amends_violations_len(v) >= 1);
    CHECK_STR(amends_violations_rule(v, 0), "follow-up-before-close");
    amends_violations_free(v);
    v = NULL;
    /* A well-formed, allowed action has no violations. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_check(c, STEPS_JSON[1], &v, NULL));
    CHECK(amends_violations_len(v) == 0);
    amends_violations_free(v);
    v = NULL;
    /* Malformed input is an input error, as in apply. */
    err = NULL;
    expect_error(amends_complaint_check(c, "{\"action\": \"close\"}", &v, &err), &err, AMENDS_STATUS_INVALID_INPUT,
                 NULL, "at");
    CHECK(v == NULL);
    after = to_json(c);
    CHECK_STR(before, after);
    amends_string_free(before);
    amends_string_free(after);
    amends_complaint_free(c);
}

static void test_deadlines(void) {
    amends_complaint *c = NULL;
    char *json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, NULL, &c, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_deadline(c, AT(1), &json, NULL));
    CHECK(json != NULL && strstr(json, "\"deadline\":\"first_response\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"due\":\"2026-03-02T13:00:00Z\"") != NULL);
    amends_string_free(json);
    json = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_breaches(c, AT(1), &json, NULL));
    CHECK_STR(json, "[]");
    amends_string_free(json);
    json = NULL;
    /* Five hours without a listen: the first response is an hour late. */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_breaches(c, AT(5 * 60), &json, NULL));
    CHECK(json != NULL && strstr(json, "\"deadline\":\"first_response\"") != NULL);
    CHECK(json != NULL && strstr(json, "\"late_by_seconds\":3600") != NULL);
    amends_string_free(json);
    amends_complaint_free(c);

    /* A closed case has no deadline ahead: *out is NULL. */
    c = walk_json(NULL);
    json = (char *)"untouched";
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_deadline(c, AT(3 * 24 * 60), &json, NULL));
    CHECK(json == NULL);
    amends_complaint_free(c);
}

static void test_conflict(void) {
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    size_t len;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, NULL, &c, NULL));
    len = amends_complaint_history_len(c);
    CHECK(len == 1);
    /* Another agent records the listen first... */
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apply_expecting(c, STEPS_JSON[0], len, NULL));
    /* ...so a stale caller gets a conflict and changes nothing. */
    expect_error(amends_complaint_apply_expecting(c, STEPS_JSON[0], len, &err), &err, AMENDS_STATUS_CONFLICT, NULL,
                 NULL);
    CHECK(amends_complaint_history_len(c) == 2);
    amends_complaint_free(c);
}

/* Replaces the first occurrence of `from` in `text` by `to` (same length), in place. */
static int tamper(char *text, const char *from, const char *to) {
    char *at = strstr(text, from);
    if (at == NULL || strlen(from) != strlen(to)) {
        return 0;
    }
    memcpy(at, to, strlen(to));
    return 1;
}

static void test_store_and_replay(void) {
    amends_complaint *c = walk_json(NULL);
    amends_complaint *back = NULL;
    amends_playbook *strict = NULL;
    amends_error *err = NULL;
    char *json = to_json(c);
    char *history = NULL;
    char *again;
    size_t index = 99;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_from_json(json, &back, NULL));
    again = to_json(back);
    CHECK_STR(json, again);
    amends_string_free(again);
    amends_complaint_free(back);
    back = NULL;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_history_json(c, &history, NULL));
    CHECK(history != NULL && history[0] == '[');
    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset("strict", &strict, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_replay(history, strict, &back, NULL));
    again = to_json(back);
    CHECK_STR(json, again);
    amends_string_free(again);
    amends_complaint_free(back);
    back = NULL;

    /* An edited history is refused, naming the event. */
    CHECK(tamper(history, "\"seq\":3,", "\"seq\":9,"));
    expect_error(amends_complaint_replay(history, strict, &back, &err), &err, AMENDS_STATUS_REPLAY, NULL, "seq");
    CHECK(back == NULL);
    err = NULL;
    CHECK(tamper(json, "\"action\":\"thank\"", "\"action\":\"note\" "));
    {
        amends_status s = amends_complaint_from_json(json, &back, &err);
        CHECK(s == AMENDS_STATUS_REPLAY);
        CHECK(amends_error_event_index(err, &index));
        CHECK(index == 4);
        amends_error_free(err);
        err = NULL;
    }
    CHECK(back == NULL);
    /* A history that skips the listen is refused by the rule it breaks. */
    {
        const char *skipped =
            "[{\"action\":\"open\",\"at\":\"2026-03-02T09:00:00Z\",\"by\":{\"id\":\"tim\",\"role\":\"agent\"},"
            "\"customer\":\"Acme Ltd\",\"summary\":\"Demo units arrived late\",\"seq\":1,\"stage\":\"open\"},"
            "{\"action\":\"ask\",\"at\":\"2026-03-02T09:01:00Z\",\"by\":{\"id\":\"tim\",\"role\":\"agent\"},"
            "\"seq\":2,\"stage\":\"resolving\"}]";
        amends_status s = amends_complaint_replay(skipped, NULL, &back, &err);
        CHECK(s == AMENDS_STATUS_REPLAY);
        CHECK(amends_error_status(err) == AMENDS_STATUS_REPLAY);
        CHECK_STR(amends_error_rule(err), "listen-first");
        CHECK(amends_error_field(err) == NULL);
        CHECK(amends_error_event_index(err, &index) && index == 1);
        amends_error_free(err);
        err = NULL;
    }
    /* A malformed event is refused naming its index and field, and no rule. */
    {
        const char *malformed =
            "[{\"action\":\"open\",\"at\":\"2026-03-02T09:00:00Z\",\"by\":{\"id\":\"tim\",\"role\":\"agent\"},"
            "\"customer\":\"Acme Ltd\",\"summary\":\"Demo units arrived late\",\"seq\":1,\"stage\":\"open\"},"
            "{\"action\":\"listen\",\"at\":\"2026-03-02T09:01:00Z\",\"by\":{\"id\":\"tim\",\"role\":\"agent\"},"
            "\"account\":7,\"seq\":2,\"stage\":\"listening\"}]";
        amends_status s;
        index = 99;
        s = amends_complaint_replay(malformed, NULL, &back, &err);
        CHECK(s == AMENDS_STATUS_REPLAY);
        CHECK(amends_error_status(err) == AMENDS_STATUS_REPLAY);
        CHECK(amends_error_rule(err) == NULL);
        CHECK_STR(amends_error_field(err), "account");
        CHECK(amends_error_event_index(err, &index) && index == 1);
        amends_error_free(err);
        err = NULL;
    }
    CHECK(back == NULL);
    CHECK(!amends_error_event_index(NULL, &index));
    amends_string_free(history);
    amends_string_free(json);
    amends_playbook_free(strict);
    amends_complaint_free(c);
}

static void test_timeline(void) {
    amends_complaint *c = walk_json(NULL);
    char *text = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_timeline(c, &text, NULL));
    CHECK(text != NULL && strstr(text, "Acme Ltd") != NULL);
    CHECK(text != NULL && strstr(text, "closed") != NULL);
    amends_string_free(text);
    amends_complaint_free(c);
}

static void test_errors(void) {
    amends_complaint *c = NULL;
    amends_complaint *sentinel = (amends_complaint *)&c;
    amends_complaint *out = sentinel;
    amends_error *err = NULL;
    amends_money pounds = {100, "GBP"};
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_open(OPEN_JSON, NULL, &c, NULL));
    /* Outputs are written only on success. */
    CHECK_STATUS(AMENDS_STATUS_INVALID_INPUT, amends_complaint_open("{}", NULL, &out, NULL));
    CHECK(out == sentinel);
    /* A rule violation names its rule and no field. */
    expect_error(amends_complaint_ask(c, AT(1), "tim", NULL, &err), &err, AMENDS_STATUS_RULE_VIOLATION,
                 "listen-first", NULL);
    err = NULL;
    /* Malformed input names the field as a dotted path. */
    expect_error(amends_complaint_listen(c, AT(1), "tim", NULL, "", &err), &err, AMENDS_STATUS_INVALID_INPUT, NULL,
                 "account");
    err = NULL;
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_listen(c, AT(2), "tim", NULL, LISTEN, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_apologize(c, AT(3), "tim", NULL, APOLOGY, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_restate(c, AT(4), "tim", NULL, RESTATE, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_confirm(c, AT(5), "tim", NULL, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_ask(c, AT(6), "tim", NULL, NULL));
    expect_error(amends_complaint_request(c, AT(7), "tim", NULL, AMENDS_REMEDY_KIND_CREDIT, "Credit", &pounds, &err),
                 &err, AMENDS_STATUS_INVALID_INPUT, NULL, "remedy.value.currency");
    err = NULL;
    /* An apology with an excuse is refused by sincere-apology. */
    expect_error(amends_complaint_apologize(c, AT(8), "tim", NULL, "Sorry, but the courier was late.", &err), &err,
                 AMENDS_STATUS_RULE_VIOLATION, "sincere-apology", NULL);
    err = NULL;
    /* Authority: an agent may not agree to 600.00; a manager may. */
    {
        amends_money big = {60000, "USD"};
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_request(c, AT(9), "tim", NULL, AMENDS_REMEDY_KIND_REFUND,
                                                                "A full refund", &big, NULL));
        expect_error(amends_complaint_agree(c, AT(10), "tim", NULL, &err), &err, AMENDS_STATUS_RULE_VIOLATION,
                     "authority-limit", NULL);
        err = NULL;
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_agree(c, AT(10), "ana", "manager", NULL));
    }
    amends_complaint_free(c);
}

int main(void) {
    test_version();
    test_playbooks();
    test_canonical();
    test_typed_optional_fields();
    test_open_options();
    test_check_and_next_actions();
    test_deadlines();
    test_conflict();
    test_store_and_replay();
    test_timeline();
    test_errors();
    return finish("api");
}
