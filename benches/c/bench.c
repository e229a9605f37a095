/*
 * The C benchmark: the canonical scenario (open, listen, restate, confirm, thank, apologize,
 * diagnose, ask, request, agree, plan, done, a refused close, follow_up, prevention, close: 16
 * actions, 15 events) through the C ABI, once as JSON text and once through the typed helpers;
 * and what one call costs next to a bare call in the same binary.
 *
 *   make bench-c
 *
 * Each figure is the best of several runs of about 0.3 s each, on one thread.
 */
#define _POSIX_C_SOURCE 199309L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amends.h"

#define ACTIONS 16
#define RUNS 7
#define RUN_SECONDS 0.3

static volatile uintptr_t sink;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void fail(const char *what, amends_status status, amends_error *err) {
    fprintf(stderr, "bench: %s: %s: %s\n", what, amends_status_name(status), amends_error_message(err));
    amends_error_free(err);
    exit(EXIT_FAILURE);
}

#define BY "\"by\": {\"id\": \"tim\"}"

static const char *const OPEN_JSON =
    "{\"action\": \"open\", \"at\": \"2026-03-02T09:00:00Z\", " BY ", \"customer\": \"Acme Ltd\", "
    "\"summary\": \"Demo units arrived late\", \"id\": \"C-1042\", \"channel\": \"walk-in\", \"severity\": \"high\", "
    "\"category\": \"delivery\", \"value_at_stake\": {\"amount\": 120000, \"currency\": \"USD\"}}";

static const char *const STEPS_JSON[ACTIONS - 1] = {
    "{\"action\": \"listen\", \"at\": \"2026-03-02T09:02:00Z\", " BY
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
#define REFUSED 11 /* the early close, in STEPS_JSON */

/* One complaint through JSON; the early close must be refused by its rule. */
static void walk_json(const amends_playbook *strict) {
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    amends_status s = amends_complaint_open(OPEN_JSON, strict, &c, &err);
    int i;
    if (s != AMENDS_STATUS_OK) {
        fail("open", s, err);
    }
    for (i = 0; i < ACTIONS - 1; i++) {
        s = amends_complaint_apply(c, STEPS_JSON[i], i == REFUSED ? NULL : &err);
        if (s != (i == REFUSED ? AMENDS_STATUS_RULE_VIOLATION : AMENDS_STATUS_OK)) {
            fail(STEPS_JSON[i], s, err);
        }
    }
    sink += amends_complaint_history_len(c);
    amends_complaint_free(c);
}

#define T0 INT64_C(1772442000)
#define AT(minutes) (T0 + (int64_t)(minutes) * 60)
#define OK(call)                                            \
    do {                                                    \
        amends_status s_ = (call);                          \
        if (s_ != AMENDS_STATUS_OK) {                       \
            fail(#call, s_, err);                           \
        }                                                   \
    } while (0)

/* The same complaint through the typed helpers (the open carries customer, summary and id). */
static void walk_typed(const amends_playbook *strict) {
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    amends_money value = {4000, "USD"};
    uint32_t task = 0;
    OK(amends_complaint_new(strict, AT(0), "tim", NULL, "Acme Ltd", "Demo units arrived late", "C-1042", &c, &err));
    OK(amends_complaint_listen(c, AT(2), "tim", NULL,
                               "The demo units came two days after the trade show, so Acme lost a sale.", &err));
    OK(amends_complaint_restate(c, AT(12), "tim", NULL,
                                "Our delivery missed the show and you lost the sale you were counting on.", &err));
    OK(amends_complaint_confirm(c, AT(13), "tim", NULL, &err));
    OK(amends_complaint_thank(c, AT(14), "tim", NULL, "Thank you for coming straight to me with this.", &err));
    OK(amends_complaint_apologize(c, AT(15), "tim", NULL, "I am sorry the late delivery cost you that sale.", &err));
    OK(amends_complaint_diagnose(c, AT(20), "tim", NULL, "The courier pickup was booked for the wrong week",
                                 "logistics", &err));
    OK(amends_complaint_ask(c, AT(21), "tim", NULL, &err));
    OK(amends_complaint_request(c, AT(25), "tim", NULL, AMENDS_REMEDY_KIND_REFUND,
                                "Refund the shipping and rush the next delivery free", &value, &err));
    OK(amends_complaint_agree(c, AT(30), "tim", NULL, &err));
    OK(amends_complaint_plan(c, AT(31), "tim", NULL, "Refund the shipping charge", AT(24 * 60), &task, &err));
    OK(amends_complaint_done(c, AT(7 * 60), "tim", NULL, task, &err));
    if (amends_complaint_close(c, AT(7 * 60 + 5), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, NULL) !=
        AMENDS_STATUS_RULE_VIOLATION) {
        fail("early close", AMENDS_STATUS_OK, NULL);
    }
    OK(amends_complaint_follow_up(c, AT(2 * 24 * 60), "tim", NULL, AMENDS_FOLLOW_UP_RESULT_SATISFIED, NULL, &err));
    OK(amends_complaint_prevention(c, AT(2 * 24 * 60 + 10), "tim", NULL, AMENDS_PREVENTION_SOURCE_CUSTOMER,
                                   "Send a shipping confirmation with a tracking link", &err));
    OK(amends_complaint_close(c, AT(2 * 24 * 60 + 15), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, &err));
    sink += amends_complaint_history_len(c);
    amends_complaint_free(c);
}

/* A bare call into this binary, for scale. */
__attribute__((noinline)) static const char *local_call(void) {
    __asm__ volatile("");
    return "local";
}

static const amends_complaint *probe;

static void call_version(void) { sink += (uintptr_t)amends_version(); }
static void call_local(void) { sink += (uintptr_t)local_call(); }
static void call_stage(void) { sink += (uintptr_t)amends_complaint_stage(probe); }
static void call_history_len(void) { sink += amends_complaint_history_len(probe); }

/* Best nanoseconds per call of `f` over RUNS runs. */
static double per_call(void (*f)(void)) {
    double best = 1e30;
    int run;
    for (run = 0; run < RUNS; run++) {
        long n = 0;
        double start = now(), elapsed;
        do {
            int k;
            for (k = 0; k < 1000; k++) {
                f();
            }
            n += 1000;
            elapsed = now() - start;
        } while (elapsed < RUN_SECONDS / 3);
        if (elapsed * 1e9 / (double)n < best) {
            best = elapsed * 1e9 / (double)n;
        }
    }
    return best;
}

/* Best actions per second for a walk of ACTIONS actions. */
static double actions_per_second(void (*walk)(const amends_playbook *), const amends_playbook *strict) {
    double best = 0;
    int run;
    for (run = 0; run < RUNS; run++) {
        long complaints = 0;
        double start = now(), elapsed;
        do {
            walk(strict);
            complaints++;
            elapsed = now() - start;
        } while (elapsed < RUN_SECONDS);
        if ((double)(complaints * ACTIONS) / elapsed > best) {
            best = (double)(complaints * ACTIONS) / elapsed;
        }
    }
    return best;
}

int main(void) {
    amends_playbook *strict = NULL;
    amends_complaint *c = NULL;
    amends_error *err = NULL;
    double json, typed;
    OK(amends_playbook_preset("strict", &strict, &err));
    OK(amends_complaint_open(OPEN_JSON, strict, &c, &err));
    probe = c;

    walk_json(strict); /* warm up, and check every step once */
    walk_typed(strict);
    json = actions_per_second(walk_json, strict);
    typed = actions_per_second(walk_typed, strict);

    printf("amends %s C ABI benchmark (canonical scenario: %d actions per complaint, best of %d runs)\n",
           amends_version(), ACTIONS, RUNS);
    printf("  JSON route:   %10.0f actions/s  (%6.0f ns/action, %8.0f complaints/s)\n", json, 1e9 / json,
           json / ACTIONS);
    printf("  typed route:  %10.0f actions/s  (%6.0f ns/action, %8.0f complaints/s)\n", typed, 1e9 / typed,
           typed / ACTIONS);
    printf("  one call:     local C call %.1f ns, amends_version() %.1f ns, amends_complaint_stage() %.1f ns, "
           "amends_complaint_history_len() %.1f ns\n",
           per_call(call_local), per_call(call_version), per_call(call_stage), per_call(call_history_len));
    amends_complaint_free(c);
    amends_playbook_free(strict);
    return 0;
}
