#include "address.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "hcl/escape.h"

namespace fgform::state {
namespace {

using value::Diagnostic;

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i. Bad bytes come
// back as themselves (one byte), so nothing is lost in messages.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return c;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  i += len;
  return cp;
}

// Go's unicode.IsPrint, close enough for addresses: control characters, the line and
// paragraph separators and unassigned-looking surrogates are escaped.
bool is_print(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp == 0xad || cp == 0x2028 || cp == 0x2029) return false;
  if (cp >= 0xd800 && cp < 0xe000) return false;
  if (cp == 0xfeff || cp > 0x10ffff) return false;
  return true;
}

std::string hcl_quote(const std::string& s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(s, i);
    switch (cp) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '$':
      case '%':
        out += static_cast<char>(cp);
        if (i < s.size() && s[i] == '{') out += static_cast<char>(cp);
        break;
      default:
        if (!is_print(cp)) {
          char buf[16];
          if (cp < 0x10000) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          } else {
            std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
          }
          out += buf;
        } else {
          out.append(s, start, i - start);
        }
    }
  }
  return out + "\"";
}

// A small cursor over the address text; every error names the column it happened at.
class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  bool done() const { return pos_ >= s_.size(); }
  bool failed() const { return diags_.has_errors(); }
  value::Diagnostics take_diagnostics() { return std::move(diags_); }

  void error(std::string detail) {
    if (failed()) return;
    diags_.add(Diagnostic::error(
        "Invalid address",
        detail + " (in \"" + std::string(s_) + "\" at column " + std::to_string(pos_ + 1) + ")"));
  }

  bool peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  // Identifier at the cursor (letters, digits, '_', '-', not starting with a digit or '-').
  std::string peek_ident(std::size_t* end = nullptr) const {
    std::size_t p = pos_;
    while (p < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[p]);
      const bool alpha = std::isalpha(c) || c == '_' || c >= 0x80;
      const bool cont = alpha || std::isdigit(c) || c == '-';
      if (p == pos_ ? !alpha : !cont) break;
      ++p;
    }
    if (end) *end = p;
    return std::string(s_.substr(pos_, p - pos_));
  }
  std::string ident(const char* what) {
    std::size_t end = 0;
    std::string id = peek_ident(&end);
    if (id.empty()) {
      error(std::string("expected ") + what);
      return {};
    }
    pos_ = end;
    return id;
  }
  // Does the text at the cursor read `word.`?
  bool at_keyword(std::string_view word) const {
    std::size_t end = 0;
    return peek_ident(&end) == word && end < s_.size() && s_[end] == '.';
  }
  void skip(std::size_t n) { pos_ += n; }

  // `[0]` or `["k"]`; the cursor is on '['.
  InstanceKey key() {
    ++pos_;
    InstanceKey k;
    if (peek('"')) {
      k = InstanceKey::string(quoted());
    } else {
      std::size_t p = pos_;
      if (p < s_.size() && s_[p] == '-') ++p;
      while (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) ++p;
      std::int64_t n = 0;
      const auto [ptr, ec] = std::from_chars(s_.data() + pos_, s_.data() + p, n);
      if (p == pos_ || ec != std::errc() || ptr != s_.data() + p) {
        error("an instance key must be a whole number or a quoted string");
        return {};
      }
      pos_ = p;
      k = InstanceKey::integer(n);
    }
    if (failed()) return {};
    if (!eat(']')) error("expected ']' after the instance key");
    return k;
  }

 private:
  // A quoted instance key: found up to its closing quote here, unescaped by HCL's own rules.
  std::string quoted() {
    const std::size_t start = ++pos_;  // past the opening quote
    std::size_t end = start;
    for (; end < s_.size() && s_[end] != '"'; ++end) {
      const char c = s_[end];
      if (c == '\n') {
        pos_ = end;
        error("unterminated string");
        return {};
      }
      if ((c == '$' || c == '%') && end + 2 < s_.size() && s_[end + 1] == c && s_[end + 2] == '{') {
        end += 2;  // `$${` is a literal `${`
        continue;
      }
      if ((c == '$' || c == '%') && end + 1 < s_.size() && s_[end + 1] == '{') {
        pos_ = end;
        error("template sequences are not allowed in an instance key");
        return {};
      }
      if (c == '\\') ++end;  // an escaped character cannot close the string
    }
    if (end >= s_.size()) {
      pos_ = s_.size();
      error("unterminated string in an instance key");
      return {};
    }
    std::string out;
    if (auto bad = hcl::unescape_quoted(s_.substr(start, end - start), out)) {
      error("invalid escape sequence in an instance key: " + *bad);
      return {};
    }
    pos_ = end + 1;
    return out;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  value::Diagnostics diags_;
};

// `module.NAME[KEY].` steps at the front of an address.
ModuleInstance parse_module_prefix(Parser& p, bool whole) {
  ModuleInstance m;
  while (!p.failed() && p.at_keyword("module")) {
    p.skip(7);  // "module."
    ModuleStep step;
    step.name = p.ident("a module name after \"module.\"");
    if (p.failed()) break;
    if (p.peek('[')) step.key = p.key();
    m.steps.push_back(std::move(step));
    if (p.done()) break;
    if (!p.eat('.')) {
      p.error(whole ? "expected \".module\" or the end of the address"
                    : "expected '.' after the module step");
      break;
    }
  }
  return m;
}

Resource parse_resource(Parser& p) {
  Resource r;
  if (p.at_keyword("data")) {
    p.skip(5);
    r.mode = ResourceMode::kData;
  }
  r.type = p.ident("a resource type");
  if (p.failed()) return r;
  if (!p.eat('.')) {
    p.error("a resource address must include a resource type and name");
    return r;
  }
  r.name = p.ident("a resource name");
  return r;
}

}  // namespace

std::string InstanceKey::to_string() const {
  if (is_int()) return "[" + std::to_string(as_int()) + "]";
  if (is_string()) return "[" + hcl_quote(as_string()) + "]";
  return "";
}

std::strong_ordering operator<=>(const InstanceKey& a, const InstanceKey& b) {
  if (a.repr_.index() != b.repr_.index()) return a.repr_.index() <=> b.repr_.index();
  if (a.is_int()) return a.as_int() <=> b.as_int();
  if (a.is_string()) {
    const int c = a.as_string().compare(b.as_string());
    return c < 0   ? std::strong_ordering::less
           : c > 0 ? std::strong_ordering::greater
                   : std::strong_ordering::equal;
  }
  return std::strong_ordering::equal;
}

ModuleInstance ModuleInstance::child(std::string name, InstanceKey key) const {
  ModuleInstance m = *this;
  m.steps.push_back({std::move(name), std::move(key)});
  return m;
}

ModuleInstance ModuleInstance::parent() const {
  ModuleInstance m = *this;
  if (!m.steps.empty()) m.steps.pop_back();
  return m;
}

std::string ModuleInstance::to_string() const {
  std::string out;
  for (const auto& step : steps) {
    if (!out.empty()) out += '.';
    out += "module." + step.name + step.key.to_string();
  }
  return out;
}

namespace {
std::strong_ordering compare_strings(const std::string& a, const std::string& b) {
  const int c = a.compare(b);
  return c < 0   ? std::strong_ordering::less
         : c > 0 ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}
}  // namespace

std::strong_ordering operator<=>(const ModuleInstance& a, const ModuleInstance& b) {
  if (a.steps.size() != b.steps.size()) return a.steps.size() <=> b.steps.size();
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    if (auto c = compare_strings(a.steps[i].name, b.steps[i].name); c != 0) return c;
    if (auto c = a.steps[i].key <=> b.steps[i].key; c != 0) return c;
  }
  return std::strong_ordering::equal;
}

std::string mode_name(ResourceMode m) {
  return m == ResourceMode::kData ? "data" : "managed";
}

std::optional<ResourceMode> parse_mode_name(std::string_view s) {
  if (s == "managed") return ResourceMode::kManaged;
  if (s == "data") return ResourceMode::kData;
  return std::nullopt;
}

std::string Resource::to_string() const {
  return (mode == ResourceMode::kData ? "data." : "") + type + "." + name;
}

std::strong_ordering operator<=>(const Resource& a, const Resource& b) {
  // Data resources sort before managed ones, as in Terraform.
  if (a.mode != b.mode) {
    return a.mode == ResourceMode::kData ? std::strong_ordering::less
                                         : std::strong_ordering::greater;
  }
  if (auto c = compare_strings(a.type, b.type); c != 0) return c;
  return compare_strings(a.name, b.name);
}

std::string AbsResource::to_string() const {
  return module.is_root() ? resource.to_string() : module.to_string() + "." + resource.to_string();
}

std::strong_ordering operator<=>(const AbsResource& a, const AbsResource& b) {
  if (auto c = a.module <=> b.module; c != 0) return c;
  return a.resource <=> b.resource;
}

std::string AbsResourceInstance::to_string() const {
  return containing().to_string() + key.to_string();
}

std::strong_ordering operator<=>(const AbsResourceInstance& a, const AbsResourceInstance& b) {
  if (auto c = a.module <=> b.module; c != 0) return c;
  if (auto c = a.resource <=> b.resource; c != 0) return c;
  return a.key <=> b.key;
}

value::Decoded<ModuleInstance> parse_module_instance(std::string_view text) {
  Parser p(text);
  value::Decoded<ModuleInstance> out;
  if (!text.empty()) {
    if (!p.at_keyword("module")) p.error("a module address must start with \"module.\"");
    out.value = parse_module_prefix(p, true);
    if (!p.failed() && !p.done()) p.error("unexpected text after the module address");
  }
  out.diagnostics = p.take_diagnostics();
  return out;
}

value::Decoded<AbsResourceInstance> parse_abs_resource_instance(std::string_view text) {
  Parser p(text);
  value::Decoded<AbsResourceInstance> out;
  if (text.empty()) p.error("the address is empty");
  if (!p.failed()) out.value.module = parse_module_prefix(p, false);
  if (!p.failed() && p.done()) {
    p.error("a resource address must include a resource type and name after the module path");
  }
  if (!p.failed()) out.value.resource = parse_resource(p);
  if (!p.failed() && p.peek('[')) out.value.key = p.key();
  if (!p.failed() && !p.done()) p.error("unexpected text after the resource address");
  out.diagnostics = p.take_diagnostics();
  return out;
}

value::Decoded<AbsResource> parse_abs_resource(std::string_view text) {
  auto inst = parse_abs_resource_instance(text);
  value::Decoded<AbsResource> out{inst.value.containing(), std::move(inst.diagnostics)};
  if (out.ok() && !inst.value.key.is_none()) {
    out.diagnostics.add(Diagnostic::error(
        "Invalid address",
        "a resource address must not include an instance key (in \"" + std::string(text) + "\")"));
  }
  return out;
}

}  // namespace fgform::state
