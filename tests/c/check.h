/* A few checking macros shared by the C test programs (one translation unit each). */
#ifndef AMENDS_TEST_CHECK_H
#define AMENDS_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amends.h"

static int checks_passed;
static int checks_failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            checks_passed++;                                                         \
        } else {                                                                     \
            checks_failed++;                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

/* Two C strings are equal (both NULL counts as equal). */
static int same(const char *a, const char *b) {
    if (a == NULL || b == NULL) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

#define CHECK_STR(got, want)                                                                  \
    do {                                                                                      \
        const char *got_ = (got);                                                             \
        const char *want_ = (want);                                                           \
        if (same(got_, want_)) {                                                              \
            checks_passed++;                                                                  \
        } else {                                                                              \
            checks_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #got, \
                    got_ ? got_ : "(null)", want_ ? want_ : "(null)");                        \
        }                                                                                     \
    } while (0)

/* The call returns the status `want` (the call passes its own `err`, or NULL). */
#define CHECK_STATUS(want, call)                                                              \
    do {                                                                                      \
        amends_status s_ = (call);                                                            \
        if (s_ == (want)) {                                                                   \
            checks_passed++;                                                                  \
        } else {                                                                              \
            checks_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, #call, \
                    amends_status_name(s_), amends_status_name(want));                        \
        }                                                                                     \
    } while (0)

/* Ends a test program with the closing line test runners read. */
static int finish(const char *program) {
    printf("%s: %d passed, %d failed\n", program, checks_passed, checks_failed);
    return checks_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* The canonical scenario's clock: 2026-03-02T09:00:00Z plus minutes. */
#define T0 INT64_C(1772442000)
#define AT(minutes) (T0 + (int64_t)(minutes) * 60)

#endif /* AMENDS_TEST_CHECK_H */
