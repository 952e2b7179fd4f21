// yamldecode: YAML to a value as Terraform's go-cty-yaml does it. go-cty-yaml is built on
// go-yaml, a Go port of libyaml, so the events come from libyaml itself; what is ours is the
// conversion: YAML 1.1 scalar resolution (yes/no/on/off are booleans, timestamps become RFC 3339
// strings), sequences as tuples, mappings as objects with string keys, aliases.
//
// The conversion keeps its own stack (libyaml's parser is not recursive either) and stops at
// kMaxDepth levels, as jsondecode does; aliases may add at most kMaxAliasValues values
// in all, so a "billion laughs" document is refused instead of expanding without end.
#include <yaml.h>

#include <map>
#include <memory>

#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

constexpr std::size_t kMaxAliasValues = 1000000;
constexpr std::size_t kMaxDepth = 1000;

__extension__ typedef unsigned __int128 Wide;  // 64-bit integers and their overflow

const std::string kTagPrefix = "tag:yaml.org,2002:";
const std::string kStrTag = kTagPrefix + "str";
const std::string kBoolTag = kTagPrefix + "bool";
const std::string kIntTag = kTagPrefix + "int";
const std::string kFloatTag = kTagPrefix + "float";
const std::string kNullTag = kTagPrefix + "null";
const std::string kTimestampTag = kTagPrefix + "timestamp";
const std::string kBinaryTag = kTagPrefix + "binary";
const std::string kMapTag = kTagPrefix + "map";
const std::string kSeqTag = kTagPrefix + "seq";

struct YamlError {
  std::string message;
};

// An error about an event, placed as go-cty-yaml places it: go-yaml's line number (0-based
// in its marks, printed as it is) and a 1-based column.
std::string at(const yaml_mark_t& m, const std::string& message) {
  return "on line " + std::to_string(m.line) + ", column " + std::to_string(m.column + 1) + ": " +
         message;
}

// fgform's own limits, placed the usual way (1-based line and column).
std::string at_limit(const yaml_mark_t& m, const std::string& message) {
  return "on line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1) +
         ": " + message;
}

// libyaml's own error, placed as go-yaml does: by the problem's line (a scanner error's one
// further), else by its context's line; on the first line, not placed at all.
std::string parser_error(const yaml_parser_t& p) {
  const std::string problem = p.problem ? p.problem : "failed to parse YAML";
  std::size_t line = 0, column = 0;
  if (p.problem_mark.line != 0) {
    const bool scanner = p.error == YAML_SCANNER_ERROR;
    line = p.problem_mark.line + (scanner ? 1 : 0);
    column = p.problem_mark.column + (scanner ? 0 : 1);
  } else if (p.context_mark.line != 0) {
    line = p.context_mark.line;
    column = p.context_mark.column + 1;
  }
  if (line == 0) return problem;
  return "on line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + problem;
}

// The well-known plain scalars of YAML 1.1 that go-yaml resolves by table.
std::optional<Value> resolve_by_table(const std::string& s) {
  static const std::map<std::string, Value> table = [] {
    std::map<std::string, Value> t;
    for (const char* w : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
      t.emplace(w, Value::boolean(true));
    for (const char* w :
         {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
      t.emplace(w, Value::boolean(false));
    for (const char* w : {"", "~", "null", "Null", "NULL"})
      t.emplace(w, Value::null(Type::dynamic()));
    return t;
  }();
  auto it = table.find(s);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// A decimal number as cty.ParseNumberVal reads it: sign, digits with an optional point (".5"
// and "5." too), optional exponent.
std::optional<Number> parse_decimal(std::string s) {
  std::size_t i = 0;
  std::string sign;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? "-" : "";
  std::string mantissa;
  std::size_t digits = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      mantissa += s[i];
      ++digits;
    } else if (s[i] == '.' && !point) {
      point = true;
      if (mantissa.empty()) mantissa = "0";
      mantissa += '.';
    } else {
      break;
    }
  }
  if (digits == 0) return std::nullopt;
  if (mantissa.back() == '.') mantissa += '0';
  std::string exponent;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    exponent = "e";
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exponent += s[i++];
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') exponent += s[i++];
    if (i == start) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return Number::parse(sign + mantissa + exponent);
}

// Go's strconv.ParseInt/ParseUint with base 0 (0x, 0o, 0b and a leading 0 for octal), 64 bits.
std::optional<Number> parse_prefixed_int(const std::string& s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int base = 10;
  if (s.compare(i, 2, "0x") == 0 || s.compare(i, 2, "0X") == 0) {
    base = 16;
    i += 2;
  } else if (s.compare(i, 2, "0o") == 0 || s.compare(i, 2, "0O") == 0) {
    base = 8;
    i += 2;
  } else if (s.compare(i, 2, "0b") == 0 || s.compare(i, 2, "0B") == 0) {
    base = 2;
    i += 2;
  } else if (s.size() - i > 1 && s[i] == '0') {
    base = 8;
    ++i;
  }
  if (i == s.size()) return std::nullopt;
  Wide v = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : 99;
    if (d >= base) return std::nullopt;
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (v > 0xffffffffffffffffULL) return std::nullopt;
  }
  // ParseInt for negatives (down to -2^63), ParseUint for the rest.
  if (negative && v > (Wide(1) << 63)) return std::nullopt;
  const auto u = static_cast<std::uint64_t>(v);
  if (!negative) return Number::parse(std::to_string(u));
  return Number::parse("-" + std::to_string(u));
}

// One to `max` digits at s[i...]; advances i.
std::optional<int> read_digits(const std::string& s, std::size_t& i, std::size_t min,
                               std::size_t max) {
  std::size_t start = i;
  int v = 0;
  while (i < s.size() && i - start < max && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
  if (i - start < min) return std::nullopt;
  return v;
}

std::string two(int v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// The YAML timestamp forms go-cty-yaml accepts (YYYY-M-D, with "T"/"t"/" " and a time, with an
// optional fraction and, after T, a zone), as an RFC 3339 string (seconds, no fraction).
std::optional<std::string> parse_timestamp(const std::string& s) {
  std::size_t i = 0;
  auto year = read_digits(s, i, 4, 4);
  if (!year || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  auto month = read_digits(s, i, 1, 2);
  if (!month || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  auto day = read_digits(s, i, 1, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1) return std::nullopt;
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (*year % 4 == 0 && *year % 100 != 0) || *year % 400 == 0;
  if (*day > days[*month - 1] || (*month == 2 && *day == 29 && !leap)) return std::nullopt;
  const std::string date = std::to_string(*year) + "-" + two(*month) + "-" + two(*day);
  if (i == s.size()) return date + "T00:00:00Z";
  const char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  auto hour = read_digits(s, i, 1, 2);
  if (!hour || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  auto minute = read_digits(s, i, 1, 2);
  if (!minute || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  auto second = read_digits(s, i, 1, 2);
  if (!second || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!read_digits(s, i, 1, 9)) return std::nullopt;
  }
  const std::string time = two(*hour) + ":" + two(*minute) + ":" + two(*second);
  if (sep == ' ') {
    if (i != s.size()) return std::nullopt;
    return date + "T" + time + "Z";
  }
  if (i < s.size() && s[i] == 'Z') {
    if (i + 1 != s.size()) return std::nullopt;
    return date + "T" + time + "Z";
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return std::nullopt;
  const char zsign = s[i++];
  auto zh = read_digits(s, i, 2, 2);
  if (!zh || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  auto zm = read_digits(s, i, 2, 2);
  if (!zm || i != s.size() || *zh > 23 || *zm > 59) return std::nullopt;
  if (*zh == 0 && *zm == 0) return date + "T" + time + "Z";
  return date + "T" + time + zsign + two(*zh) + ":" + two(*zm);
}

// `prefix` followed by one or more of `digits`, and nothing else.
bool is_prefixed(const std::string& s, std::string_view prefix, std::string_view digits) {
  return s.size() > prefix.size() && s.compare(0, prefix.size(), prefix) == 0 &&
         s.find_first_not_of(digits, prefix.size()) == std::string::npos;
}

std::string without_underscores(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

// go-cty-yaml's resolveScalar: the value of a scalar with its (long) tag, "" for none.
std::variant<Value, std::string> resolve_scalar(std::string tag, const std::string& src) {
  const bool resolvable = tag.empty() || tag == kStrTag || tag == kBoolTag || tag == kIntTag ||
                          tag == kFloatTag || tag == kNullTag || tag == kTimestampTag ||
                          tag == kBinaryTag;
  if (!resolvable) return "unsupported tag \"" + tag + "\"";
  char hint = 'N';
  if (!src.empty()) {
    const char c = src[0];
    hint = c == '+' || c == '-'                                           ? 'S'
           : c >= '0' && c <= '9'                                         ? 'D'
           : std::string_view("yYnNtTfFoO~").find(c) != std::string::npos ? 'M'
           : c == '.'                                                     ? '.'
                                                                          : 0;
  }
  if (hint != 0 && tag != kStrTag && tag != kBinaryTag) {
    if (auto v = resolve_by_table(src)) return *v;
    if (src == ".nan" || src == ".NaN" || src == ".NAN") {
      return std::string("floating point NaN is not supported");
    }
    if (src == ".inf" || src == ".Inf" || src == ".INF" || src == "+.inf" || src == "+.Inf" ||
        src == "+.INF" || src == "-.inf" || src == "-.Inf" || src == "-.INF") {
      return std::string("infinite numbers are not supported");
    }
    if (hint == '.') {
      if (auto n = parse_decimal(src)) return Value::number(*n);
    } else if (hint == 'D' || hint == 'S') {
      if (tag.empty() || tag == kTimestampTag) {
        if (auto t = parse_timestamp(src)) return Value::string(*t);
      }
      if (auto n = parse_decimal(src)) return Value::number(*n);
      // Terraform 1.11 reads unsigned "0x1F" and "0o17" as integers; "0b101", "1_000" and
      // "0X1F" stay strings.
      if (is_prefixed(src, "0x", "0123456789abcdefABCDEF") || is_prefixed(src, "0o", "01234567")) {
        tag = kIntTag;
      }
    }
  }
  if (tag == kStrTag || tag == kBinaryTag) {
    if (tag == kBinaryTag && !base64_decode(src)) {
      return "cannot parse \"" + src + "\" as " + tag + ": not valid base64";
    }
    return Value::string(src);
  }
  if (tag == kBoolTag) {
    auto v = resolve_by_table(src);
    if (!v || v->type() != Type::boolean()) return "cannot parse \"" + src + "\" as " + tag;
    return *v;
  }
  if (tag == kFloatTag || tag == kIntTag) {
    const std::string plain = without_underscores(src);
    if (auto n = parse_decimal(plain)) return Value::number(*n);
    if (auto n = parse_prefixed_int(plain)) return Value::number(*n);
    return "cannot parse \"" + src + "\" as " + tag;
  }
  if (tag == kTimestampTag) {
    if (auto t = parse_timestamp(src)) return Value::string(*t);
    return "cannot parse \"" + src + "\" as " + tag;
  }
  if (tag == kNullTag) return Value::null(Type::dynamic());
  return Value::string(src);
}

// A libyaml parser that is always cleaned up.
class Parser {
 public:
  explicit Parser(const std::string& src) : src_(src.empty() ? "\n" : src) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(src_.data()),
                                   src_.size());
    }
  }
  ~Parser() {
    if (has_event_) yaml_event_delete(&event_);
    if (ok_) yaml_parser_delete(&parser_);
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  bool ok() const { return ok_; }

  // The next event, or the parser's error.
  std::variant<const yaml_event_t*, std::string> next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) return parser_error(parser_);
    has_event_ = true;
    return &event_;
  }

 private:
  std::string src_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool ok_ = false;
  bool has_event_ = false;
};

std::string text_of(const yaml_char_t* s) {
  return s ? reinterpret_cast<const char*>(s) : "";
}

// One open collection on the conversion stack.
struct Frame {
  bool mapping = false;
  std::string anchor;
  Value::Elements items;
  Value::Entries entries;
  std::optional<std::string> key;
  std::size_t values = 1;  // values in this collection and below, for the alias budget
};

struct Anchored {
  Value value;
  std::size_t values = 1;
};

std::variant<Value, std::string> decode(const std::string& src) {
  Parser p(src);
  if (!p.ok()) return std::string("failed to initialize YAML parser");
  auto next = [&]() { return p.next(); };
  auto e = next();
  if (auto* err = std::get_if<std::string>(&e)) return *err;
  if (std::get<0>(e)->type != YAML_STREAM_START_EVENT) {
    return at(std::get<0>(e)->start_mark, "missing stream start token");
  }
  e = next();
  if (auto* err = std::get_if<std::string>(&e)) return *err;
  if (std::get<0>(e)->type != YAML_DOCUMENT_START_EVENT) {
    return at(std::get<0>(e)->start_mark, "missing start of document");
  }

  std::vector<Frame> stack;
  std::map<std::string, int> pending;  // anchors whose collection is still open
  std::map<std::string, Anchored> anchors;
  std::size_t alias_values = 0;
  std::optional<Value> result;
  std::size_t result_values = 0;

  // Hands a finished value to the collection it belongs to (or makes it the result).
  auto deliver = [&](Value v, std::size_t values) {
    if (stack.empty()) {
      result = std::move(v);
      result_values = values;
      return;
    }
    Frame& top = stack.back();
    top.values += values;
    if (top.mapping) {
      top.entries[*top.key] = std::move(v);  // a repeated key: the last one wins, as in Go
      top.key.reset();
    } else {
      top.items.push_back(std::move(v));
    }
  };
  auto complete_anchor = [&](const std::string& name, const Value& v, std::size_t values) {
    if (name.empty()) return;
    if (--pending[name] == 0) pending.erase(name);
    anchors[name] = Anchored{v, values};
  };

  while (!result) {
    e = next();
    if (auto* err = std::get_if<std::string>(&e)) return *err;
    const yaml_event_t& ev = *std::get<0>(e);
    const bool wants_key = !stack.empty() && stack.back().mapping && !stack.back().key;
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        const std::string value(reinterpret_cast<const char*>(ev.data.scalar.value),
                                ev.data.scalar.length);
        std::string tag = text_of(ev.data.scalar.tag);
        // A quoted or block scalar is a string whatever its tag (Terraform reads `!!int '12'`
        // as "12"), and so is one tagged with the non-specific "!".
        if (ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag == "!") tag = kStrTag;
        const std::string anchor = text_of(ev.data.scalar.anchor);
        // go-cty-yaml gives no position for the errors of values, keys and anchors.
        auto resolved = resolve_scalar(tag, value);
        if (auto* err = std::get_if<std::string>(&resolved)) return *err;
        Value v = std::get<Value>(resolved);
        if (wants_key) {
          if (v.is_null()) return std::string("mapping key cannot be null");
          auto key = value::convert(v, Type::string());
          if (!key.ok()) return std::string("only strings are allowed as mapping keys");
          stack.back().key = key.value.as_string();
          break;
        }
        if (!anchor.empty()) {
          ++pending[anchor];
          complete_anchor(anchor, v, 1);
        }
        deliver(std::move(v), 1);
        break;
      }
      case YAML_ALIAS_EVENT: {
        if (wants_key) return std::string("only strings are allowed as mapping keys");
        const std::string name = text_of(ev.data.alias.anchor);
        if (pending.count(name)) {
          return "cannot refer to anchor \"" + name + "\" from inside its own definition";
        }
        auto it = anchors.find(name);
        if (it == anchors.end()) return "reference to undefined anchor \"" + name + "\"";
        alias_values += it->second.values;
        if (alias_values > kMaxAliasValues) {
          return at_limit(ev.start_mark, "the aliases in this document expand to more than " +
                                             std::to_string(kMaxAliasValues) + " values");
        }
        deliver(it->second.value, it->second.values);
        break;
      }
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT: {
        const bool mapping = ev.type == YAML_MAPPING_START_EVENT;
        if (wants_key) return std::string("only strings are allowed as mapping keys");
        const std::string tag =
            text_of(mapping ? ev.data.mapping_start.tag : ev.data.sequence_start.tag);
        if (!tag.empty() && tag != (mapping ? kMapTag : kSeqTag)) {
          return at(ev.start_mark, std::string("can't interpret ") +
                                       (mapping ? "mapping" : "sequence") + " as " + tag);
        }
        // Values nest by recursion elsewhere (types, conversion, rendering), as with jsondecode.
        if (stack.size() >= kMaxDepth) {
          return at_limit(ev.start_mark, "the document nests more than " +
                                             std::to_string(kMaxDepth) + " levels deep");
        }
        Frame f;
        f.mapping = mapping;
        f.anchor = text_of(mapping ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor);
        if (!f.anchor.empty()) ++pending[f.anchor];
        stack.push_back(std::move(f));
        break;
      }
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT: {
        Frame f = std::move(stack.back());
        stack.pop_back();
        Value v =
            f.mapping ? Value::object(std::move(f.entries)) : Value::tuple(std::move(f.items));
        complete_anchor(f.anchor, v, f.values);
        deliver(std::move(v), f.values);
        break;
      }
      case YAML_DOCUMENT_START_EVENT:
        return at(ev.start_mark, "only a single document is allowed");
      case YAML_STREAM_END_EVENT:
        return at(ev.start_mark, "expecting value but found end of stream");
      default:
        return at(ev.start_mark, "unexpected parser event");
    }
  }
  (void)result_values;

  e = next();
  if (auto* err = std::get_if<std::string>(&e)) return *err;
  if (std::get<0>(e)->type == YAML_DOCUMENT_START_EVENT) {
    return at(std::get<0>(e)->start_mark, "only a single document is allowed");
  }
  if (std::get<0>(e)->type != YAML_DOCUMENT_END_EVENT) {
    return at(std::get<0>(e)->start_mark, "unexpected extra content after value");
  }
  e = next();
  if (auto* err = std::get_if<std::string>(&e)) return *err;
  if (std::get<0>(e)->type != YAML_STREAM_END_EVENT) {
    return at(std::get<0>(e)->start_mark, "unexpected extra content after value");
  }
  return std::move(*result);
}

}  // namespace

void add_yaml_functions(FunctionTable& table) {
  Function f;
  f.params = {param("src", Type::string())};
  f.return_type = [](const Args& a) -> TypeResult {
    if (!a[0].is_known()) return Type::dynamic();
    auto v = decode(a[0].as_string());
    if (auto* e = std::get_if<std::string>(&v)) return error(*e, 0);
    return std::get<Value>(v).type();
  };
  f.impl = [](const Args& a) -> Result {
    auto v = decode(a[0].as_string());
    if (auto* e = std::get_if<std::string>(&v)) return error(*e, 0);
    return std::get<Value>(std::move(v));
  };
  table["yamldecode"] = f;
}

}  // namespace fgform::lang::functions
