/*
 * The example till: a customer brings a broken kettle back to the counter. The till opens a
 * complaint, walks it to a resolution with the typed helpers (one refusal on the way, to show
 * what a refusal looks like), and prints the timeline.
 *
 *   cc till.c $(pkg-config --cflags --libs amends) -o till && ./till
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "amends.h"

/* 2026-03-02T09:00:00Z plus minutes: the library never reads a clock, the till passes the time. */
static int64_t at(int minutes) { return INT64_C(1772442000) + (int64_t)minutes * 60; }

/* Prints a failed call's error and frees it; returns whether the call succeeded. */
static int ok(amends_status status, amends_error *err) {
    if (status == AMENDS_STATUS_OK) {
        return 1;
    }
    fprintf(stderr, "refused (%s): %s\n", amends_status_name(status), amends_error_message(err));
    amends_error_free(err);
    return 0;
}

int main(void) {
    amends_playbook *playbook = NULL;
    amends_complaint *kettle = NULL;
    amends_error *err = NULL;
    amends_money price = {2999, "USD"};
    struct amends_open_options details = {0}; /* what the till knows besides who and what */
    uint32_t task = 0;
    char *timeline = NULL;
    int good = 1;

    /* The seven-step playbook: listen, thank, apologize, ask, agree, act quickly, follow up. */
    good = good && ok(amends_playbook_preset("seven_step", &playbook, &err), err);
    details.channel = "in_person";
    details.has_severity = true;
    details.severity = AMENDS_SEVERITY_MEDIUM;
    details.category = "appliances";
    details.value_at_stake = &price;
    good = good && ok(amends_complaint_new_ex(playbook, at(0), "sam", NULL, "Jo Bloggs", "Kettle stopped working",
                                              "R-20260302-17", &details, &kettle, &err),
                      err);
    amends_playbook_free(playbook); /* the complaint keeps its own reference */
    if (!good) {
        return EXIT_FAILURE;
    }
    good = good && ok(amends_complaint_listen(kettle, at(1), "sam", NULL,
                                              "It stopped heating after a week; I need it for work.", &err),
                      err);

    /* An apology with an excuse is refused; the refusal names its rule and changes nothing. */
    if (amends_complaint_apologize(kettle, at(2), "sam", NULL, "Sorry, but that model is fragile.", &err) ==
        AMENDS_STATUS_RULE_VIOLATION) {
        printf("%s (rule %s)\n", amends_error_message(err), amends_error_rule(err));
        amends_error_free(err);
        err = NULL;
    } else {
        good = 0;
    }

    good = good && ok(amends_complaint_thank(kettle, at(3), "sam", NULL, "Thank you for bringing it back.", &err), err);
    good = good && ok(amends_complaint_apologize(kettle, at(3), "sam", NULL, "I am sorry it let you down.", &err), err);
    good = good && ok(amends_complaint_ask(kettle, at(4), "sam", NULL, &err), err);
    good = good && ok(amends_complaint_request(kettle, at(5), "sam", NULL, AMENDS_REMEDY_KIND_REPLACEMENT,
                                               "A new kettle today", &price, &err),
                      err);
    /* 29.99 is within an agent's authority (50.00 in the presets). */
    good = good && ok(amends_complaint_agree(kettle, at(6), "sam", NULL, &err), err);
    good = good && ok(amends_complaint_plan(kettle, at(6), "sam", NULL, "Swap the kettle from stock", at(30), &task,
                                            &err),
                      err);
    good = good && ok(amends_complaint_done(kettle, at(8), "sam", NULL, task, &err), err);
    good = good && ok(amends_complaint_follow_up(kettle, at(3 * 24 * 60), "sam", NULL,
                                                 AMENDS_FOLLOW_UP_RESULT_SATISFIED, "Works fine, thanks.", &err),
                      err);
    good = good && ok(amends_complaint_close(kettle, at(3 * 24 * 60 + 1), "sam", NULL, AMENDS_OUTCOME_RESOLVED,
                                             NULL, &err),
                      err);

    if (good && ok(amends_complaint_timeline(kettle, &timeline, &err), err)) {
        printf("%s\n", timeline);
        amends_string_free(timeline);
    }
    printf("stage: %s, %zu events, amends %s\n", amends_complaint_stage(kettle), amends_complaint_history_len(kettle),
           amends_version());
    amends_complaint_free(kettle);
    return good ? EXIT_SUCCESS : EXIT_FAILURE;
}
