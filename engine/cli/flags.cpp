#include "cli/flags.h"

#include <cctype>

namespace fgform::cli {

Flags& Flags::boolean(const std::string& name, bool default_value) {
  kinds_[name] = Kind::kBool;
  bools_[name] = default_value;
  return *this;
}

Flags& Flags::text(const std::string& name, std::string default_value) {
  kinds_[name] = Kind::kText;
  texts_[name] = std::move(default_value);
  return *this;
}

Flags& Flags::repeated(const std::string& name) {
  kinds_[name] = Kind::kRepeated;
  lists_[name];
  return *this;
}

std::optional<std::string> Flags::parse(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      positional_.insert(positional_.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      return std::nullopt;
    }
    if (a.size() < 2 || a[0] != '-') {
      positional_.push_back(a);
      continue;
    }
    std::string body = a.substr(a[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (auto eq = body.find('='); eq != std::string::npos) {
      inline_value = body.substr(eq + 1);
      body = body.substr(0, eq);
    }
    auto kind = kinds_.find(body);
    if (kind == kinds_.end()) return "flag provided but not defined: -" + body;
    given_[body] = true;
    if (kind->second == Kind::kBool) {
      if (!inline_value || *inline_value == "true" || *inline_value == "1") {
        bools_[body] = true;
      } else if (*inline_value == "false" || *inline_value == "0") {
        bools_[body] = false;
      } else {
        return "invalid boolean value \"" + *inline_value + "\" for -" + body;
      }
      continue;
    }
    std::string v;
    if (inline_value) {
      v = *inline_value;
    } else if (i + 1 < args.size()) {
      v = args[++i];
    } else {
      return "flag needs an argument: -" + body;
    }
    if (kind->second == Kind::kText) {
      texts_[body] = v;
    } else {
      lists_[body].push_back(v);
      ordered_.emplace_back(body, v);
    }
  }
  return std::nullopt;
}

bool Flags::flag(const std::string& name) const {
  auto it = bools_.find(name);
  return it != bools_.end() && it->second;
}

const std::string& Flags::value(const std::string& name) const {
  static const std::string empty;
  auto it = texts_.find(name);
  return it == texts_.end() ? empty : it->second;
}

bool Flags::given(const std::string& name) const { return given_.count(name) > 0; }

const std::vector<std::string>& Flags::values(const std::string& name) const {
  static const std::vector<std::string> empty;
  auto it = lists_.find(name);
  return it == lists_.end() ? empty : it->second;
}

std::optional<long long> parse_duration_ms(const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0;
  long long total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (start == i) return std::nullopt;
    double n = 0;
    try {
      n = std::stod(text.substr(start, i - start));
    } catch (...) {
      return std::nullopt;
    }
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    double ms;
    if (unit == "ms") ms = n;
    else if (unit == "s") ms = n * 1000;
    else if (unit == "m") ms = n * 60000;
    else if (unit == "h") ms = n * 3600000;
    else return std::nullopt;
    total += static_cast<long long>(ms);
  }
  return total;
}

}  // namespace fgform::cli
