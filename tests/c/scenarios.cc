// Runs every scenario vector in tests/scenarios/ (format in its README) through the C ABI, with
// the outcomes the Rust suite checks (core/tests/scenarios.rs): the expected status, rule id or
// invalid field after every step, the stage, the complaint byte for byte unchanged after a refusal,
// `check` agreeing with `apply`, and the final complaint surviving to_json/from_json and replay.
//
// Usage: scenarios DIR

#include "amends.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

// ---- A minimal JSON reader: enough for the scenario files, and strict about what it reads. ----

struct Json {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    std::string raw;  // the value's exact text, to hand to the library unchanged
    std::string str;  // a string's decoded value
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;

    const Json *get(const std::string &key) const {
        for (const auto &m : members) {
            if (m.first == key) {
                return &m.second;
            }
        }
        return nullptr;
    }
    const std::string *string_at(const std::string &key) const {
        const Json *v = get(key);
        return v != nullptr && v->kind == Kind::String ? &v->str : nullptr;
    }
};

class Reader {
  public:
    explicit Reader(const std::string &text) : s_(text) {}

    Json document() {
        Json v = value(0);
        space();
        if (i_ != s_.size()) {
            fail("trailing characters");
        }
        return v;
    }

  private:
    const std::string &s_;
    size_t i_ = 0;

    [[noreturn]] void fail(const std::string &what) const {
        throw std::runtime_error("JSON: " + what + " at byte " + std::to_string(i_));
    }
    void space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
            i_++;
        }
    }
    char peek() {
        space();
        if (i_ >= s_.size()) {
            fail("unexpected end");
        }
        return s_[i_];
    }
    void expect(char c) {
        if (peek() != c) {
            fail(std::string("expected '") + c + "'");
        }
        i_++;
    }
    void literal(const char *word) {
        size_t n = std::char_traits<char>::length(word);
        if (s_.compare(i_, n, word) != 0) {
            fail(std::string("expected ") + word);
        }
        i_ += n;
    }

    Json value(int depth) {
        if (depth > 64) {
            fail("nested too deep");
        }
        Json v;
        char c = peek();
        size_t start = i_;
        if (c == '{') {
            v.kind = Json::Kind::Object;
            i_++;
            if (peek() == '}') {
                i_++;
            } else {
                for (;;) {
                    if (peek() != '"') {
                        fail("expected a key");
                    }
                    std::string key = string();
                    expect(':');
                    v.members.emplace_back(std::move(key), value(depth + 1));
                    if (peek() == ',') {
                        i_++;
                        continue;
                    }
                    expect('}');
                    break;
                }
            }
        } else if (c == '[') {
            v.kind = Json::Kind::Array;
            i_++;
            if (peek() == ']') {
                i_++;
            } else {
                for (;;) {
                    v.items.push_back(value(depth + 1));
                    if (peek() == ',') {
                        i_++;
                        continue;
                    }
                    expect(']');
                    break;
                }
            }
        } else if (c == '"') {
            v.kind = Json::Kind::String;
            v.str = string();
        } else if (c == 't') {
            v.kind = Json::Kind::Bool;
            literal("true");
        } else if (c == 'f') {
            v.kind = Json::Kind::Bool;
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            v.kind = Json::Kind::Number;
            number();
        } else {
            fail("unexpected character");
        }
        v.raw = s_.substr(start, i_ - start);
        return v;
    }

    void number() {
        size_t start = i_;
        if (s_[i_] == '-') {
            i_++;
        }
        auto digits = [&] {
            size_t from = i_;
            while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
                i_++;
            }
            if (i_ == from) {
                fail("expected a digit");
            }
        };
        digits();
        if (i_ < s_.size() && s_[i_] == '.') {
            i_++;
            digits();
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            i_++;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) {
                i_++;
            }
            digits();
        }
        if (i_ == start) {
            fail("expected a number");
        }
    }

    unsigned hex4() {
        if (i_ + 4 > s_.size()) {
            fail("short \\u escape");
        }
        unsigned v = 0;
        for (int k = 0; k < 4; k++) {
            char h = s_[i_++];
            v <<= 4;
            if (h >= '0' && h <= '9') {
                v |= static_cast<unsigned>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<unsigned>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<unsigned>(h - 'A' + 10);
            } else {
                fail("bad \\u escape");
            }
        }
        return v;
    }

    static void utf8(std::string &out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string string() {
        expect('"');
        std::string out;
        for (;;) {
            if (i_ >= s_.size()) {
                fail("unterminated string");
            }
            char c = s_[i_++];
            if (c == '"') {
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character in string");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= s_.size()) {
                fail("unterminated escape");
            }
            char e = s_[i_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00) {
                    if (s_.compare(i_, 2, "\\u") != 0) {
                        fail("lone surrogate");
                    }
                    i_ += 2;
                    unsigned low = hex4();
                    if (low < 0xDC00 || low >= 0xE000) {
                        fail("bad surrogate pair");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    fail("lone surrogate");
                }
                utf8(out, cp);
                break;
            }
            default: fail("bad escape");
            }
        }
    }
};

// ---- Owning wrappers around the library's handles and strings. ----

struct FreeComplaint {
    void operator()(amends_complaint *c) const { amends_complaint_free(c); }
};
struct FreePlaybook {
    void operator()(amends_playbook *p) const { amends_playbook_free(p); }
};
struct FreeError {
    void operator()(amends_error *e) const { amends_error_free(e); }
};
struct FreeViolations {
    void operator()(amends_violations *v) const { amends_violations_free(v); }
};
using Complaint = std::unique_ptr<amends_complaint, FreeComplaint>;
using Playbook = std::unique_ptr<amends_playbook, FreePlaybook>;
using Error = std::unique_ptr<amends_error, FreeError>;
using Violations = std::unique_ptr<amends_violations, FreeViolations>;

// Takes a string the library returned, frees it, and returns a copy.
std::string take(char *s) {
    std::string out = s != nullptr ? s : "";
    amends_string_free(s);
    return out;
}

std::string opt(const char *s) { return s != nullptr ? s : "(none)"; }

std::string to_json(const amends_complaint *c) {
    char *json = nullptr;
    amends_error *err = nullptr;
    if (amends_complaint_to_json(c, &json, &err) != AMENDS_STATUS_OK) {
        Error owned(err);
        throw std::runtime_error(std::string("to_json: ") + amends_error_message(err));
    }
    return take(json);
}

// The outcome of one step as the scenario format names it.
std::string outcome(amends_status status, const amends_error *err) {
    switch (status) {
    case AMENDS_STATUS_OK: return "ok";
    case AMENDS_STATUS_RULE_VIOLATION: return opt(amends_error_rule(err));
    case AMENDS_STATUS_INVALID_INPUT: return "invalid";
    default: return std::string("unexpected ") + opt(amends_status_name(status)) + ": " + amends_error_message(err);
    }
}

// `check` must agree with `apply`: its first violation is apply's refusal, and malformed input is
// the same input error in both.
std::string disagreement(amends_status checked, const amends_error *check_err, const amends_violations *v,
                         amends_status applied, const amends_error *apply_err) {
    size_t n = amends_violations_len(v);
    bool agree = false;
    if (applied == AMENDS_STATUS_OK) {
        agree = checked == AMENDS_STATUS_OK && n == 0;
    } else if (applied == AMENDS_STATUS_RULE_VIOLATION) {
        agree = checked == AMENDS_STATUS_OK && n > 0 &&
                opt(amends_violations_rule(v, 0)) == opt(amends_error_rule(apply_err)) &&
                std::string(amends_error_message(apply_err)).find(opt(amends_violations_message(v, 0))) !=
                    std::string::npos;
    } else {
        agree = checked == applied && opt(amends_error_field(check_err)) == opt(amends_error_field(apply_err)) &&
                std::string(amends_error_message(check_err)) == amends_error_message(apply_err);
    }
    if (agree) {
        return "";
    }
    return "check (" + opt(amends_status_name(checked)) + ", " + std::to_string(n) + " violations, first " +
           opt(amends_violations_rule(v, 0)) + ") disagrees with apply (" + outcome(applied, apply_err) + ")";
}

Playbook playbook_of(const Json *spec) {
    amends_playbook *p = nullptr;
    amends_error *err = nullptr;
    amends_status s = AMENDS_STATUS_OK;
    if (spec == nullptr || spec->kind == Json::Kind::Null) {
        return Playbook(nullptr);  // NULL means strict
    }
    if (spec->kind == Json::Kind::String) {
        s = amends_playbook_preset(spec->str.c_str(), &p, &err);
    } else {
        s = amends_playbook_from_json(spec->raw.c_str(), &p, &err);
    }
    if (s != AMENDS_STATUS_OK) {
        Error owned(err);
        throw std::runtime_error(std::string("playbook: ") + amends_error_message(err));
    }
    return Playbook(p);
}

// Runs one file; returns the failures (empty when it holds).
std::string run(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    Json scenario = Reader(text).document();
    Playbook playbook = playbook_of(scenario.get("playbook"));
    const Json *steps = scenario.get("steps");
    if (steps == nullptr || steps->kind != Json::Kind::Array) {
        return "no steps";
    }
    Complaint complaint;
    for (size_t i = 0; i < steps->items.size(); i++) {
        const Json &step = steps->items[i];
        const std::string at = "step " + std::to_string(i) + ": ";
        const std::string *expect = step.string_at("expect");
        const Json *action = step.get("action");
        if (expect == nullptr || action == nullptr) {
            return at + "no expect or action";
        }
        const bool existed = complaint != nullptr;
        const std::string before = existed ? to_json(complaint.get()) : "";
        amends_error *raw_err = nullptr;
        amends_status status;
        if (!existed) {
            amends_complaint *c = nullptr;
            status = amends_complaint_open(action->raw.c_str(), playbook.get(), &c, &raw_err);
            complaint.reset(c);
        } else {
            amends_error *raw_check_err = nullptr;
            amends_violations *raw_v = nullptr;
            amends_status checked = amends_complaint_check(complaint.get(), action->raw.c_str(), &raw_v, &raw_check_err);
            Error check_err(raw_check_err);
            Violations v(raw_v);
            status = amends_complaint_apply(complaint.get(), action->raw.c_str(), &raw_err);
            std::string problem = disagreement(checked, check_err.get(), v.get(), status, raw_err);
            if (!problem.empty()) {
                amends_error_free(raw_err);
                return at + problem;
            }
        }
        Error err(raw_err);
        const std::string got = outcome(status, err.get());
        if (got != *expect) {
            return at + "expected " + *expect + ", got " + got +
                   (err ? std::string(" (") + amends_error_message(err.get()) + ")" : "");
        }
        if (const std::string *field = step.string_at("field")) {
            if (err && opt(amends_error_field(err.get())) != *field) {
                return at + "expected field " + *field + ", got " + opt(amends_error_field(err.get()));
            }
        }
        if (status != AMENDS_STATUS_OK && existed && to_json(complaint.get()) != before) {
            return at + "a refused action changed the complaint";
        }
        if (const std::string *stage = step.string_at("stage")) {
            if (!complaint || opt(amends_complaint_stage(complaint.get())) != *stage) {
                return at + "expected stage " + *stage + ", got " +
                       (complaint ? opt(amends_complaint_stage(complaint.get())) : "(no complaint)");
            }
        }
    }
    // Whatever the scenario left, it round-trips through JSON and its history replays.
    if (complaint) {
        const std::string json = to_json(complaint.get());
        amends_complaint *raw = nullptr;
        amends_error *raw_err = nullptr;
        if (amends_complaint_from_json(json.c_str(), &raw, &raw_err) != AMENDS_STATUS_OK) {
            Error err(raw_err);
            return std::string("from_json: ") + amends_error_message(err.get());
        }
        Complaint back(raw);
        if (to_json(back.get()) != json) {
            return "from_json(to_json(c)) != c";
        }
        char *history = nullptr;
        if (amends_complaint_history_json(complaint.get(), &history, nullptr) != AMENDS_STATUS_OK) {
            return "history_json failed";
        }
        const std::string events = take(history);
        raw = nullptr;
        if (amends_complaint_replay(events.c_str(), playbook.get(), &raw, &raw_err) != AMENDS_STATUS_OK) {
            Error err(raw_err);
            return std::string("replay: ") + amends_error_message(err.get());
        }
        Complaint replayed(raw);
        if (to_json(replayed.get()) != json) {
            return "replay(history) != c";
        }
    }
    return "";
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(argv[1])) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    int passed = 0;
    int failed = 0;
    for (const auto &file : files) {
        std::string problem;
        try {
            problem = run(file);
        } catch (const std::exception &e) {
            problem = e.what();
        }
        if (problem.empty()) {
            passed++;
        } else {
            failed++;
            std::fprintf(stderr, "%s: %s\n", file.filename().string().c_str(), problem.c_str());
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "no scenario files in %s\n", argv[1]);
        failed++;
    }
    std::printf("scenarios: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
