// The JSON syntax: a small scanner that keeps property order, duplicate keys and positions
// (a general JSON library drops all three), the schema-driven body, and expression mode.
#include "hcl/json.h"

#include <algorithm>
#include <set>

#include "hcl/json_expr.h"
#include "value/number.h"
#include "value/utf8.h"

namespace fgform::hcl {

using value::Diagnostic;
using value::Diagnostics;
using value::SourceRange;
using value::Type;
using value::Value;

namespace {

constexpr int kMaxJsonDepth = 500;

class JsonScanner {
 public:
  JsonScanner(std::string_view src, std::string filename)
      : src_(src), filename_(std::move(filename)) {}

  std::optional<JsonNode> parse_document() {
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") advance(3);
    skip_space();
    auto n = parse_value(0);
    if (!n) return std::nullopt;
    skip_space();
    if (pos_ < src_.size()) {
      fail("Extraneous data after value", "Extra characters appear after the JSON value.");
      return std::nullopt;
    }
    return n;
  }

  Diagnostics diagnostics;

 private:
  value::SourcePos here() const { return {line_, column_, static_cast<int>(pos_)}; }
  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && pos_ < src_.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(src_[pos_++]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  void skip_space() {
    while (pos_ < src_.size() &&
           (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\n' || src_[pos_] == '\r')) {
      advance(1);
    }
  }
  SourceRange range_from(value::SourcePos start) const { return {filename_, start, here()}; }
  void fail(std::string summary, std::string detail) {
    SourceRange r{filename_, here(), here()};
    if (pos_ < src_.size()) {
      r.end.byte += 1;
      r.end.column += 1;
    }
    diagnostics.add(Diagnostic::error(std::move(summary), std::move(detail)).at(r));
  }

  std::optional<JsonNode> parse_value(int depth) {
    if (depth > kMaxJsonDepth) {
      fail("Nesting too deep",
           "This JSON document nests more than " + std::to_string(kMaxJsonDepth) + " levels deep.");
      return std::nullopt;
    }
    if (pos_ >= src_.size()) {
      fail("Missing JSON value", "A JSON value must start here.");
      return std::nullopt;
    }
    char c = src_[pos_];
    value::SourcePos start = here();
    JsonNode n;
    if (c == '{') {
      n.kind = JsonNode::Kind::kObject;
      advance(1);
      skip_space();
      if (pos_ < src_.size() && src_[pos_] == '}') {
        advance(1);
        n.range = range_from(start);
        return n;
      }
      for (;;) {
        skip_space();
        if (pos_ >= src_.size() || src_[pos_] != '"') {
          fail("Invalid JSON object property name",
               "A JSON object property name must be a string.");
          return std::nullopt;
        }
        JsonNode::Property p;
        value::SourcePos ks = here();
        auto key = parse_string();
        if (!key) return std::nullopt;
        p.name = *key;
        p.name_range = range_from(ks);
        skip_space();
        if (pos_ >= src_.size() || src_[pos_] != ':') {
          fail("Missing property value colon",
               "JSON uses a colon as its name/value delimiter, not an equals sign.");
          return std::nullopt;
        }
        advance(1);
        skip_space();
        auto v = parse_value(depth + 1);
        if (!v) return std::nullopt;
        p.value = std::move(*v);
        n.properties.push_back(std::move(p));
        skip_space();
        if (pos_ < src_.size() && src_[pos_] == ',') {
          advance(1);
          skip_space();
          if (pos_ < src_.size() && src_[pos_] == '}') {
            fail("Trailing comma in object",
                 "JSON does not permit a trailing comma after the final property in an object.");
            return std::nullopt;
          }
          continue;
        }
        if (pos_ < src_.size() && src_[pos_] == '}') {
          advance(1);
          break;
        }
        fail("Missing attribute seperator comma",
             "A comma must appear between each property definition in an object.");
        return std::nullopt;
      }
    } else if (c == '[') {
      n.kind = JsonNode::Kind::kArray;
      advance(1);
      skip_space();
      if (pos_ < src_.size() && src_[pos_] == ']') {
        advance(1);
        n.range = range_from(start);
        return n;
      }
      for (;;) {
        skip_space();
        auto v = parse_value(depth + 1);
        if (!v) return std::nullopt;
        n.items.push_back(std::move(*v));
        skip_space();
        if (pos_ < src_.size() && src_[pos_] == ',') {
          advance(1);
          continue;
        }
        if (pos_ < src_.size() && src_[pos_] == ']') {
          advance(1);
          break;
        }
        fail("Missing array element separator",
             "A comma must appear between each element in an array.");
        return std::nullopt;
      }
    } else if (c == '"') {
      n.kind = JsonNode::Kind::kString;
      auto s = parse_string();
      if (!s) return std::nullopt;
      n.text = *s;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t e = pos_ + 1;
      while (e < src_.size() &&
             (std::isdigit(static_cast<unsigned char>(src_[e])) || src_[e] == '.' ||
              src_[e] == 'e' || src_[e] == 'E' || src_[e] == '+' || src_[e] == '-')) {
        ++e;
      }
      n.kind = JsonNode::Kind::kNumber;
      n.text = std::string(src_.substr(pos_, e - pos_));
      if (!value::Number::parse(n.text)) {
        fail("Invalid JSON number", "There is a syntax error in the given JSON number.");
        return std::nullopt;
      }
      advance(e - pos_);
    } else if (src_.substr(pos_, 4) == "true") {
      n.kind = JsonNode::Kind::kBool;
      n.boolean = true;
      advance(4);
    } else if (src_.substr(pos_, 5) == "false") {
      n.kind = JsonNode::Kind::kBool;
      advance(5);
    } else if (src_.substr(pos_, 4) == "null") {
      n.kind = JsonNode::Kind::kNull;
      advance(4);
    } else {
      fail("Invalid JSON keyword", "The JSON value here is not valid.");
      return std::nullopt;
    }
    n.range = range_from(start);
    return n;
  }

  std::optional<std::string> parse_string() {
    advance(1);  // "
    std::string out;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '"') {
        advance(1);
        return out;
      }
      if (c == '\n' || static_cast<unsigned char>(c) < 0x20) {
        fail("Invalid JSON string", "Control characters are not allowed in JSON strings.");
        return std::nullopt;
      }
      if (c != '\\') {
        out += c;
        advance(1);
        continue;
      }
      char e = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
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
          auto hex = [&](std::size_t at) -> int {
            if (at + 4 > src_.size()) return -1;
            int v = 0;
            for (std::size_t k = 0; k < 4; ++k) {
              char h = src_[at + k];
              int d = std::isdigit(static_cast<unsigned char>(h)) ? h - '0'
                      : (h >= 'a' && h <= 'f')                    ? h - 'a' + 10
                      : (h >= 'A' && h <= 'F')                    ? h - 'A' + 10
                                                                  : -1;
              if (d < 0) return -1;
              v = v * 16 + d;
            }
            return v;
          };
          int cp = hex(pos_ + 2);
          if (cp < 0) {
            fail("Invalid JSON string", "A \\u escape requires four hexadecimal digits.");
            return std::nullopt;
          }
          std::size_t used = 6;
          std::uint32_t code = static_cast<std::uint32_t>(cp);
          if (cp >= 0xD800 && cp <= 0xDBFF && src_.substr(pos_ + 6, 2) == "\\u") {
            int lo = hex(pos_ + 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              code = 0x10000 + ((code - 0xD800) << 10) + static_cast<std::uint32_t>(lo - 0xDC00);
              used = 12;
            }
          }
          value::append_utf8(out, code);
          advance(used);
          continue;
        }
        default:
          fail("Invalid JSON string", "This is not a valid JSON escape sequence.");
          return std::nullopt;
      }
      advance(2);
    }
    fail("Unterminated JSON string", "The string has no closing quote.");
    return std::nullopt;
  }

  std::string_view src_;
  value::FileName filename_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

std::string range_text(const SourceRange& r) {
  return r.filename + ":" + std::to_string(r.start.line) + "," + std::to_string(r.start.column);
}

// Points template diagnostics at the JSON string they came from (template positions are
// relative to the string's content).
void relocate(Diagnostics& from, const SourceRange& at, Diagnostics& to) {
  for (auto d : from) {
    if (d.range) d.range = at;
    to.add(std::move(d));
  }
}

class JsonBody : public Body {
 public:
  JsonBody(JsonNode n, SourceRange missing) : node_(std::move(n)), missing_(std::move(missing)) {}

  value::Decoded<BodyContent> content(const BodySchema& schema) const override {
    auto r = decode(schema, true);
    return {std::move(r.value.content), std::move(r.diagnostics)};
  }
  value::Decoded<PartialContent> partial_content(const BodySchema& schema) const override {
    return decode(schema, false);
  }
  value::Decoded<std::vector<Attribute>> just_attributes() const override {
    value::Decoded<std::vector<Attribute>> out;
    if (!require_object(out.diagnostics)) return out;
    std::map<std::string, SourceRange> seen;
    for (const auto& p : node_.properties) {
      if (p.name == "//" || hidden_.count(p.name)) continue;
      if (auto it = seen.find(p.name); it != seen.end()) {
        out.diagnostics.add(Diagnostic::error("Duplicate argument", "The argument \"" + p.name +
                                                                        "\" was already set at " +
                                                                        range_text(it->second) +
                                                                        ".")
                                .at(p.name_range));
        continue;
      }
      seen.emplace(p.name, p.name_range);
      out.value.push_back(attribute(p));
    }
    return out;
  }
  SourceRange missing_item_range() const override { return missing_; }

 private:
  bool require_object(Diagnostics& d) const {
    if (node_.kind == JsonNode::Kind::kObject) return true;
    d.add(Diagnostic::error("Incorrect JSON value type",
                            "A JSON object is required here, setting the arguments for this "
                            "block.")
              .at(node_.range));
    return false;
  }

  static Attribute attribute(const JsonNode::Property& p) {
    Attribute a;
    a.name = p.name;
    a.name_range = p.name_range;
    a.range = p.name_range;
    a.range.end = p.value.range.end;
    a.expr = std::make_shared<JsonExpr>(p.value);
    return a;
  }

  // One level of labels per nested object; arrays of objects repeat blocks.
  static void expand_blocks(const std::string& type, const SourceRange& type_range,
                            const JsonNode& n, const std::vector<std::string>& label_names,
                            std::vector<std::string> labels, std::vector<SourceRange> label_ranges,
                            std::vector<Block>& out, Diagnostics& d) {
    if (labels.size() < label_names.size()) {
      if (n.kind != JsonNode::Kind::kObject) {
        d.add(Diagnostic::error("Incorrect JSON value type",
                                "A JSON object is required here, whose keys are the " +
                                    label_names[labels.size()] + " labels of " + type + " blocks.")
                  .at(n.range));
        return;
      }
      for (const auto& p : n.properties) {
        auto l = labels;
        auto lr = label_ranges;
        l.push_back(p.name);
        lr.push_back(p.name_range);
        expand_blocks(type, type_range, p.value, label_names, l, lr, out, d);
      }
      return;
    }
    if (n.kind == JsonNode::Kind::kArray) {
      for (const auto& item : n.items) {
        if (item.kind != JsonNode::Kind::kObject) {
          d.add(Diagnostic::error("Incorrect JSON value type",
                                  "A JSON object is required here, to define arguments and "
                                  "nested blocks.")
                    .at(item.range));
          continue;
        }
        expand_blocks(type, type_range, item, label_names, labels, label_ranges, out, d);
      }
      return;
    }
    if (n.kind != JsonNode::Kind::kObject) {
      d.add(Diagnostic::error("Incorrect JSON value type",
                              "A JSON object is required here, to define arguments and nested "
                              "blocks.")
                .at(n.range));
      return;
    }
    Block b;
    b.type = type;
    b.type_range = type_range;
    b.labels = std::move(labels);
    b.label_ranges = std::move(label_ranges);
    b.def_range = b.label_ranges.empty() ? type_range : b.label_ranges.back();
    b.def_range.start = type_range.start;
    SourceRange open = n.range;
    open.end = open.start;
    open.end.column += 1;
    open.end.byte += 1;
    b.body = std::make_shared<JsonBody>(n, open);
    out.push_back(std::move(b));
  }

  value::Decoded<PartialContent> decode(const BodySchema& schema, bool strict) const {
    value::Decoded<PartialContent> out;
    auto& content = out.value.content;
    auto& d = out.diagnostics;
    content.missing_item_range = missing_;
    auto remain = std::make_shared<JsonBody>(*this);
    out.value.remain = remain;
    if (!require_object(d)) return out;
    std::vector<std::string> names;
    for (const auto& a : schema.attributes) names.push_back(a.name);
    for (const auto& b : schema.blocks) names.push_back(b.type);
    std::map<std::string, SourceRange> seen;
    for (const auto& p : node_.properties) {
      if (p.name == "//" || hidden_.count(p.name)) continue;
      auto attr = std::find_if(schema.attributes.begin(), schema.attributes.end(),
                               [&](const AttributeSchema& a) { return a.name == p.name; });
      if (attr != schema.attributes.end()) {
        if (auto it = seen.find(p.name); it != seen.end()) {
          d.add(Diagnostic::error("Duplicate argument", "The argument \"" + p.name +
                                                            "\" was already set at " +
                                                            range_text(it->second) + ".")
                    .at(p.name_range));
          continue;
        }
        seen.emplace(p.name, p.name_range);
        content.attributes.push_back(attribute(p));
        continue;
      }
      auto block = std::find_if(schema.blocks.begin(), schema.blocks.end(),
                                [&](const BlockHeaderSchema& b) { return b.type == p.name; });
      if (block != schema.blocks.end()) {
        expand_blocks(p.name, p.name_range, p.value, block->label_names, {}, {}, content.blocks, d);
        continue;
      }
      if (!strict) continue;
      std::string detail = "No argument or block type is named \"" + p.name + "\".";
      if (auto s = name_suggestion(p.name, names)) detail += " Did you mean \"" + *s + "\"?";
      d.add(Diagnostic::error("Extraneous JSON object property", detail).at(p.name_range));
    }
    for (const auto& a : schema.attributes) {
      if (!a.required || hidden_.count(a.name) || content.attribute(a.name)) continue;
      d.add(Diagnostic::error(
                "Missing required argument",
                "The argument \"" + a.name + "\" is required, but no definition was found.")
                .at(missing_));
    }
    for (const auto& n : names) remain->hidden_.insert(n);
    return out;
  }

  JsonNode node_;
  SourceRange missing_;
  std::set<std::string, std::less<>> hidden_;
};

EvalResult eval_template_string(const std::string& text, const SourceRange& range,
                                const EvalContext& ctx) {
  auto p = parse_template(text, range.filename);
  Diagnostics d;
  relocate(p.diagnostics, range, d);
  if (d.has_errors()) return {Value::unknown(Type::dynamic()), std::move(d)};
  auto r = p.value->evaluate(ctx);
  relocate(r.diagnostics, range, d);
  return {std::move(r.value), std::move(d)};
}

}  // namespace

EvalResult JsonExpr::evaluate(const EvalContext& ctx) const {
  switch (node.kind) {
    case JsonNode::Kind::kNull:
      return {Value::null(Type::dynamic()), {}};
    case JsonNode::Kind::kBool:
      return {Value::boolean(node.boolean), {}};
    case JsonNode::Kind::kNumber:
      return {Value::number(value::Number::parse(node.text).value_or(value::Number())), {}};
    case JsonNode::Kind::kString:
      return eval_template_string(node.text, node.range, ctx);
    case JsonNode::Kind::kArray: {
      Diagnostics d;
      std::vector<Value> items;
      for (const auto& n : node.items) {
        auto r = JsonExpr(n).evaluate(ctx);
        d.append(r.diagnostics);
        items.push_back(std::move(r.value));
      }
      return within_value_depth({Value::tuple(std::move(items)), std::move(d)}, node.range);
    }
    case JsonNode::Kind::kObject: {
      Diagnostics d;
      Value::Entries entries;
      bool unknown = false;
      for (const auto& p : node.properties) {
        auto k = eval_template_string(p.name, p.name_range, ctx);
        d.append(k.diagnostics);
        auto v = JsonExpr(p.value).evaluate(ctx);
        d.append(v.diagnostics);
        if (k.diagnostics.has_errors()) continue;
        if (!k.value.is_known()) {
          unknown = true;
          continue;
        }
        if (k.value.is_null() || k.value.type() != Type::string()) {
          d.add(
              Diagnostic::error("Invalid object key expression", "The object key must be a string.")
                  .at(p.name_range));
          continue;
        }
        entries[k.value.as_string()] = std::move(v.value);
      }
      if (unknown) return {Value::unknown(Type::dynamic()), std::move(d)};
      return within_value_depth({Value::object(std::move(entries)), std::move(d)}, node.range);
    }
  }
  return {Value::unknown(Type::dynamic()), {}};
}

void JsonExpr::collect_variables(std::vector<Traversal>& out) const {
  switch (node.kind) {
    case JsonNode::Kind::kString: {
      auto p = parse_template(node.text, node.range.filename);
      if (p.diagnostics.has_errors()) return;
      for (auto t : p.value->variables()) {
        t.range = node.range;  // positions inside the string are not file positions
        t.root_range = node.range;
        for (auto& s : t.steps) s.range = node.range;
        out.push_back(std::move(t));
      }
      return;
    }
    case JsonNode::Kind::kArray:
      for (const auto& n : node.items) JsonExpr(n).collect_variables(out);
      return;
    case JsonNode::Kind::kObject:
      for (const auto& p : node.properties) {
        JsonNode key;
        key.kind = JsonNode::Kind::kString;
        key.text = p.name;
        key.range = p.name_range;
        JsonExpr(key).collect_variables(out);
        JsonExpr(p.value).collect_variables(out);
      }
      return;
    default:
      return;
  }
}

std::optional<std::vector<ExprPtr>> JsonExpr::static_list() const {
  if (node.kind != JsonNode::Kind::kArray) return std::nullopt;
  std::vector<ExprPtr> out;
  for (const auto& n : node.items) out.push_back(std::make_shared<JsonExpr>(n));
  return out;
}

std::optional<std::vector<StaticMapItem>> JsonExpr::static_map() const {
  if (node.kind != JsonNode::Kind::kObject) return std::nullopt;
  std::vector<StaticMapItem> out;
  for (const auto& p : node.properties) {
    JsonNode key;
    key.kind = JsonNode::Kind::kString;
    key.text = p.name;
    key.range = p.name_range;
    out.push_back({std::make_shared<JsonExpr>(key), std::make_shared<JsonExpr>(p.value)});
  }
  return out;
}

std::optional<Traversal> JsonExpr::absolute_traversal() const {
  if (node.kind != JsonNode::Kind::kString) return std::nullopt;
  auto t = parse_traversal(node.text, node.range.filename);
  if (t.diagnostics.has_errors()) return std::nullopt;
  t.value.range = node.range;
  t.value.root_range = node.range;
  for (auto& s : t.value.steps) s.range = node.range;
  return t.value;
}

std::optional<StaticCall> JsonExpr::static_call() const {
  if (node.kind != JsonNode::Kind::kString) return std::nullopt;
  auto e = parse_expression(node.text, node.range.filename);
  if (e.diagnostics.has_errors()) return std::nullopt;
  return hcl::static_call(e.value);
}

value::Decoded<std::shared_ptr<File>> parse_json_config(std::string_view source,
                                                        std::string filename) {
  auto file = std::make_shared<File>();
  file->filename = filename;
  file->source = std::make_shared<const std::string>(source);
  JsonScanner s(*file->source, filename);
  auto root = s.parse_document();
  SourceRange start{filename, {}, {}};
  if (!root) {
    JsonNode empty;
    empty.kind = JsonNode::Kind::kObject;
    empty.range = start;
    file->body = std::make_shared<JsonBody>(empty, start);
  } else {
    file->body = std::make_shared<JsonBody>(*root, start);
  }
  return {file, std::move(s.diagnostics)};
}

value::Decoded<ExprPtr> parse_json_expression(std::string_view source, std::string filename) {
  JsonScanner s(source, filename);
  auto root = s.parse_document();
  ExprPtr e;
  if (root) {
    e = std::make_shared<JsonExpr>(*root);
  } else {
    auto inv = std::make_shared<InvalidExpr>();
    inv->set_range(SourceRange{filename, {}, {}});
    e = inv;
  }
  return {e, std::move(s.diagnostics)};
}

}  // namespace fgform::hcl
