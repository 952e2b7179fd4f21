#include "validate.h"

#include <re2/re2.h>

#include "formats.h"

namespace fgform::schema {
namespace {

using value::Diagnostic;
using value::Diagnostics;
using value::Path;
using value::Value;

std::size_t utf8_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string list_of(const std::vector<Value>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v.debug_string();
  return out;
}

// Whole-string match, in linear time (RE2, the semantics of the Go providers' validators). The
// schema loader compiles each pattern once; a Validation built in code is compiled here.
bool matches_pattern(const Validation& rule, const std::string& text) {
  if (rule.pattern) return re2::RE2::FullMatch(text, *rule.pattern);
  const re2::RE2 compiled(rule.regex, re2::RE2::Quiet);
  return compiled.ok() && re2::RE2::FullMatch(text, compiled);
}

void check_element(const Attribute& a, const Value& v, const Path& path, Diagnostics& d) {
  if (!v.is_known() || v.is_null()) return;
  const Validation& rule = a.validation;
  auto invalid = [&](const std::string& detail) {
    d.add(Diagnostic::error("Invalid value for " + a.name, detail).at(path));
  };
  if (!rule.one_of.empty()) {
    bool found = false;
    for (const auto& allowed : rule.one_of) found = found || allowed == v;
    if (!found) {
      invalid(path.to_string() + " is " +
              (a.sensitive ? std::string("(sensitive value)") : v.debug_string()) +
              "; it must be one of: " + list_of(rule.one_of));
    }
  }
  for (const auto& refused : rule.none_of) {
    if (refused == v) {
      invalid(path.to_string() + " must not be " +
              (a.sensitive ? std::string("(sensitive value)") : v.debug_string()) +
              "; reserved values: " + list_of(rule.none_of));
      break;
    }
  }
  if (v.type().kind() == value::Type::Kind::kNumber) {
    const auto& n = v.as_number();
    if ((rule.min && n < *rule.min) || (rule.max && *rule.max < n)) {
      std::string range = rule.min && rule.max
                              ? "from " + rule.min->text() + " to " + rule.max->text()
                          : rule.min ? "at least " + rule.min->text()
                                     : "at most " + rule.max->text();
      invalid(path.to_string() + " must be " + range + ", got " + n.text());
    }
  }
  const bool is_string = v.type().kind() == value::Type::Kind::kString;
  const std::size_t length = is_string ? utf8_length(v.as_string()) : v.length();
  if (rule.min_length && length < *rule.min_length) {
    invalid(path.to_string() + " must have at least " + std::to_string(*rule.min_length) +
            (is_string ? " characters" : " elements"));
  }
  if (rule.max_length && length > *rule.max_length) {
    invalid(path.to_string() + " must have at most " + std::to_string(*rule.max_length) +
            (is_string ? " characters" : " elements"));
  }
  if (is_string && !rule.regex.empty() && !matches_pattern(rule, v.as_string())) {
    invalid(path.to_string() + " " +
            (rule.regex_message.empty() ? "must match " + rule.regex : rule.regex_message));
  }
  if (is_string && !rule.format.empty()) {
    if (std::string msg = check_format(rule.format, v.as_string()); !msg.empty()) {
      invalid(path.to_string() + ": " + msg);
    }
  }
}

}  // namespace

Diagnostics validate_value(const Attribute& a, const Value& v, const Path& path) {
  Diagnostics d;
  if (a.validation.empty() || !v.is_known() || v.is_null()) return d;
  // Rules on a collection of primitives apply to each element (one_of on set(string) etc.).
  const auto k = v.type().kind();
  const bool per_element = (k == value::Type::Kind::kList || k == value::Type::Kind::kSet ||
                            k == value::Type::Kind::kMap) &&
                           a.type.is_collection() && a.type.element().is_primitive();
  if (per_element) {
    Attribute length_only = a;
    length_only.validation = Validation{};
    length_only.validation.min_length = a.validation.min_length;
    length_only.validation.max_length = a.validation.max_length;
    check_element(length_only, v, path, d);
    Attribute each = a;
    each.validation.min_length.reset();
    each.validation.max_length.reset();
    if (k == value::Type::Kind::kMap) {
      for (const auto& [key, e] : v.entries()) check_element(each, e, path.key(key), d);
    } else {
      std::int64_t i = 0;
      for (const auto& e : v.elements()) check_element(each, e, path.index(i++), d);
    }
    return d;
  }
  check_element(a, v, path, d);
  return d;
}

Diagnostics validate_config(const Block& block, const Value& config, const Path& base) {
  Diagnostics d;
  if (config.is_null() || !config.is_known()) return d;
  for (const auto& a : block.attributes) {
    const Path path = base.attr(a.name);
    const Value v =
        config.type().has_attribute(a.name) ? config.attribute(a.name) : Value::null(a.type);
    if (a.required && v.is_null()) {
      d.add(Diagnostic::error("Missing required argument",
                              "The argument \"" + a.name + "\" is required.")
                .at(path));
      continue;
    }
    if (a.computed && !a.optional && !a.required && !v.is_null()) {
      d.add(Diagnostic::error("Invalid configuration",
                              "\"" + a.name + "\" is set by the provider and cannot be configured.")
                .at(path));
      continue;
    }
    d.append(validate_value(a, v, path));
  }
  for (const auto& nb : block.blocks) {
    const Path path = base.attr(nb.name);
    if (!config.type().has_attribute(nb.name)) continue;
    const Value v = config.attribute(nb.name);
    if (!v.is_known()) continue;
    if (nb.nesting == Nesting::kSingle || nb.nesting == Nesting::kGroup) {
      if (v.is_null() && nb.min_items == 1) {
        d.add(
            Diagnostic::error("Missing required block", "A \"" + nb.name + "\" block is required.")
                .at(path));
      }
      d.append(validate_config(nb.block, v, path));
      continue;
    }
    if (v.is_null()) continue;
    const auto count = static_cast<int>(v.length());
    if (count < nb.min_items) {
      d.add(Diagnostic::error("Too few \"" + nb.name + "\" blocks",
                              "At least " + std::to_string(nb.min_items) + " are required, found " +
                                  std::to_string(count) + ".")
                .at(path));
    }
    if (nb.max_items > 0 && count > nb.max_items) {
      d.add(Diagnostic::error("Too many \"" + nb.name + "\" blocks",
                              "At most " + std::to_string(nb.max_items) + " are allowed, found " +
                                  std::to_string(count) + ".")
                .at(path));
    }
    if (nb.nesting == Nesting::kMap) {
      for (const auto& [key, e] : v.entries())
        d.append(validate_config(nb.block, e, path.key(key)));
    } else {
      std::int64_t i = 0;
      for (const auto& e : v.elements()) d.append(validate_config(nb.block, e, path.index(i++)));
    }
  }
  return d;
}

}  // namespace fgform::schema
