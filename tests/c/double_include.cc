// The header compiles as C++ (-Wall -Wextra -Wpedantic -Werror) and may be included twice.
#include "amends.h"
#include "amends.h"  // on purpose: the include guard makes the second one a no-op

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(AMENDS_STATUS_OK == 0, "stable status numbers");
static_assert(AMENDS_STATUS_PANIC == 5, "stable status numbers");
static_assert(sizeof(amends_status) == sizeof(std::uint32_t), "amends_status is a uint32_t");
static_assert(std::is_same<decltype(amends_version()), const char *>::value, "static strings are const char *");
static_assert(AMENDS_VERSION_MAJOR >= 0, "version macros are integers");

int main() {
    int failed = 0;
    amends_playbook *playbook = nullptr;
    amends_complaint *complaint = nullptr;
    amends_error *err = nullptr;
    const amends_money value{2500, "USD"};

    failed += amends_playbook_preset("sorry_first", &playbook, &err) != AMENDS_STATUS_OK;
    failed += amends_complaint_new(playbook, INT64_C(1772442000), "tim", nullptr, "Acme Ltd", "Late", nullptr,
                                   &complaint, &err) != AMENDS_STATUS_OK;
    // sorry_first lets the apology come before the listen.
    failed += amends_complaint_apologize(complaint, INT64_C(1772442060), "tim", nullptr, "I am sorry.", &err) !=
              AMENDS_STATUS_OK;
    failed += amends_complaint_listen(complaint, INT64_C(1772442120), "tim", nullptr, "Late again.", &err) !=
              AMENDS_STATUS_OK;
    failed += amends_complaint_ask(complaint, INT64_C(1772442180), "tim", nullptr, &err) != AMENDS_STATUS_OK;
    failed += amends_complaint_request(complaint, INT64_C(1772442240), "tim", nullptr, AMENDS_REMEDY_KIND_CREDIT,
                                       "A credit note", &value, &err) != AMENDS_STATUS_OK;
    failed += std::strcmp(amends_complaint_stage(complaint), "resolving") != 0;
    failed += std::strcmp(amends_version(), AMENDS_VERSION) != 0;
    if (err != nullptr) {
        std::fprintf(stderr, "%s\n", amends_error_message(err));
        amends_error_free(err);
    }
    amends_complaint_free(complaint);
    amends_playbook_free(playbook);
    std::printf("double_include: %d passed, %d failed\n", 8 - failed, failed);
    return failed == 0 ? 0 : 1;
}
