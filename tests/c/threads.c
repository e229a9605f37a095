/*
 * What the header promises about threads, exercised: one playbook handle shared by every thread
 * at once; complaints moved between threads; one complaint read by several threads at once
 * through `const` calls; a playbook handle freed while complaints opened under it live on.
 * (Run under ThreadSanitizer-free tools here: AddressSanitizer and Valgrind check the memory.)
 */
#include "check.h"

#include <pthread.h>

#define THREADS 4
#define ROUNDS 20
#define READS 50

static const char *const CLOSE =
    "{\"action\": \"close\", \"at\": \"2026-03-05T09:00:00Z\", \"by\": {\"id\": \"tim\"}, \"outcome\": \"resolved\"}";

/* The canonical scenario through the typed helpers; returns NULL if any step went wrong. */
static amends_complaint *walk(const amends_playbook *playbook) {
    amends_complaint *c = NULL;
    amends_money value = {4000, "USD"};
    uint32_t task = 0;
    int ok = amends_complaint_new(playbook, AT(0), "tim", NULL, "Acme Ltd", "Demo units arrived late", "C-1042",
                                  &c, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_listen(c, AT(2), "tim", NULL, "The units came late.", NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_restate(c, AT(12), "tim", NULL, "You lost the sale.", NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_confirm(c, AT(13), "tim", NULL, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_thank(c, AT(14), "tim", NULL, "Thank you for telling us.", NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_apologize(c, AT(15), "tim", NULL, "I am sorry.", NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_diagnose(c, AT(20), "tim", NULL, "Wrong week", "logistics", NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_ask(c, AT(21), "tim", NULL, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_request(c, AT(25), "tim", NULL, AMENDS_REMEDY_KIND_REFUND, "Refund shipping", &value,
                                        NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_agree(c, AT(30), "tim", NULL, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_plan(c, AT(31), "tim", NULL, "Refund it", AT(24 * 60), &task, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_done(c, AT(7 * 60), "tim", NULL, task, NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_close(c, AT(7 * 60 + 5), "tim", NULL, AMENDS_OUTCOME_RESOLVED, NULL, NULL) ==
                   AMENDS_STATUS_RULE_VIOLATION;
    ok = ok && amends_complaint_follow_up(c, AT(2 * 24 * 60), "tim", NULL, AMENDS_FOLLOW_UP_RESULT_SATISFIED, NULL,
                                          NULL) == AMENDS_STATUS_OK;
    ok = ok && amends_complaint_prevention(c, AT(2 * 24 * 60 + 10), "tim", NULL, AMENDS_PREVENTION_SOURCE_CUSTOMER,
                                           "Send tracking links", NULL) == AMENDS_STATUS_OK;
    if (!ok) {
        amends_complaint_free(c);
        return NULL;
    }
    return c;
}

/* Each writer walks its own complaints under the one shared playbook. */
struct writer {
    const amends_playbook *playbook;
    const char *reference;
    amends_complaint *last;
    int mismatches;
};

static void *write_own(void *arg) {
    struct writer *w = arg;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        amends_complaint *c = walk(w->playbook);
        char *json = NULL;
        if (c == NULL || amends_complaint_to_json(c, &json, NULL) != AMENDS_STATUS_OK ||
            strcmp(json, w->reference) != 0) {
            w->mismatches++;
        }
        amends_string_free(json);
        if (round + 1 == ROUNDS) {
            w->last = c; /* handed back to the main thread */
        } else {
            amends_complaint_free(c);
        }
    }
    return NULL;
}

/* Each reader reads the one shared complaint through const calls only. */
struct reader {
    const amends_complaint *complaint;
    const char *json;
    const char *timeline;
    uint64_t mask;
    size_t violations;
    int mismatches;
};

static void *read_shared(void *arg) {
    struct reader *r = arg;
    int i;
    for (i = 0; i < READS; i++) {
        char *json = NULL, *timeline = NULL, *breaches = NULL;
        amends_violations *v = NULL;
        uint64_t mask = 0;
        int ok = amends_complaint_to_json(r->complaint, &json, NULL) == AMENDS_STATUS_OK && strcmp(json, r->json) == 0;
        ok = ok && amends_complaint_timeline(r->complaint, &timeline, NULL) == AMENDS_STATUS_OK &&
             strcmp(timeline, r->timeline) == 0;
        ok = ok && amends_complaint_next_actions(r->complaint, &mask, NULL) == AMENDS_STATUS_OK && mask == r->mask;
        ok = ok && amends_complaint_check(r->complaint, CLOSE, &v, NULL) == AMENDS_STATUS_OK &&
             amends_violations_len(v) == r->violations;
        ok = ok && amends_complaint_breaches(r->complaint, AT(10 * 24 * 60), &breaches, NULL) == AMENDS_STATUS_OK;
        ok = ok && strcmp(amends_complaint_stage(r->complaint), "following_up") == 0;
        ok = ok && amends_complaint_history_len(r->complaint) == 14;
        if (!ok) {
            r->mismatches++;
        }
        amends_string_free(json);
        amends_string_free(timeline);
        amends_string_free(breaches);
        amends_violations_free(v);
    }
    return NULL;
}

/* A complaint made on one thread, changed on another. */
static void *listen_elsewhere(void *arg) {
    amends_complaint *c = arg;
    if (amends_complaint_listen(c, AT(2), "tim", NULL, "Heard on another thread.", NULL) != AMENDS_STATUS_OK) {
        return arg;
    }
    return NULL;
}

int main(void) {
    amends_playbook *playbook = NULL;
    amends_complaint *reference = NULL;
    pthread_t threads[2 * THREADS];
    struct writer writers[THREADS];
    struct reader readers[THREADS];
    char *json = NULL, *timeline = NULL;
    uint64_t mask = 0;
    amends_violations *v = NULL;
    int i;

    CHECK_STATUS(AMENDS_STATUS_OK, amends_playbook_preset("strict", &playbook, NULL));
    reference = walk(playbook);
    CHECK(reference != NULL);
    if (reference == NULL) {
        return finish("threads");
    }
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_to_json(reference, &json, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_timeline(reference, &timeline, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_next_actions(reference, &mask, NULL));
    CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_check(reference, CLOSE, &v, NULL));

    /* Writers share the playbook; readers share the reference complaint; all at once. */
    for (i = 0; i < THREADS; i++) {
        struct writer w = {playbook, json, NULL, 0};
        struct reader r = {reference, json, timeline, mask, amends_violations_len(v), 0};
        writers[i] = w;
        readers[i] = r;
        CHECK(pthread_create(&threads[2 * i], NULL, write_own, &writers[i]) == 0);
        CHECK(pthread_create(&threads[2 * i + 1], NULL, read_shared, &readers[i]) == 0);
    }
    for (i = 0; i < 2 * THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(writers[i].mismatches == 0);
        CHECK(writers[i].last != NULL);
        CHECK(readers[i].mismatches == 0);
    }

    /* The playbook handle goes; the complaints the threads handed back keep working. */
    amends_playbook_free(playbook);
    for (i = 0; i < THREADS; i++) {
        CHECK_STATUS(AMENDS_STATUS_OK, amends_complaint_close(writers[i].last, AT(2 * 24 * 60 + 15), "tim", NULL,
                                                              AMENDS_OUTCOME_RESOLVED, NULL, NULL));
        CHECK_STR(amends_complaint_stage(writers[i].last), "closed");
        amends_complaint_free(writers[i].last);
    }

    /* A complaint opened here and changed on another thread. */
    {
        amends_complaint *c = NULL;
        pthread_t t;
        void *result = &c;
        CHECK_STATUS(AMENDS_STATUS_OK,
                     amends_complaint_new(NULL, AT(0), "tim", NULL, "Acme Ltd", "Late", NULL, &c, NULL));
        CHECK(pthread_create(&t, NULL, listen_elsewhere, c) == 0);
        CHECK(pthread_join(t, &result) == 0);
        CHECK(result == NULL);
        CHECK_STR(amends_complaint_stage(c), "listening");
        amends_complaint_free(c);
    }

    amends_violations_free(v);
    amends_string_free(json);
    amends_string_free(timeline);
    amends_complaint_free(reference);
    return finish("threads");
}
