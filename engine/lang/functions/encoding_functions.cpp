// Encoding functions: JSON (with exact numbers), base64, URL query escaping, YAML in the style
// of Terraform's yamlencode, and CSV decoding.
#include <cstdio>

#include "lang/functions/helpers.h"
#include "value/utf8.h"

namespace fgform::lang::functions {
namespace {

using Kind = Type::Kind;

// ---- JSON ------------------------------------------------------------------------------------

// Go's encoding/json string form: HTML-sensitive characters and U+2028/2029 are escaped too,
// which is what Terraform's jsonencode produces.
void json_string(const std::string& s, std::string* out) {
  *out += '"';
  for (auto ch : utf8_chars(s)) {
    if (ch.size() > 1) {
      if (ch == "\xE2\x80\xA8") {
        *out += "\\u2028";
      } else if (ch == "\xE2\x80\xA9") {
        *out += "\\u2029";
      } else {
        *out += ch;
      }
      continue;
    }
    const auto c = static_cast<unsigned char>(ch[0]);
    char buf[8];
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '<':
      case '>':
      case '&':
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        *out += buf;
        break;
      default:
        if (c < 0x20) {
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else if (c >= 0x80) {
          *out += "\\ufffd";  // an invalid byte, as Go replaces it
        } else {
          *out += static_cast<char>(c);
        }
    }
  }
  *out += '"';
}

void json_value(const Value& v, std::string* out) {
  if (v.is_null()) {
    *out += "null";
    return;
  }
  switch (v.type().kind()) {
    case Kind::kString:
      json_string(v.as_string(), out);
      return;
    case Kind::kNumber:
      *out += v.as_number().text();
      return;
    case Kind::kBool:
      *out += v.as_bool() ? "true" : "false";
      return;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      *out += '[';
      bool first = true;
      for (const auto& e : v.elements()) {
        if (!first) *out += ',';
        json_value(e, out);
        first = false;
      }
      *out += ']';
      return;
    }
    case Kind::kMap:
    case Kind::kObject: {
      *out += '{';
      bool first = true;
      for (const auto& [k, e] : v.entries()) {
        if (!first) *out += ',';
        json_string(k, out);
        *out += ':';
        json_value(e, out);
        first = false;
      }
      *out += '}';
      return;
    }
    case Kind::kDynamic:
      *out += "null";
      return;
  }
}

// A small JSON reader that keeps numbers as decimal text (no double rounding) and builds
// objects and tuples, as cty's JSON decoding with an implied type does.
class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}

  std::variant<Value, std::string> document() {
    skip();
    if (p_ >= s_.size()) return std::string("unexpected end of JSON input");
    auto v = value();
    if (auto* e = std::get_if<std::string>(&v)) return *e;
    skip();
    if (p_ < s_.size()) {
      return "invalid character " + quote_char() + " after top-level value";
    }
    return v;
  }

 private:
  std::string quote_char() const {
    std::string c(1, s_[p_]);
    return "'" + c + "'";
  }

  void skip() {
    while (p_ < s_.size() &&
           (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) {
      ++p_;
    }
  }

  std::variant<Value, std::string> value() {
    if (++depth_ > 1000) return std::string("JSON nesting too deep");
    skip();
    if (p_ >= s_.size()) return std::string("unexpected end of JSON input");
    const char c = s_[p_];
    std::variant<Value, std::string> r;
    if (c == '{') {
      r = object();
    } else if (c == '[') {
      r = array();
    } else if (c == '"') {
      std::string str;
      if (!string(&str)) return error_;
      r = Value::string(std::move(str));
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      r = number();
    } else if (s_.compare(p_, 4, "true") == 0) {
      p_ += 4;
      r = Value::boolean(true);
    } else if (s_.compare(p_, 5, "false") == 0) {
      p_ += 5;
      r = Value::boolean(false);
    } else if (s_.compare(p_, 4, "null") == 0) {
      p_ += 4;
      r = Value::null(Type::dynamic());
    } else {
      r = "invalid character " + quote_char() + " looking for beginning of value";
    }
    --depth_;
    return r;
  }

  std::variant<Value, std::string> number() {
    const std::size_t start = p_;
    if (s_[p_] == '-') ++p_;
    while (p_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[p_])) || s_[p_] == '.' ||
                              s_[p_] == 'e' || s_[p_] == 'E' || s_[p_] == '+' || s_[p_] == '-')) {
      ++p_;
    }
    auto n = Number::parse(s_.substr(start, p_ - start));
    if (!n) return "invalid number " + s_.substr(start, p_ - start);
    return Value::number(*n);
  }

  // Reads the string at p_ (which is a quote); false with error_ set when it is malformed.
  bool string(std::string* result) {
    ++p_;
    std::string out;
    while (p_ < s_.size() && s_[p_] != '"') {
      char c = s_[p_++];
      if (static_cast<unsigned char>(c) < 0x20) {
        return fail("invalid character in string literal");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p_ >= s_.size()) break;
      char e = s_[p_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = hex4();
          if (!cp) {
            return fail("invalid escape in string literal");
          }
          char32_t code = *cp;
          if (code >= 0xD800 && code < 0xDC00 && s_.compare(p_, 2, "\\u") == 0) {
            p_ += 2;
            auto low = hex4();
            if (low && *low >= 0xDC00 && *low < 0xE000) {
              code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
            }
          }
          out += utf8(code);
          break;
        }
        default:
          return fail("invalid character '" + std::string(1, e) + "' in string escape code");
      }
    }
    if (p_ >= s_.size()) return fail("unexpected end of JSON input");
    ++p_;
    *result = std::move(out);
    return true;
  }

  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  std::optional<char32_t> hex4() {
    if (p_ + 4 > s_.size()) return std::nullopt;
    char32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[p_++];
      int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<char32_t>(d);
    }
    return v;
  }

  static std::string utf8(char32_t c) {
    std::string out;
    value::append_utf8(out, c);
    return out;
  }

  std::variant<Value, std::string> array() {
    ++p_;
    Value::Elements items;
    skip();
    if (p_ < s_.size() && s_[p_] == ']') {
      ++p_;
      return Value::tuple({});
    }
    for (;;) {
      auto v = value();
      if (auto* e = std::get_if<std::string>(&v)) return *e;
      items.push_back(std::get<Value>(v));
      skip();
      if (p_ >= s_.size()) return std::string("unexpected end of JSON input");
      if (s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (s_[p_] == ']') {
        ++p_;
        return Value::tuple(std::move(items));
      }
      return "invalid character " + quote_char() + " after array element";
    }
  }

  std::variant<Value, std::string> object() {
    ++p_;
    Value::Entries entries;
    skip();
    if (p_ < s_.size() && s_[p_] == '}') {
      ++p_;
      return Value::object({});
    }
    for (;;) {
      skip();
      if (p_ >= s_.size()) return std::string("unexpected end of JSON input");
      if (s_[p_] != '"') {
        return "invalid character " + quote_char() + " looking for beginning of object key string";
      }
      std::string k;
      if (!string(&k)) return error_;
      skip();
      if (p_ >= s_.size() || s_[p_] != ':') {
        return std::string("invalid character after object key");
      }
      ++p_;
      auto v = value();
      if (auto* e = std::get_if<std::string>(&v)) return *e;
      if (entries.count(k)) return "duplicate \"" + k + "\" property in JSON object";
      entries.emplace(k, std::get<Value>(v));
      skip();
      if (p_ >= s_.size()) return std::string("unexpected end of JSON input");
      if (s_[p_] == ',') {
        ++p_;
        continue;
      }
      if (s_[p_] == '}') {
        ++p_;
        return Value::object(std::move(entries));
      }
      return "invalid character " + quote_char() + " after object key:value pair";
    }
  }

  const std::string& s_;
  std::size_t p_ = 0;
  int depth_ = 0;
  std::string error_;
};

// ---- YAML ------------------------------------------------------------------------------------
// The shape go-yaml (as Terraform's yamlencode uses it) gives: strings double-quoted (literal
// block style when they contain a newline), keys sorted and quoted, sequences under a key not
// indented, "{}" and "[]" for empty collections.

std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (auto ch : utf8_chars(s)) {
    if (ch.size() > 1) {
      out += ch;
      continue;
    }
    const auto c = static_cast<unsigned char>(ch[0]);
    char buf[8];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (c < 0x20 || c == 0x7F || c >= 0x80) {
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

bool is_block(const Value& v) {
  return !v.is_null() && !v.type().is_primitive() && v.length() > 0;
}

std::string yaml_scalar(const Value& v, const std::string& indent) {
  if (v.is_null()) return "null";
  switch (v.type().kind()) {
    case Kind::kString: {
      const std::string& s = v.as_string();
      const bool printable = valid_utf8(s) && std::none_of(s.begin(), s.end(), [](char c) {
                               const auto u = static_cast<unsigned char>(c);
                               return (u < 0x20 && c != '\n') || u == 0x7F;
                             });
      if (s.find('\n') == std::string::npos || !printable || s.front() == ' ') {
        return yaml_quoted(s);
      }
      // Literal block: "|-" strips the (absent) final newline, "|" keeps one, "|+" keeps more.
      std::string body = s;
      std::string chomp = "-";
      if (!body.empty() && body.back() == '\n') {
        body.pop_back();
        chomp = "";
        if (!body.empty() && body.back() == '\n') chomp = "+";
      }
      std::string out = "|" + chomp;
      std::size_t start = 0;
      for (;;) {
        std::size_t nl = body.find('\n', start);
        std::string line =
            body.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        out += "\n" + (line.empty() ? "" : indent + "  " + line);
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      if (chomp == "+") out += "\n";
      return out;
    }
    case Kind::kNumber:
      return v.as_number().text();
    case Kind::kBool:
      return v.as_bool() ? "true" : "false";
    default:
      return v.type().kind() == Kind::kMap || v.type().kind() == Kind::kObject ? "{}" : "[]";
  }
}

void yaml_node(const Value& v, const std::string& indent, std::string* out);

// A value after "key:" or "- ": scalars on the same line, blocks below.
void yaml_child(const Value& v, const std::string& indent, bool in_sequence, std::string* out) {
  const bool mapping = is_mapping(v.type());
  if (!is_block(v)) {
    *out += " " + yaml_scalar(v, indent) + "\n";
    return;
  }
  if (in_sequence) {
    // "- " then the first line of the block inline, the rest indented by two.
    std::string nested;
    yaml_node(v, indent + "  ", &nested);
    *out += " " + nested.substr(indent.size() + 2);
    return;
  }
  *out += "\n";
  yaml_node(v, mapping ? indent + "  " : indent, out);
}

void yaml_node(const Value& v, const std::string& indent, std::string* out) {
  if (!is_block(v)) {
    *out += indent + yaml_scalar(v, indent) + "\n";
    return;
  }
  if (is_mapping(v.type())) {
    for (const auto& [k, e] : v.entries()) {
      *out += indent + yaml_quoted(k) + ":";
      yaml_child(e, indent, false, out);
    }
    return;
  }
  for (const auto& e : v.elements()) {
    *out += indent + "-";
    yaml_child(e, indent, true, out);
  }
}

// ---- CSV -------------------------------------------------------------------------------------

std::variant<std::vector<std::vector<std::string>>, std::string> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  bool at_field_start = true;  // a quote opens a quoted field only here
  int line = 1;
  std::size_t i = 0;
  auto end_row = [&]() {
    row.push_back(field);
    // A blank line is skipped, as Go's csv reader does.
    if (!(row.size() == 1 && row[0].empty() && !field_started)) rows.push_back(row);
    row.clear();
    field.clear();
    field_started = false;
  };
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && at_field_start) {
      quoted = true;
      field_started = true;
      at_field_start = false;
    } else if (c == '"') {
      return "CSV parse error on line " + std::to_string(line) + ": bare \" in non-quoted-field";
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      field_started = true;
      at_field_start = true;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_row();
      ++line;
      at_field_start = true;
    } else {
      field += c;
      field_started = true;
      at_field_start = false;
    }
  }
  if (quoted) {
    return "CSV parse error on line " + std::to_string(line) +
           ": extraneous or missing \" in quoted-field";
  }
  if (field_started || !field.empty() || !row.empty()) end_row();
  return rows;
}

Function csvdecode_function() {
  Function f;
  f.params = {param("str", Type::string())};
  f.return_type = [](const Args& a) -> TypeResult {
    if (!a[0].is_known()) return Type::dynamic();
    auto rows = parse_csv(a[0].as_string());
    if (auto* e = std::get_if<std::string>(&rows)) return error(*e);
    const auto& r = std::get<0>(rows);
    if (r.empty()) return error("missing header line");
    std::map<std::string, Type> attrs;
    for (const auto& name : r[0]) {
      if (attrs.count(name)) return error("duplicate column name \"" + name + "\"");
      attrs.emplace(name, Type::string());
    }
    return Type::list(Type::object(std::move(attrs)));
  };
  f.impl = [](const Args& a) -> Result {
    auto rows = std::get<0>(parse_csv(a[0].as_string()));
    const auto& header = rows[0];
    Value::Elements out;
    std::map<std::string, Type> attrs;
    for (const auto& name : header) attrs.emplace(name, Type::string());
    const Type object_type = Type::object(attrs);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      if (rows[i].size() != header.size()) {
        return error("CSV parse error on line " + std::to_string(i + 1) +
                     ": wrong number of fields");
      }
      Value::Entries entries;
      for (std::size_t k = 0; k < header.size(); ++k) {
        entries.emplace(header[k], Value::string(rows[i][k]));
      }
      out.push_back(Value::object(std::move(entries)));
    }
    return Value::list(object_type, std::move(out));
  };
  return f;
}

}  // namespace

std::string json_encode(const Value& v) {
  std::string out;
  json_value(v, &out);
  return out;
}

void add_encoding_functions(FunctionTable& table) {
  Function jsonencode;
  jsonencode.params = {param("val", Type::dynamic(), kAllowNull | kAllowDynamic)};
  jsonencode.return_type = [](const Args&) -> TypeResult { return Type::string(); };
  jsonencode.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known()) return Value::unknown(Type::string());
    return Value::string(json_encode(a[0]));
  };
  table["jsonencode"] = jsonencode;

  Function jsondecode;
  jsondecode.params = {param("str", Type::string())};
  jsondecode.return_type = [](const Args& a) -> TypeResult {
    if (!a[0].is_known()) return Type::dynamic();
    auto r = JsonReader(a[0].as_string()).document();
    if (auto* e = std::get_if<std::string>(&r)) return error(*e, 0);
    return std::get<Value>(r).type();
  };
  jsondecode.impl = [](const Args& a) -> Result {
    auto r = JsonReader(a[0].as_string()).document();
    if (auto* e = std::get_if<std::string>(&r)) return error(*e, 0);
    return std::get<Value>(r);
  };
  table["jsondecode"] = jsondecode;

  table["base64encode"] =
      make({param("str", Type::string())}, Type::string(),
           [](const Args& a) -> Result { return Value::string(base64_encode(a[0].as_string())); });
  table["base64decode"] = make(
      {param("str", Type::string(), kAllowMarked)}, Type::string(), [](const Args& a) -> Result {
        const bool sensitive = a[0].is_sensitive();
        const std::string& s = a[0].as_string();
        auto decoded = base64_decode(s);
        if (!decoded) {
          return error("failed to decode base64 data " +
                       (sensitive ? std::string("(sensitive value)") : nlohmann::json(s).dump()));
        }
        if (!valid_utf8(*decoded)) {
          return error("the result of decoding the provided string is not valid UTF-8");
        }
        Value out = Value::string(*decoded);
        return sensitive ? out.marked_sensitive() : out;
      });

  // Go's url.QueryEscape.
  table["urlencode"] =
      make({param("str", Type::string())}, Type::string(), [](const Args& a) -> Result {
        std::string out;
        for (char ch : a[0].as_string()) {
          const auto c = static_cast<unsigned char>(ch);
          if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
          } else if (c == ' ') {
            out += '+';
          } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
          }
        }
        return Value::string(out);
      });

  Function yamlencode;
  yamlencode.params = {param("value", Type::dynamic(), kAllowNull | kAllowDynamic)};
  yamlencode.return_type = [](const Args&) -> TypeResult { return Type::string(); };
  yamlencode.impl = [](const Args& a) -> Result {
    if (!a[0].is_wholly_known()) return Value::unknown(Type::string());
    std::string out;
    yaml_node(a[0], "", &out);
    return Value::string(out);
  };
  table["yamlencode"] = yamlencode;

  table["csvdecode"] = csvdecode_function();
}

}  // namespace fgform::lang::functions
