#include "schema.h"

#include <set>

#include <re2/re2.h>

#include "formats.h"

namespace fgform::schema {
namespace {

using Json = nlohmann::json;

value::Type one_of_type(const value::Type& t) {
  return t.is_collection() && t.element().is_primitive() ? t.element() : t;
}
using value::Diagnostic;
using value::Diagnostics;

struct Parser {
  std::string source;
  Diagnostics& diags;

  void error(const std::string& where, const std::string& what) {
    diags.add(Diagnostic::error("Invalid schema file", source + ": " + where + ": " + what));
  }

  std::string text(const Json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) return {};
    const Json& v = j[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {  // long texts may be written as an array of lines
      std::string out;
      for (const auto& line : v) {
        if (!line.is_string()) {
          error(where + "." + key, "lines must be strings");
          return {};
        }
        out += line.get<std::string>() + "\n";
      }
      return out;
    }
    error(where + "." + key, "must be a string or an array of lines");
    return {};
  }

  bool flag(const Json& j, const char* key, const std::string& where) {
    if (!j.contains(key)) return false;
    if (!j[key].is_boolean()) {
      error(where + "." + key, "must be true or false");
      return false;
    }
    return j[key].get<bool>();
  }

  Validation validation(const Json& j, const value::Type& type, const std::string& where) {
    Validation v;
    if (!j.is_object()) {
      error(where, "validation must be an object");
      return v;
    }
    static const std::set<std::string> kKeys{"one_of", "none_of",       "min",
                                             "max",    "min_length",    "max_length",
                                             "regex",  "regex_message", "format"};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!kKeys.count(it.key())) error(where, "unknown validation \"" + it.key() + "\"");
    }
    for (auto [key, slot] : {std::pair{"one_of", &v.one_of}, std::pair{"none_of", &v.none_of}}) {
      if (!j.contains(key)) continue;
      if (!j[key].is_array()) {
        error(where + "." + key, "must be an array");
        continue;
      }
      // On a collection of primitives the listed values are those of each element.
      const value::Type element_type = one_of_type(type);
      for (const auto& item : j[key]) {
        auto decoded = value::from_json(item, element_type);
        if (!decoded.ok())
          error(where + "." + key,
                "value " + item.dump() + " is not a " + element_type.friendly_name());
        slot->push_back(decoded.value);
      }
    }
    for (auto [key, slot] : {std::pair{"min", &v.min}, std::pair{"max", &v.max}}) {
      if (!j.contains(key)) continue;
      auto n = j[key].is_number() ? value::Number::parse(j[key].dump()) : std::nullopt;
      if (!n) error(where + "." + key, "must be a number");
      *slot = n;
    }
    for (auto [key, slot] :
         {std::pair{"min_length", &v.min_length}, std::pair{"max_length", &v.max_length}}) {
      if (!j.contains(key)) continue;
      if (!j[key].is_number_unsigned())
        error(where + "." + key, "must be a non-negative integer");
      else
        *slot = j[key].get<std::size_t>();
    }
    v.regex = j.value("regex", "");
    v.regex_message = j.value("regex_message", "");
    v.format = j.value("format", "");
    if (!v.regex.empty()) {
      auto compiled = std::make_shared<const re2::RE2>(v.regex, re2::RE2::Quiet);
      if (compiled->ok())
        v.pattern = std::move(compiled);
      else
        error(where + ".regex", "does not compile: " + compiled->error());
    }
    if (!v.format.empty() && !is_known_format(v.format))
      error(where + ".format", "unknown format " + v.format);
    return v;
  }

  Attribute attribute(const Json& j, const std::string& where) {
    Attribute a;
    if (!j.is_object()) {
      error(where, "an attribute must be an object");
      return a;
    }
    static const std::set<std::string> kKeys{"name",          "type",        "description",
                                             "required",      "optional",    "computed",
                                             "sensitive",     "force_new",   "deprecated",
                                             "default",       "validation",  "changes_on_update",
                                             "reports_drift", "not_returned"};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (!kKeys.count(it.key())) error(where, "unknown key \"" + it.key() + "\"");
    }
    a.name = j.value("name", "");
    const std::string at = where + "(" + a.name + ")";
    auto type = j.contains("type") ? value::Type::from_json(j["type"]) : std::nullopt;
    if (!type)
      error(at, "type is missing or not a cty type constraint");
    else
      a.type = *type;
    a.description = text(j, "description", at);
    a.required = flag(j, "required", at);
    a.optional = flag(j, "optional", at);
    a.computed = flag(j, "computed", at);
    a.sensitive = flag(j, "sensitive", at);
    a.force_new = flag(j, "force_new", at);
    a.deprecated = flag(j, "deprecated", at);
    a.changes_on_update = flag(j, "changes_on_update", at);
    a.reports_drift = flag(j, "reports_drift", at);
    a.not_returned = flag(j, "not_returned", at);
    if (j.contains("default")) {
      auto d = value::from_json(j["default"], a.type);
      if (!d.ok()) error(at + ".default", "is not a " + a.type.friendly_name());
      a.default_value = d.value;
    }
    if (j.contains("validation"))
      a.validation = validation(j["validation"], a.type, at + ".validation");
    return a;
  }

  Block block(const Json& j, const std::string& where) {
    Block b;
    if (!j.is_object()) {
      error(where, "a block must be an object");
      return b;
    }
    b.description = text(j, "description", where);
    for (const auto& a : j.value("attributes", Json::array())) {
      b.attributes.push_back(attribute(a, where + ".attributes"));
    }
    for (const auto& nb : j.value("blocks", Json::array())) {
      NestedBlock n;
      n.name = nb.value("name", "");
      const std::string at = where + ".blocks(" + n.name + ")";
      static const std::map<std::string, Nesting> kNesting{{"single", Nesting::kSingle},
                                                           {"list", Nesting::kList},
                                                           {"set", Nesting::kSet},
                                                           {"map", Nesting::kMap},
                                                           {"group", Nesting::kGroup}};
      auto it = kNesting.find(nb.value("nesting", ""));
      if (it == kNesting.end())
        error(at, "nesting must be single, list, set, map or group");
      else
        n.nesting = it->second;
      n.min_items = nb.value("min_items", 0);
      n.max_items = nb.value("max_items", 0);
      n.force_new = nb.value("force_new", false);
      n.block = block(nb.value("block", Json::object()), at);
      if (nb.contains("description")) n.block.description = text(nb, "description", at);
      b.blocks.push_back(std::move(n));
    }
    return b;
  }
};

void check_block(const Block& b, const std::string& where, Diagnostics& d) {
  static const re2::RE2 kName("[a-z0-9_]+");
  std::set<std::string> names;
  auto err = [&](const std::string& what) {
    d.add(Diagnostic::error("Invalid schema", where + ": " + what));
  };
  for (const auto& a : b.attributes) {
    if (!re2::RE2::FullMatch(a.name, kName))
      err("attribute name \"" + a.name + "\" must match ^[a-z0-9_]+$");
    if (!names.insert(a.name).second) err("\"" + a.name + "\" is declared twice");
    if (!a.required && !a.optional && !a.computed)
      err(a.name + ": set one of required, optional, computed");
    if (a.required && (a.optional || a.computed))
      err(a.name + ": required excludes optional and computed");
    if (a.default_value && !(a.optional && a.computed)) {
      err(a.name + ": a default needs optional and computed, so the planned default is accepted");
    }
    if (a.description.empty())
      err(a.name + ": every attribute needs a description (the docs use it)");
    if (a.changes_on_update && (a.optional || a.required))
      err(a.name + ": changes_on_update is for computed-only attributes");
    if (a.reports_drift && (a.optional || a.required))
      err(a.name + ": reports_drift is for computed-only attributes (the others always do)");
    if (a.reports_drift && a.changes_on_update)
      err(a.name + ": reports_drift and changes_on_update exclude each other");
    if (a.not_returned && !a.optional && !a.required)
      err(a.name +
          ": not_returned is for configured attributes (the platform takes, never answers)");
    for (const auto& allowed : a.validation.one_of) {
      if (allowed.type() != one_of_type(a.type))
        err(a.name + ": one_of value " + allowed.debug_string() + " has the wrong type");
    }
    for (const auto& refused : a.validation.none_of) {
      if (refused.type() != one_of_type(a.type))
        err(a.name + ": none_of value " + refused.debug_string() + " has the wrong type");
    }
  }
  for (const auto& n : b.blocks) {
    if (!re2::RE2::FullMatch(n.name, kName))
      err("block name \"" + n.name + "\" must match ^[a-z0-9_]+$");
    if (!names.insert(n.name).second) err("\"" + n.name + "\" is declared twice");
    if (n.min_items < 0 || n.max_items < 0) err(n.name + ": min_items and max_items must be >= 0");
    switch (n.nesting) {
      case Nesting::kSingle:
        if (n.min_items > 1 || n.max_items > 1)
          err(n.name + ": single blocks allow min/max of 0 or 1");
        break;
      case Nesting::kGroup:
      case Nesting::kMap:
        if (n.min_items != 0 || n.max_items != 0)
          err(n.name + ": group and map blocks take no min/max");
        break;
      case Nesting::kList:
      case Nesting::kSet:
        if (n.max_items != 0 && n.min_items > n.max_items)
          err(n.name + ": min_items exceeds max_items");
        break;
    }
    if (n.nesting == Nesting::kSet && n.block.implied_type().has_dynamic()) {
      err(n.name + ": set blocks cannot contain dynamic attributes");
    }
    check_block(n.block, where + "." + n.name, d);
  }
}

}  // namespace

bool Validation::empty() const {
  return one_of.empty() && none_of.empty() && !min && !max && !min_length && !max_length &&
         regex.empty() && format.empty();
}

const Attribute* Block::attribute(const std::string& name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const NestedBlock* Block::block(const std::string& name) const {
  for (const auto& b : blocks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

void Block::cache_implied_types() {
  for (auto& b : blocks) b.block.cache_implied_types();
  implied_.reset();
  implied_ = implied_type();
}

value::Type Block::implied_type() const {
  if (implied_) return *implied_;
  std::map<std::string, value::Type> attrs;
  for (const auto& a : attributes) attrs.emplace(a.name, a.type);
  for (const auto& b : blocks) {
    value::Type inner = b.block.implied_type();
    switch (b.nesting) {
      case Nesting::kSingle:
      case Nesting::kGroup:
        attrs.emplace(b.name, inner);
        break;
      case Nesting::kList:
        attrs.emplace(b.name,
                      inner.has_dynamic() ? value::Type::dynamic() : value::Type::list(inner));
        break;
      case Nesting::kSet:
        attrs.emplace(b.name, value::Type::set(inner));
        break;
      case Nesting::kMap:
        attrs.emplace(b.name,
                      inner.has_dynamic() ? value::Type::dynamic() : value::Type::map(inner));
        break;
    }
  }
  return value::Type::object(std::move(attrs));
}

std::string nesting_name(Nesting n) {
  switch (n) {
    case Nesting::kSingle:
      return "single";
    case Nesting::kList:
      return "list";
    case Nesting::kSet:
      return "set";
    case Nesting::kMap:
      return "map";
    case Nesting::kGroup:
      return "group";
  }
  return "list";
}

value::Decoded<std::optional<Schema>> parse_schema(const std::string& json_text,
                                                   const std::string& source) {
  value::Decoded<std::optional<Schema>> out{std::nullopt, {}};
  auto j = Json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    out.diagnostics.add(Diagnostic::error("Invalid schema file", source + ": not a JSON object"));
    return out;
  }
  Parser p{source, out.diagnostics};
  Schema s;
  const std::string kind = j.value("kind", "");
  if (kind == "provider")
    s.kind = SchemaKind::kProvider;
  else if (kind == "resource")
    s.kind = SchemaKind::kResource;
  else if (kind == "data_source")
    s.kind = SchemaKind::kDataSource;
  else
    p.error("kind", "must be provider, resource or data_source");
  s.type_name = j.value("type_name", "");
  if (s.type_name.empty()) p.error("type_name", "is required");
  s.version = j.value("version", 0);
  s.description = p.text(j, "description", "description");
  s.import_id = p.text(j, "import_id", "import_id");
  s.example = p.text(j, "example", "example");
  s.available = p.flag(j, "available", "available") || !j.contains("available");
  s.block = p.block(j.value("block", Json::object()), "block");
  if (!out.diagnostics.has_errors()) out.value = std::move(s);
  return out;
}

value::Diagnostics check_schema(const Schema& s) {
  Diagnostics d;
  if (s.kind == SchemaKind::kResource || s.kind == SchemaKind::kDataSource) {
    // Terraform's meta-arguments cannot be attributes or blocks of a resource.
    for (const char* reserved : {"count", "for_each", "depends_on", "provider", "lifecycle",
                                 "connection", "provisioner"}) {
      if (s.block.attribute(reserved) || s.block.block(reserved)) {
        d.add(Diagnostic::error(
            "Invalid schema", s.type_name + ": \"" + reserved + "\" is a Terraform meta-argument"));
      }
    }
  }
  if (s.version < 0)
    d.add(Diagnostic::error("Invalid schema", s.type_name + ": version must be >= 0"));
  if (s.description.empty())
    d.add(Diagnostic::error("Invalid schema", s.type_name + ": description is required"));
  if (s.kind != SchemaKind::kProvider && s.example.empty()) {
    d.add(Diagnostic::error("Invalid schema",
                            s.type_name + ": an example is required (the docs show it)"));
  }
  check_block(s.block, s.type_name, d);
  return d;
}

}  // namespace fgform::schema
