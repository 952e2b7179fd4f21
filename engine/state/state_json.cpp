#include "state_json.h"

#include <algorithm>
#include <map>
#include <set>

#include "state/go_json.h"

namespace fgform::state {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using value::Type;
using value::Value;

// Sorted-key JSON (cty's order) to an ordered document, keeping cty's {"value","type"} order
// when `wrappers` says the document may hold cty dynamic wrappers.
ordered_json ordered(const json& j, bool wrappers = true) {
  if (j.is_object()) {
    ordered_json o = ordered_json::object();
    if (wrappers && j.size() == 2 && j.contains("value") && j.contains("type")) {
      o["value"] = ordered(j.at("value"));
      o["type"] = ordered(j.at("type"));
      return o;
    }
    for (const auto& [k, v] : j.items()) o[k] = ordered(v, wrappers);
    return o;
  }
  if (j.is_array()) {
    ordered_json a = ordered_json::array();
    for (const auto& e : j) a.push_back(ordered(e, wrappers));
    return a;
  }
  switch (j.type()) {
    case json::value_t::string:
      return j.get<std::string>();
    case json::value_t::boolean:
      return j.get<bool>();
    case json::value_t::number_integer:
      return j.get<std::int64_t>();
    case json::value_t::number_unsigned:
      return j.get<std::uint64_t>();
    case json::value_t::number_float:
      return j.get<double>();
    default:
      return nullptr;
  }
}

// The stored JSON of a value of type `t`, with cty's dynamic wrappers {"value","type"} replaced
// by the value they wrap: show -json prints every value in its concrete type. Working on the
// stored JSON (not a decoded Value) keeps numbers exactly as stored.
json unwrap_dynamic(const json& raw, const Type& t) {
  if (raw.is_null()) return raw;
  switch (t.kind()) {
    case Type::Kind::kDynamic:
      return raw.is_object() && raw.contains("value") ? raw.at("value") : raw;
    case Type::Kind::kObject: {
      if (!raw.is_object()) return raw;
      json o = json::object();
      for (const auto& [k, v] : raw.items()) {
        auto it = t.attributes().find(k);
        o[k] = it == t.attributes().end() ? v : unwrap_dynamic(v, it->second);
      }
      return o;
    }
    case Type::Kind::kMap: {
      if (!raw.is_object()) return raw;
      json o = json::object();
      for (const auto& [k, v] : raw.items()) o[k] = unwrap_dynamic(v, t.element());
      return o;
    }
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      if (!raw.is_array()) return raw;
      json a = json::array();
      for (std::size_t i = 0; i < raw.size(); ++i) {
        const Type& et = t.kind() == Type::Kind::kTuple
                             ? (i < t.elements().size() ? t.elements()[i] : Type::dynamic())
                             : t.element();
        a.push_back(unwrap_dynamic(raw[i], et));
      }
      return a;
    }
    default:
      return raw;
  }
}

// jsonstate.SensitiveAsBool over a decoded value: true where sensitive; objects and maps keep
// only members that are not plain false; sequences keep every element.
ordered_json sensitive_as_bool(const Value& v, const value::Path& path, const schema::Block* block,
                               bool schema_sensitive,
                               const std::set<std::string>& sensitive_paths) {
  if (schema_sensitive || v.is_sensitive() || sensitive_paths.count(path.to_string())) {
    return true;
  }
  const Type& t = v.type();
  if (v.is_null() || t.is_primitive() || t.kind() == Type::Kind::kDynamic) return false;
  switch (t.kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      ordered_json a = ordered_json::array();
      if (!v.is_known()) return a;
      std::int64_t i = 0;
      for (const auto& e : v.elements()) {
        a.push_back(sensitive_as_bool(e, path.index(i++), block, false, sensitive_paths));
      }
      return a;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      ordered_json o = ordered_json::object();
      if (!v.is_known()) return o;
      const bool object = t.kind() == Type::Kind::kObject;
      for (const auto& [k, e] : v.entries()) {
        bool sens = false;
        const schema::Block* child = object ? nullptr : block;
        if (object && block) {
          if (const auto* a = block->attribute(k)) sens = a->sensitive;
          if (const auto* nb = block->block(k)) child = &nb->block;
        }
        ordered_json s =
            sensitive_as_bool(e, object ? path.attr(k) : path.key(k), child, sens, sensitive_paths);
        if (!(s.is_boolean() && !s.get<bool>())) o[k] = std::move(s);
      }
      return o;
    }
    default:
      return false;
  }
}

// Without a schema: true at each recorded path, in a skeleton of objects and arrays.
ordered_json sensitive_from_paths(const InstanceObject& obj) {
  json root = json::object();  // sorted keys, as cty writes objects
  for (const auto& path : sensitive_paths(obj)) {
    json* at = &root;
    const auto& steps = path.steps();
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const bool last = i + 1 == steps.size();
      const auto& s = steps[i];
      if (s.kind == value::PathStep::Kind::kKeyInt) {
        if (!at->is_array()) *at = json::array();
        while (at->size() <= static_cast<std::size_t>(s.index)) at->push_back(false);
        at = &(*at)[static_cast<std::size_t>(s.index)];
      } else {
        if (!at->is_object()) *at = json::object();
        at = &(*at)[s.name];
      }
      if (last) *at = true;
    }
  }
  return ordered(root, false);
}

struct Shown {
  std::string address;
  ordered_json doc;
};

void add_instance_docs(const AbsResource& addr, const ResourceState& rs,
                       const SchemaLookup& schemas, std::vector<Shown>& out,
                       value::Diagnostics& diags) {
  const schema::Schema* sch = schemas ? schemas(addr.resource.mode, addr.resource.type) : nullptr;
  // Not a structured binding: clang 14 cannot capture one in a lambda (C++20 allows it).
  for (const auto& entry : rs.instances) {
    const auto& key = entry.first;
    const auto& inst = entry.second;
    const AbsResourceInstance iaddr{addr.module, addr.resource, key};
    auto base = [&]() {
      ordered_json r;
      r["address"] = iaddr.to_string();
      r["mode"] = mode_name(addr.resource.mode);
      r["type"] = addr.resource.type;
      r["name"] = addr.resource.name;
      if (key.is_int()) r["index"] = key.as_int();
      if (key.is_string()) r["index"] = key.as_string();
      r["provider_name"] = provider_name(rs.provider);
      return r;
    };
    auto fill = [&](ordered_json& r, const InstanceObject& obj) {
      ordered_json values = ordered_json::object();
      ordered_json sensitive;
      bool decoded = false;
      const json attributes = obj.attributes.tree();
      if (sch) {
        value::JsonDecodeOptions opts;
        opts.ignore_undefined_attributes = true;
        auto dec = value::from_json(attributes, sch->block.implied_type(), opts);
        if (dec.ok()) {
          decoded = true;
          std::set<std::string> paths;
          for (const auto& p : sensitive_paths(obj)) paths.insert(p.to_string());
          if (!dec.value.is_null()) {
            const Type type = sch->block.implied_type();
            for (const auto& [name, attr_type] : type.attributes()) {
              auto it = attributes.find(name);
              values[name] =
                  it == attributes.end() ? ordered_json() : ordered(unwrap_dynamic(*it, attr_type));
            }
          }
          sensitive = sensitive_as_bool(dec.value, value::Path(), &sch->block, false, paths);
        } else {
          diags.add(value::Diagnostic::warning(
              "Resource attributes do not match the schema",
              iaddr.to_string() + ": the state's attributes do not decode with the schema of " +
                  addr.resource.type + "; they are shown as stored."));
        }
      }
      if (!decoded) {
        for (const auto& [name, attr] : attributes.items()) values[name] = ordered(attr);
        sensitive = sensitive_from_paths(obj);
      }
      if (!values.empty()) r["values"] = std::move(values);
      r["sensitive_values"] = std::move(sensitive);
      if (!obj.dependencies.empty()) r["depends_on"] = obj.dependencies;
      if (obj.status == ObjectStatus::kTainted) r["tainted"] = true;
    };
    if (inst.current) {
      ordered_json r = base();
      r["schema_version"] = inst.current->schema_version;
      fill(r, *inst.current);
      out.push_back({iaddr.to_string(), std::move(r)});
    }
    for (const auto& [dk, obj] : inst.deposed) {
      ordered_json r = base();
      r["schema_version"] = 0;  // Terraform leaves it unset for deposed objects
      fill(r, obj);
      r["deposed_key"] = dk;
      out.push_back({iaddr.to_string(), std::move(r)});
    }
  }
}

ordered_json resources_array(std::vector<Shown> list) {
  std::stable_sort(list.begin(), list.end(),
                   [](const Shown& a, const Shown& b) { return a.address < b.address; });
  ordered_json a = ordered_json::array();
  for (auto& s : list) a.push_back(std::move(s.doc));
  return a;
}

// jsonchecks: the check results in show -json's "checks" shape. Addresses are Go maps there,
// so their keys come out sorted; results and instances are sorted by to_display, problems by
// message.
json checkable_address(const std::string& kind, const std::string& addr, bool config) {
  json a;
  a["to_display"] = addr;
  auto parsed = parse_abs_resource_instance(addr);
  if (kind == "resource" && parsed.ok()) {
    const std::string module = parsed.value.module.to_string();
    if (!module.empty()) a["module"] = module;
    if (config) {
      a["kind"] = "resource";
      a["mode"] = mode_name(parsed.value.resource.mode);
      a["type"] = parsed.value.resource.type;
      a["name"] = parsed.value.resource.name;
    } else if (parsed.value.key.is_int()) {
      a["instance_key"] = parsed.value.key.as_int();
    } else if (parsed.value.key.is_string()) {
      a["instance_key"] = parsed.value.key.as_string();
    }
    return a;
  }
  // check.NAME / output.NAME, possibly after a module path.
  const std::string marker = kind == "check" ? "check." : "output.";
  std::string own = addr;
  const auto pos = addr.rfind(marker);
  if (pos != std::string::npos && (pos == 0 || addr[pos - 1] == '.')) {
    own = addr.substr(pos);
    if (pos > 0) a["module"] = addr.substr(0, pos - 1);
  }
  if (config) {
    a["kind"] = kind == "output" ? "output_value" : kind;
    a["name"] = own.substr(own.find('.') + 1);
  }
  return a;
}

ordered_json checks_json(const std::vector<CheckResult>& results) {
  std::vector<std::pair<std::string, ordered_json>> list;
  for (const auto& c : results) {
    ordered_json e;
    e["address"] = ordered(checkable_address(c.object_kind, c.config_addr, true), false);
    e["status"] = c.status.empty() ? "unknown" : c.status;
    std::vector<std::pair<std::string, ordered_json>> insts;
    for (const auto& o : c.objects) {
      ordered_json i;
      i["address"] = ordered(checkable_address(c.object_kind, o.object_addr, false), false);
      i["status"] = o.status.empty() ? "unknown" : o.status;
      if (!o.failure_messages.empty()) {
        std::vector<std::string> messages = o.failure_messages;
        std::sort(messages.begin(), messages.end());
        ordered_json problems = ordered_json::array();
        for (const auto& m : messages) problems.push_back({{"message", m}});
        i["problems"] = std::move(problems);
      }
      insts.emplace_back(o.object_addr, std::move(i));
    }
    std::stable_sort(insts.begin(), insts.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    if (!insts.empty()) {
      ordered_json arr = ordered_json::array();
      for (auto& [k, v] : insts) arr.push_back(std::move(v));
      e["instances"] = std::move(arr);
    }
    list.emplace_back(c.config_addr, std::move(e));
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  ordered_json out = ordered_json::array();
  for (auto& [k, v] : list) out.push_back(std::move(v));
  return out;
}

}  // namespace

std::string provider_name(const std::string& provider_config) {
  const auto start = provider_config.find("provider[\"");
  if (start == std::string::npos) return provider_config;
  const auto from = start + 10;
  const auto end = provider_config.find("\"]", from);
  return end == std::string::npos ? provider_config : provider_config.substr(from, end - from);
}

value::Decoded<ordered_json> state_to_json(const State& state, const SchemaLookup& schemas) {
  value::Decoded<ordered_json> out;
  ordered_json& doc = out.value;
  doc["format_version"] = "1.0";
  if (state.empty()) return out;
  if (!state.terraform_version.empty()) doc["terraform_version"] = state.terraform_version;

  ordered_json values;
  if (!state.outputs.empty()) {
    ordered_json outputs = ordered_json::object();
    for (const auto& [name, o] : state.outputs) {
      ordered_json j;
      j["sensitive"] = o.sensitive;
      j["value"] = ordered(o.value);
      j["type"] = ordered(o.type);
      outputs[name] = std::move(j);
    }
    values["outputs"] = std::move(outputs);
  }

  // Resources by module, and every module's ancestors, so the tree has no gaps.
  std::map<ModuleInstance, std::vector<Shown>> by_module;
  std::map<std::string, std::set<std::string>> children;  // parent -> child module addresses
  std::map<std::string, ModuleInstance> modules;
  for (const auto& [addr, rs] : state.resources) {
    add_instance_docs(addr, rs, schemas, by_module[addr.module], out.diagnostics);
    for (ModuleInstance m = addr.module; !m.is_root(); m = m.parent()) {
      children[m.parent().to_string()].insert(m.to_string());
      modules[m.to_string()] = m;
    }
  }
  std::function<ordered_json(const std::string&)> module_doc = [&](const std::string& key) {
    ordered_json m = ordered_json::object();
    const ModuleInstance mi = key.empty() ? ModuleInstance{} : modules[key];
    if (auto it = by_module.find(mi); it != by_module.end() && !it->second.empty()) {
      m["resources"] = resources_array(std::move(it->second));
    }
    if (!key.empty()) m["address"] = key;
    if (auto it = children.find(key); it != children.end()) {
      ordered_json kids = ordered_json::array();
      for (const auto& child : it->second) kids.push_back(module_doc(child));  // set: sorted
      m["child_modules"] = std::move(kids);
    }
    return m;
  };
  values["root_module"] = module_doc("");
  doc["values"] = std::move(values);
  if (!state.check_results.empty()) doc["checks"] = checks_json(state.check_results);
  return out;
}

value::Decoded<std::string> state_to_json_text(const State& state, const SchemaLookup& schemas) {
  auto doc = state_to_json(state, schemas);
  value::Decoded<std::string> out;
  out.diagnostics = std::move(doc.diagnostics);
  go_json_value(out.value, doc.value, -1, 0);
  return out;
}

}  // namespace fgform::state
