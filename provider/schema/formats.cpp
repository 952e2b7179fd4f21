#include "formats.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <re2/re2.h>
#include <nlohmann/json.hpp>

namespace fgform::schema {
namespace {

// RE2: linear in the input, which is the user's (docs/design.md).
bool matches(std::string_view text, const re2::RE2& re) {
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re);
}

bool parse_uint(std::string_view text, long& out) {
  if (text.empty() || text.size() > 9) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    out.push_back(text.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

struct CronField {
  const char* name;
  long min;
  long max;
  bool allows_question;
  const char* const* names;  // alternative spellings of min..max, or nullptr
};

constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

bool cron_value(std::string_view text, const CronField& f, long& out) {
  if (parse_uint(text, out)) return out >= f.min && out <= f.max;
  if (f.names == nullptr || text.size() != 3) return false;
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  for (long i = 0; i <= f.max - f.min; ++i) {
    if (upper == f.names[i]) {
      out = f.min + i;
      return true;
    }
  }
  return false;
}

std::string check_cron_field(std::string_view text, const CronField& f) {
  const std::string bad = std::string("cron field ") + f.name + " \"" + std::string(text) +
                          "\" is invalid: expected " + std::to_string(f.min) + "-" +
                          std::to_string(f.max) + " with , - * /" +
                          (f.allows_question ? " or ?" : "");
  if (text == "?") return f.allows_question ? "" : bad;
  for (std::string_view item : split(text, ',')) {
    std::string_view range = item;
    std::size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      long step = 0;
      if (!parse_uint(item.substr(slash + 1), step) || step < 1 || step > f.max) return bad;
      range = item.substr(0, slash);
    }
    if (range == "*") continue;
    std::size_t dash = range.find('-');
    long lo = 0, hi = 0;
    if (dash == std::string_view::npos) {
      if (!cron_value(range, f, lo)) return bad;
    } else {
      if (!cron_value(range.substr(0, dash), f, lo) || !cron_value(range.substr(dash + 1), f, hi) ||
          hi < lo) {
        return bad;
      }
    }
  }
  return "";
}

}  // namespace

std::string check_cron(std::string_view expression) {
  std::string_view e = expression;
  if (e.rfind("@every ", 0) == 0) {
    static const re2::RE2 every(R"(([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)");
    std::string_view d = e.substr(7);
    if (!d.empty() && matches(d, every)) return "";
    return "schedule \"" + std::string(expression) +
           "\" is invalid: @every takes a duration such as 30m, 1.5h or 2h30m";
  }
  if (e.rfind("CRON_TZ=", 0) == 0) {
    std::size_t space = e.find(' ');
    if (space == std::string_view::npos || space == 8) {
      return "schedule \"" + std::string(expression) +
             "\" is invalid: CRON_TZ=<zone> must be "
             "followed by a space and the cron fields";
    }
    e = e.substr(space + 1);
  }
  auto parts = split(e, ' ');
  if (parts.size() != 5 && parts.size() != 6) {
    return "cron expression \"" + std::string(expression) +
           "\" must have 5 or 6 space-separated fields: seconds minutes hours day-of-month month "
           "[day-of-week]";
  }
  static const CronField kFields[] = {
      {"seconds", 0, 59, false, nullptr}, {"minutes", 0, 59, false, nullptr},
      {"hours", 0, 23, false, nullptr},   {"day-of-month", 1, 31, true, nullptr},
      {"month", 1, 12, false, kMonths},   {"day-of-week", 0, 6, true, kDays}};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string msg = check_cron_field(parts[i], kFields[i]);
    if (!msg.empty()) return msg;
  }
  return "";
}

std::string check_rate(std::string_view schedule) {
  if (schedule.size() >= 2) {
    long n = 0;
    char unit = schedule.back();
    if (parse_uint(schedule.substr(0, schedule.size() - 1), n)) {
      if ((unit == 'm' && n >= 1 && n <= 60) || (unit == 'h' && n >= 1 && n <= 24) ||
          (unit == 'd' && n >= 1 && n <= 30)) {
        return "";
      }
    }
  }
  return "rate schedule \"" + std::string(schedule) +
         "\" is invalid: use <N>m (1-60), <N>h (1-24) or <N>d (1-30)";
}

std::string check_json(std::string_view text, bool must_be_object) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) return "must be valid JSON";
  if (must_be_object && !parsed.is_object()) return "must be a JSON object";
  return "";
}

std::string check_ipv4_cidr(std::string_view text) {
  static const re2::RE2 re(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2}))");
  int octets[4] = {0, 0, 0, 0};
  int prefix = 0;
  const std::string msg =
      "\"" + std::string(text) + "\" is not an IPv4 CIDR block such as 192.168.0.0/16";
  if (!re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re, &octets[0], &octets[1],
                           &octets[2], &octets[3], &prefix))
    return msg;
  for (int octet : octets) {
    if (octet > 255) return msg;
  }
  if (prefix > 32) return msg;
  return "";
}

std::string check_ipv4_cidr_list(std::string_view text) {
  constexpr std::size_t kMaxBlocks = 5;
  auto blocks = split(text, ';');
  if (blocks.size() > kMaxBlocks) {
    return "has " + std::to_string(blocks.size()) + " CIDR blocks; at most " +
           std::to_string(kMaxBlocks) + " are allowed, separated by ';'";
  }
  for (auto block : blocks) {
    if (block.empty()) return "has an empty CIDR block; separate blocks with a single ';'";
    if (std::string msg = check_ipv4_cidr(block); !msg.empty()) return msg;
  }
  return "";
}

bool parse_ipv4(std::string_view text, unsigned& address) {
  auto parts = split(text, '.');
  if (parts.size() != 4) return false;
  address = 0;
  for (auto p : parts) {
    long n = 0;
    if (p.size() > 3 || !parse_uint(p, n) || n > 255) return false;
    address = (address << 8) | static_cast<unsigned>(n);
  }
  return true;
}

bool parse_ipv4_cidr(std::string_view cidr, unsigned& network, int& prefix) {
  std::size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return false;
  long p = 0;
  if (!parse_ipv4(cidr.substr(0, slash), network) || !parse_uint(cidr.substr(slash + 1), p) ||
      p < 0 || p > 32) {
    return false;
  }
  prefix = static_cast<int>(p);
  unsigned mask = prefix == 0 ? 0u : ~0u << (32 - prefix);
  return (network & ~mask) == 0;
}

bool is_known_format(std::string_view name) {
  return name == "cron" || name == "timer_rate" || name == "json" || name == "json_object" ||
         name == "cidr" || name == "cidr_list";
}

std::string check_format(std::string_view name, std::string_view text) {
  if (name == "cron") return check_cron(text);
  if (name == "timer_rate") return check_rate(text);
  if (name == "json") return check_json(text, false);
  if (name == "json_object") return check_json(text, true);
  if (name == "cidr") return check_ipv4_cidr(text);
  if (name == "cidr_list") return check_ipv4_cidr_list(text);
  return "";
}

}  // namespace fgform::schema
