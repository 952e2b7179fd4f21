// Date and time functions: timestamp, formatdate, timeadd, timecmp. Timestamps are RFC 3339;
// a parsed time keeps its UTC offset so that timeadd answers in the caller's zone, as Go does.
#include <chrono>
#include <cstdio>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

struct Time {
  std::int64_t seconds = 0;  // since the Unix epoch, UTC
  std::int64_t nanos = 0;    // 0..999999999
  int offset = 0;            // seconds east of UTC
};

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<std::int64_t>(yoe) + era * 400 + (*m <= 2);
}

std::string invalid(const std::string& why) {
  return "not a valid RFC3339 timestamp: " + why;
}

std::variant<Time, std::string> parse_timestamp(const std::string& s) {
  auto digits = [&](std::size_t pos, std::size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int year, month, day, hour, minute, second;
  if (!digits(0, 4, &year)) return invalid("cannot use " + nlohmann::json(s).dump() + " as year");
  if (s.size() < 5 || s[4] != '-') return invalid("end of string where \"-\" is expected");
  if (!digits(5, 2, &month) || month < 1 || month > 12) return invalid("month out of range");
  if (s.size() < 8 || s[7] != '-') return invalid("end of string where \"-\" is expected");
  if (!digits(8, 2, &day) || day < 1 || day > 31) return invalid("day out of range");
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) {
    return invalid("missing required time introducer 'T'");
  }
  if (!digits(11, 2, &hour)) return invalid("hour must have exactly two digits");
  if (hour > 23) return invalid("hour must be between 0 and 23 inclusive");
  if (s.size() < 14 || s[13] != ':') return invalid("end of string where \":\" is expected");
  if (!digits(14, 2, &minute)) return invalid("minute must have exactly two digits");
  if (minute > 59) return invalid("minute out of range");
  if (s.size() < 17 || s[16] != ':') return invalid("end of string where \":\" is expected");
  if (!digits(17, 2, &second) || second > 59) return invalid("second out of range");
  std::size_t p = 19;
  std::int64_t nanos = 0;
  if (p < s.size() && s[p] == '.') {
    ++p;
    int count = 0;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
      if (count < 9) nanos = nanos * 10 + (s[p] - '0');
      ++count;
      ++p;
    }
    if (count == 0) return invalid("missing fractional seconds");
    for (int i = count; i < 9; ++i) nanos *= 10;
  }
  int offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int oh, om;
    if (!digits(p + 1, 2, &oh) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(p + 4, 2, &om)) {
      return invalid("cannot use " + nlohmann::json(s.substr(p)).dump() + " as UTC offset");
    }
    offset = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
    p += 6;
  } else {
    return invalid("end of string before UTC offset");
  }
  if (p != s.size()) return invalid("extra text: " + nlohmann::json(s.substr(p)).dump());
  Time t;
  t.seconds =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      hour * 3600 + minute * 60 + second - offset;
  t.nanos = nanos;
  t.offset = offset;
  return t;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
  int hour, minute, second, weekday;  // weekday 0 = Sunday
};

Civil civil(const Time& t) {
  const std::int64_t local = t.seconds + t.offset;
  std::int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  const std::int64_t rest = local - days * 86400;
  Civil c{};
  civil_from_days(days, &c.year, &c.month, &c.day);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.second = static_cast<int>(rest % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return c;
}

std::string offset_text(int offset, bool colon) {
  char buf[16];
  const int a = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", offset < 0 ? '-' : '+',
                a / 3600, a / 60 % 60);
  return buf;
}

// Go's time.RFC3339 layout (no fractional seconds).
std::string rfc3339(const Time& t) {
  Civil c = civil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return std::string(buf) + (t.offset == 0 ? "Z" : offset_text(t.offset, true));
}

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};

std::variant<std::string, FunctionError> format_date(const std::string& spec, const Time& t) {
  const Civil c = civil(t);
  std::string out;
  auto two = [](long long v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02lld", v);
    return std::string(buf);
  };
  auto four = [](long long v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04lld", v);
    return std::string(buf);
  };
  for (std::size_t i = 0; i < spec.size();) {
    const char ch = spec[i];
    if (ch == '\'') {
      // A quoted literal; '' inside (or alone) is one quote.
      if (i + 1 < spec.size() && spec[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      std::size_t j = i + 1;
      std::string literal;
      for (;;) {
        if (j >= spec.size()) return error("unterminated literal '", 0);
        if (spec[j] == '\'') {
          if (j + 1 < spec.size() && spec[j + 1] == '\'') {
            literal += '\'';
            j += 2;
            continue;
          }
          break;
        }
        literal += spec[j++];
      }
      out += literal;
      i = j + 1;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(ch))) {
      out += ch;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < spec.size() && spec[j] == ch) ++j;
    const std::string tok = spec.substr(i, j - i);
    const std::size_t n = tok.size();
    const std::string q = nlohmann::json(tok).dump();
    auto bad = [&](const std::string& why) {
      return error("invalid date format verb " + q + (why.empty() ? "" : ": " + why), 0);
    };
    switch (ch) {
      case 'Y':
        if (n == 2)
          out += two(c.year % 100);
        else if (n == 4)
          out += four(c.year);
        else
          return bad("year must either be \"YY\" or \"YYYY\"");
        break;
      case 'M':
        if (n == 1)
          out += std::to_string(c.month);
        else if (n == 2)
          out += two(c.month);
        else if (n == 3)
          out += std::string(kMonths[c.month - 1]).substr(0, 3);
        else if (n == 4)
          out += kMonths[c.month - 1];
        else
          return bad("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
        break;
      case 'D':
        if (n == 1)
          out += std::to_string(c.day);
        else if (n == 2)
          out += two(c.day);
        else
          return bad("day of month must either be \"D\" or \"DD\"");
        break;
      case 'E':
        if (n == 3)
          out += std::string(kDays[c.weekday]).substr(0, 3);
        else if (n == 4)
          out += kDays[c.weekday];
        else
          return bad("day of week must either be \"EEE\" or \"EEEE\"");
        break;
      case 'h':
        if (n == 1)
          out += std::to_string(c.hour);
        else if (n == 2)
          out += two(c.hour);
        else
          return bad("24-hour must either be \"h\" or \"hh\"");
        break;
      case 'H': {
        const int h = c.hour % 12 == 0 ? 12 : c.hour % 12;
        if (n == 1)
          out += std::to_string(h);
        else if (n == 2)
          out += two(h);
        else
          return bad("12-hour must either be \"H\" or \"HH\"");
        break;
      }
      case 'A':
      case 'a':
        if (n != 2) return bad("must be \"" + std::string(2, ch) + "\"");
        out += c.hour < 12 ? (ch == 'A' ? "AM" : "am") : (ch == 'A' ? "PM" : "pm");
        break;
      case 'm':
        if (n == 1)
          out += std::to_string(c.minute);
        else if (n == 2)
          out += two(c.minute);
        else
          return bad("minute must either be \"m\" or \"mm\"");
        break;
      case 's':
        if (n == 1)
          out += std::to_string(c.second);
        else if (n == 2)
          out += two(c.second);
        else
          return bad("second must either be \"s\" or \"ss\"");
        break;
      case 'Z':
        if (n == 1)
          out += t.offset == 0 ? "Z" : offset_text(t.offset, true);
        else if (n == 3)
          out += t.offset == 0 ? "UTC" : offset_text(t.offset, false);
        else if (n == 4)
          out += offset_text(t.offset, false);
        else if (n == 5)
          out += offset_text(t.offset, true);
        else
          return bad("timezone must be Z, ZZZZ, or ZZZZZ");
        break;
      default:
        return bad("");
    }
    i = j;
  }
  return out;
}

// Go's time.ParseDuration, in nanoseconds.
std::variant<std::int64_t, std::string> parse_duration(const std::string& s) {
  const std::string quoted = nlohmann::json(s).dump();
  const std::string invalid_duration = "time: invalid duration " + quoted;
  std::size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) negative = s[p++] == '-';
  if (s.substr(p) == "0") return std::int64_t{0};
  if (p == s.size()) return invalid_duration;
  long double total = 0;
  while (p < s.size()) {
    std::size_t start = p;
    while (p < s.size() && (std::isdigit(static_cast<unsigned char>(s[p])) || s[p] == '.')) ++p;
    if (p == start) return invalid_duration;
    const long double amount = std::stold(s.substr(start, p - start));
    std::size_t unit_start = p;
    while (p < s.size() && !std::isdigit(static_cast<unsigned char>(s[p])) && s[p] != '.') ++p;
    const std::string unit = s.substr(unit_start, p - unit_start);
    long double scale;
    if (unit.empty()) return "time: missing unit in duration " + quoted;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
      scale = 1e3L;
    else if (unit == "ms")
      scale = 1e6L;
    else if (unit == "s")
      scale = 1e9L;
    else if (unit == "m")
      scale = 60e9L;
    else if (unit == "h")
      scale = 3600e9L;
    else
      return "time: unknown unit " + nlohmann::json(unit).dump() + " in duration " + quoted;
    total += amount * scale;
  }
  if (total > 9.2e18L) return invalid_duration;
  const auto n = static_cast<std::int64_t>(total + 0.5L);
  return negative ? -n : n;
}

Time now_utc() {
  const auto since = std::chrono::system_clock::now().time_since_epoch();
  Time t;
  t.seconds = std::chrono::duration_cast<std::chrono::seconds>(since).count();
  return t;
}

}  // namespace

void add_datetime_functions(FunctionTable& table, const FunctionOptions& options) {
  const std::string plan_time = options.plan_timestamp;
  table["plantimestamp"] = make({}, Type::string(), [plan_time](const Args&) -> Result {
    if (plan_time.empty()) return Value::unknown(Type::string());
    return Value::string(plan_time);
  });

  table["timestamp"] = make(
      {}, Type::string(), [](const Args&) -> Result { return Value::string(rfc3339(now_utc())); });

  table["formatdate"] = make({param("format", Type::string()), param("time", Type::string())},
                             Type::string(), [](const Args& a) -> Result {
                               auto t = parse_timestamp(a[1].as_string());
                               if (auto* e = std::get_if<std::string>(&t)) return error(*e, 1);
                               auto r = format_date(a[0].as_string(), std::get<Time>(t));
                               if (auto* e = std::get_if<FunctionError>(&r)) return *e;
                               return Value::string(std::get<std::string>(r));
                             });

  table["timeadd"] = make({param("timestamp", Type::string()), param("duration", Type::string())},
                          Type::string(), [](const Args& a) -> Result {
                            auto t = parse_timestamp(a[0].as_string());
                            if (auto* e = std::get_if<std::string>(&t)) return error(*e, 0);
                            auto d = parse_duration(a[1].as_string());
                            if (auto* e = std::get_if<std::string>(&d)) return error(*e, 1);
                            Time r = std::get<Time>(t);
                            std::int64_t nanos = r.nanos + std::get<std::int64_t>(d);
                            std::int64_t carry = nanos >= 0 ? nanos / 1000000000
                                                            : -((-nanos + 999999999) / 1000000000);
                            r.seconds += carry;
                            r.nanos = nanos - carry * 1000000000;
                            return Value::string(rfc3339(r));
                          });

  table["timecmp"] =
      make({param("timestamp_a", Type::string()), param("timestamp_b", Type::string())},
           Type::number(), [](const Args& a) -> Result {
             auto x = parse_timestamp(a[0].as_string());
             if (auto* e = std::get_if<std::string>(&x)) return error(*e, 0);
             auto y = parse_timestamp(a[1].as_string());
             if (auto* e = std::get_if<std::string>(&y)) return error(*e, 1);
             const Time& tx = std::get<Time>(x);
             const Time& ty = std::get<Time>(y);
             if (tx.seconds == ty.seconds && tx.nanos == ty.nanos) return number_value(0);
             const bool before =
                 tx.seconds < ty.seconds || (tx.seconds == ty.seconds && tx.nanos < ty.nanos);
             return number_value(before ? -1 : 1);
           });
}

}  // namespace fgform::lang::functions
