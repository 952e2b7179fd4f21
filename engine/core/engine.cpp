#include "core/engine.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "core/builtin_provider.h"
#include "core/pending_creates.h"
#include "graph/graph.h"
#include "graph/walk.h"
#include "hcl/traversal.h"
#include "lang/decode.h"
#include "lang/functions/builtin_functions.h"
#include "plan/objchange.h"
#include "plan/proposed_new.h"
#include "schema/registry.h"
#include "value/convert.h"
#include "value/marks.h"

namespace fgform::core {
namespace {

// The provider as Terraform names it in "inconsistent final plan" (its source address) and,
// Go-quoted, in "inconsistent result after apply" (its configuration address).
constexpr const char* kProviderSource = "registry.terraform.io/fgform/functiongraph";
std::string go_quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

using plan::Action;
using plan::ActionReason;
using state::AbsResource;
using state::AbsResourceInstance;
using state::InstanceKey;
using state::ModuleInstance;
using state::ResourceMode;
using value::Diagnostic;
using value::Diagnostics;
using value::Value;
using Clock = std::chrono::steady_clock;

ResourceMode to_state_mode(config::Mode m) {
  return m == config::Mode::kData ? ResourceMode::kData : ResourceMode::kManaged;
}

std::string module_key(const std::vector<std::string>& path) {
  std::string s;
  for (const auto& p : path) s += "/" + p;
  return s;
}

Value key_value(const InstanceKey& k) {
  if (k.is_int()) return Value::number(k.as_int());
  if (k.is_string()) return Value::string(k.as_string());
  return Value::null(value::Type::dynamic());
}

std::string id_of(const Value& v) {
  if (!v.is_known() || v.is_null() || !v.type().has_attribute("id")) return {};
  Value id = v.attribute("id");
  if (!id.is_known() || id.is_null() || id.type() != value::Type::string()) return {};
  return id.as_string();
}

Value with_attribute(const Value& object, const std::string& name, const Value& v) {
  Value::Entries e = object.entries();
  e[name] = v;
  return Value::object(object.type(), std::move(e));
}

struct Expansion {
  enum class Kind { kSingle, kCount, kEach };
  Kind kind = Kind::kSingle;
  std::vector<InstanceKey> keys;
  std::map<std::string, Value> each_values;
};

struct ModuleValues {
  std::map<std::string, Value> vars;
  std::map<std::string, Value> locals;
  std::map<std::string, Value> outputs;
  std::map<std::string, Value> resources;  // aggregate by Resource::key()
};

struct Node {
  enum class Kind { kProvider, kVariable, kLocal, kOutput, kResource, kModuleCall };
  Kind kind;
  const config::Config* module;
  std::string name;
  const config::Resource* resource = nullptr;
  const config::ModuleCall* call = nullptr;
  const config::ProviderBlock* provider = nullptr;
};

}  // namespace

const schema::Schema* schema_for(ResourceMode mode, const std::string& type) {
  const auto& catalog = resources::Catalog::builtin();
  if (mode == ResourceMode::kManaged) {
    auto* r = catalog.resource(type);
    return r && r->schema().available ? &r->schema() : nullptr;
  }
  auto* d = catalog.data_source(type);
  return d && d->schema().available ? &d->schema() : nullptr;
}

struct Engine::Impl {
  const config::Config& config;
  Options options;
  hcl::FunctionTable functions;

  graph::Graph graph;
  std::vector<Node> nodes;
  std::map<std::string, graph::NodeId> node_ids;  // module_key + "|" + kind:name
  Diagnostics graph_diags;

  // Per run.
  enum class Phase { kValidate, kPlan, kApply } phase = Phase::kPlan;
  std::mutex mu;
  std::map<std::string, std::vector<ModuleInstance>> module_instances;  // by static module_key
  std::map<std::string, Expansion> call_expansions;  // instance string + "|" + call
  std::map<std::string, ModuleValues> values;        // by module instance string
  ProviderFactory provider_factory;
  std::shared_ptr<Provider> validator;  // unconfigured: validation and state upgrades
  std::shared_ptr<Provider> provider;   // the default provider block's, once configured
  std::map<std::string, std::shared_ptr<Provider>> aliased_providers;
  state::State working;
  plan::Plan result;
  std::set<AbsResourceInstance> claimed;
  std::map<std::string, const plan::ResourceInstanceChange*> planned_changes;
  state::Backend* backend = nullptr;
  plan::Plan::Summary done;
  // -target, as Terraform reads it (see targeted()): resource or instance addresses (no key:
  // every instance) and module instances (a step without a key: every instance of the call).
  std::vector<AbsResourceInstance> resource_targets;
  std::vector<ModuleInstance> module_targets;
  std::set<std::string> target_seeds;         // resources a target names ("modkey|resource key")
  std::set<std::string> target_dependencies;  // resources the targeted ones depend on
  std::set<std::string> replace_set;
  std::set<std::string> pending_seen;  // instances whose pending create the plan looked at
  Diagnostics diags;

  Impl(const config::Config& c, Options o) : config(c), options(std::move(o)) {
    provider_factory =
        options.provider_factory ? options.provider_factory : builtin_provider_factory();
    validator = provider_factory();
    lang::FunctionOptions fo;
    fo.base_dir = options.root_dir;
    functions = lang::builtin_functions(fo);
    build_graph();
  }

  // ---- graph ---------------------------------------------------------------------------

  graph::NodeId add(Node n, const std::string& id_name) {
    std::string key = module_key(n.module->path) + "|" + id_name;
    graph::NodeId id = graph.add_node(
        (n.module->path.empty() ? "" : "module." + [&] {
          std::string s;
          for (std::size_t i = 0; i < n.module->path.size(); ++i)
            s += (i ? ".module." : "") + n.module->path[i];
          return s;
        }() + ".") + id_name);
    nodes.push_back(std::move(n));
    node_ids[key] = id;
    return id;
  }

  graph::NodeId node_id(const Node& n) const {
    return static_cast<graph::NodeId>(&n - nodes.data());
  }

  std::optional<graph::NodeId> find(const config::Config& m, const std::string& id_name) const {
    auto it = node_ids.find(module_key(m.path) + "|" + id_name);
    if (it == node_ids.end()) return std::nullopt;
    return it->second;
  }

  void add_nodes(const config::Config& m) {
    if (m.path.empty()) {
      for (const auto& p : m.module.providers)
        add(Node{Node::Kind::kProvider, &m, p.alias, nullptr, nullptr, &p},
            "provider." + p.name + (p.alias.empty() ? "" : "." + p.alias));
      if (!find(m, "provider.functiongraph")) {
        static const config::ProviderBlock empty_provider{"functiongraph", "", nullptr, {}};
        add(Node{Node::Kind::kProvider, &m, "", nullptr, nullptr, &empty_provider},
            "provider.functiongraph");
      }
    }
    for (const auto& [name, v] : m.module.variables)
      add(Node{Node::Kind::kVariable, &m, name}, "var." + name);
    for (const auto& [name, l] : m.module.locals)
      add(Node{Node::Kind::kLocal, &m, name}, "local." + name);
    for (const auto& [name, o] : m.module.outputs)
      add(Node{Node::Kind::kOutput, &m, name}, "output." + name);
    for (const auto& [key, r] : m.module.resources)
      add(Node{Node::Kind::kResource, &m, key, &r}, key);
    for (const auto& [name, call] : m.module.module_calls)
      add(Node{Node::Kind::kModuleCall, &m, name, nullptr, &call}, "module." + name);
    for (const auto& [name, child] : m.children) add_nodes(*child);
  }

  // The nodes a reference made in module `m` needs.
  void reference_edges(graph::NodeId from, const config::Config& m, const hcl::Traversal& t,
                       Diagnostics& d) {
    auto edge = [&](std::optional<graph::NodeId> to) {
      if (to) graph.add_edge(from, *to);
    };
    auto attr = [&](std::size_t i) -> std::optional<std::string> {
      if (i < t.steps.size() && t.steps[i].kind == hcl::TraversalStep::Kind::kAttribute)
        return t.steps[i].name;
      return std::nullopt;
    };
    const std::string& root = t.root;
    if (root == "var" || root == "local") {
      auto name = attr(0);
      if (!name) return;
      auto to = find(m, root + "." + *name);
      if (!to) {
        d.add(Diagnostic::error(root == "var" ? "Reference to undeclared input variable"
                                              : "Reference to undeclared local value",
                                root == "var" ? "An input variable with the name \"" + *name +
                                                    "\" has not been declared. This variable can "
                                                    "be declared with a variable \"" + *name +
                                                    "\" {} block."
                                              : "A local value with the name \"" + *name +
                                                    "\" has not been declared.")
                  .at(t.range));
      }
      edge(to);
    } else if (root == "module") {
      auto name = attr(0);
      if (!name) return;
      auto call = find(m, "module." + *name);
      if (!call) {
        d.add(Diagnostic::error("Reference to undeclared module",
                                "No module call named \"" + *name + "\" is declared in " +
                                    (m.path.empty() ? "the root module." : "this module."))
                  .at(t.range));
        return;
      }
      edge(call);
      auto child = m.children.find(*name);
      if (child == m.children.end()) return;
      // module.x.out (or module.x[0].out): one output; module.x: all of them.
      std::optional<std::string> out = attr(1);
      if (!out) out = attr(2);
      for (const auto& [oname, o] : child->second->module.outputs)
        if (!out || *out == oname) edge(find(*child->second, "output." + oname));
    } else if (root == "data") {
      auto type = attr(0);
      auto name = attr(1);
      if (!type || !name) return;
      auto to = find(m, "data." + *type + "." + *name);
      if (!to) {
        d.add(Diagnostic::error("Reference to undeclared resource",
                                "A data resource \"" + *type + "\" \"" + *name +
                                    "\" has not been declared in " +
                                    (m.path.empty() ? "the root module." : "this module."))
                  .at(t.range));
      }
      edge(to);
    } else if (root == "count" || root == "each" || root == "path" || root == "terraform" ||
               root == "self") {
      return;
    } else {
      auto name = attr(0);
      if (!name) return;
      auto to = find(m, root + "." + *name);
      if (!to) {
        d.add(Diagnostic::error("Reference to undeclared resource",
                                "A managed resource \"" + root + "\" \"" + *name +
                                    "\" has not been declared in " +
                                    (m.path.empty() ? "the root module." : "this module."))
                  .at(t.range));
      }
      edge(to);
    }
  }

  void expr_edges(graph::NodeId from, const config::Config& m, const hcl::ExprPtr& e) {
    if (!e) return;
    for (const auto& t : e->variables()) reference_edges(from, m, t, graph_diags);
  }

  void build_graph() {
    add_nodes(config);
    for (graph::NodeId id = 0; id < nodes.size(); ++id) {
      const Node& n = nodes[id];
      const config::Config& m = *n.module;
      const config::Module& mod = m.module;
      // Everything inside a called module waits for the call's expansion.
      if (!m.path.empty()) {
        const config::Config* parent = &config;
        for (std::size_t i = 0; i + 1 < m.path.size(); ++i)
          parent = parent->children.at(m.path[i]).get();
        edge_to(id, find(*parent, "module." + m.path.back()));
      }
      switch (n.kind) {
        case Node::Kind::kProvider:
          if (n.provider->config) {
            for (const auto& t : lang::body_references(
                     *n.provider->config, schema::Registry::builtin().provider().block))
              reference_edges(id, m, t, graph_diags);
          }
          break;
        case Node::Kind::kVariable: {
          for (const auto& v : mod.variables.at(n.name).validations) {
            expr_edges(id, m, v.condition);
            expr_edges(id, m, v.error_message);
          }
          if (!m.path.empty()) {
            const config::Config* parent = &config;
            for (std::size_t i = 0; i + 1 < m.path.size(); ++i)
              parent = parent->children.at(m.path[i]).get();
            const auto& call = parent->module.module_calls.at(m.path.back());
            for (const auto& in : call.inputs)
              if (in.name == n.name) expr_edges(id, *parent, in.expr);
          }
          break;
        }
        case Node::Kind::kLocal: {
          const auto& expr = mod.locals.at(n.name).expr;
          expr_edges(id, m, expr);
          // The graph has no self edges, so a local that names itself is caught here.
          if (!expr) break;
          for (const auto& t : expr->variables()) {
            if (t.root == "local" && !t.steps.empty() &&
                t.steps[0].kind == hcl::TraversalStep::Kind::kAttribute &&
                t.steps[0].name == n.name) {
              graph_diags.add(Diagnostic::error("Self-referencing local value",
                                                "Local value local." + n.name +
                                                    " cannot use its own result as part of its "
                                                    "expression.")
                                  .at(t.range));
            }
          }
          break;
        }
        case Node::Kind::kOutput: {
          const auto& o = mod.outputs.at(n.name);
          expr_edges(id, m, o.expr);
          for (const auto& t : o.depends_on) reference_edges(id, m, t, graph_diags);
          break;
        }
        case Node::Kind::kResource: {
          const auto& r = *n.resource;
          edge_to(id, find(config, "provider.functiongraph" +
                                       (r.provider_alias.empty() ? "" : "." + r.provider_alias)));
          expr_edges(id, m, r.count);
          expr_edges(id, m, r.for_each);
          for (const auto& t : r.depends_on) reference_edges(id, m, t, graph_diags);
          for (const auto& e : r.lifecycle.replace_triggered_by) expr_edges(id, m, e);
          const schema::Schema* s = schema_for(to_state_mode(r.mode), r.type);
          if (!s) {
            graph_diags.add(Diagnostic::error(
                                r.mode == config::Mode::kData ? "Invalid data source"
                                                              : "Invalid resource type",
                                "The provider fgform/functiongraph does not support " +
                                    std::string(r.mode == config::Mode::kData ? "data source"
                                                                              : "resource type") +
                                    " \"" + r.type + "\".")
                                .at(r.range));
            break;
          }
          if (r.config)
            for (const auto& t : lang::body_references(*r.config, s->block))
              reference_edges(id, m, t, graph_diags);
          break;
        }
        case Node::Kind::kModuleCall: {
          expr_edges(id, m, n.call->count);
          expr_edges(id, m, n.call->for_each);
          for (const auto& t : n.call->depends_on) reference_edges(id, m, t, graph_diags);
          auto child = m.children.find(n.name);
          if (child != m.children.end()) {
            for (const auto& in : n.call->inputs) {
              if (!child->second->module.variables.count(in.name)) {
                graph_diags.add(Diagnostic::error("Unsupported argument",
                                                  "An argument named \"" + in.name +
                                                      "\" is not expected here.")
                                    .at(in.name_range));
              }
            }
          }
          break;
        }
      }
    }
    if (auto cycle = graph.find_cycle()) {
      std::string path;
      for (std::size_t i = 0; i < cycle->size(); ++i)
        path += (i ? ", " : "") + graph.name((*cycle)[i]);
      graph_diags.add(Diagnostic::error("Cycle: " + path,
                                        "The configuration refers to itself in a loop; break it "
                                        "by removing one of these references."));
    }
  }

  void edge_to(graph::NodeId from, std::optional<graph::NodeId> to) {
    if (to) graph.add_edge(from, *to);
  }

  // ---- scopes --------------------------------------------------------------------------

  static std::string inst_key(const ModuleInstance& mi) { return mi.to_string(); }

  const config::Config* parent_of(const config::Config& m) const {
    const config::Config* parent = &config;
    for (std::size_t i = 0; i + 1 < m.path.size(); ++i)
      parent = parent->children.at(m.path[i]).get();
    return parent;
  }

  // Module call value: object of outputs, or a tuple / object of those.
  Value module_value(const ModuleInstance& mi, const std::string& call) {
    auto it = call_expansions.find(inst_key(mi) + "|" + call);
    if (it == call_expansions.end()) return Value::unknown(value::Type::dynamic());
    auto one = [&](const InstanceKey& k) {
      auto vit = values.find(inst_key(mi.child(call, k)));
      Value::Entries out;
      if (vit != values.end())
        for (const auto& [n, v] : vit->second.outputs) out.emplace(n, v);
      return Value::object(std::move(out));
    };
    const Expansion& e = it->second;
    if (e.kind == Expansion::Kind::kSingle) return one(InstanceKey{});
    if (e.kind == Expansion::Kind::kCount) {
      Value::Elements items;
      for (const auto& k : e.keys) items.push_back(one(k));
      return Value::tuple(std::move(items));
    }
    Value::Entries items;
    for (const auto& k : e.keys) items.emplace(k.as_string(), one(k));
    return Value::object(std::move(items));
  }

  // The evaluation context of module instance `mi`. With `referrer` (a resource node), only
  // the resources that node depends on are put in it: building an object of every resource
  // of the module for every resource made plan and validate O(n^2) in the number of
  // resources (about 0.5 s of CPU at 1,000 functions, an estimated 50 s at 10,000; see
  // bench/RESULTS.md). That is enough: every resource reference in a resource's expressions
  // is an edge of the graph (an undeclared one is an error before the walk), and a resource
  // type cannot be referred to without a name.
  hcl::EvalContext scope(const config::Config& m, const ModuleInstance& mi,
                         std::optional<graph::NodeId> referrer = std::nullopt) {
    std::lock_guard lock(mu);
    hcl::EvalContext ctx;
    ctx.functions = &functions;
    ModuleValues& mv = values[inst_key(mi)];
    Value::Entries vars, locals;
    auto add_variable = [&](const std::string& name) {
      auto it = mv.vars.find(name);
      vars.emplace(name, it != mv.vars.end() ? it->second
                                             : Value::unknown(m.module.variables.at(name).type));
    };
    auto add_local = [&](const std::string& name) {
      auto it = mv.locals.find(name);
      locals.emplace(name,
                     it != mv.locals.end() ? it->second : Value::unknown(value::Type::dynamic()));
    };
    if (referrer) {
      // Only the variables and locals the referrer refers to (its graph dependencies, and
      // itself for a variable's validation rules): copying all of them into every scope made
      // N locals cost O(N²) (8,000 locals took 51 s).
      auto add_named = [&](const Node& dn) {
        if (dn.module != &m) return;
        if (dn.kind == Node::Kind::kVariable) add_variable(dn.name);
        if (dn.kind == Node::Kind::kLocal) add_local(dn.name);
      };
      add_named(nodes[*referrer]);
      for (graph::NodeId dep : graph.dependencies(*referrer)) add_named(nodes[dep]);
    } else {
      for (const auto& [name, v] : m.module.variables) add_variable(name);
      for (const auto& [name, l] : m.module.locals) add_local(name);
    }
    ctx.variables["var"] = Value::object(std::move(vars));
    ctx.variables["local"] = Value::object(std::move(locals));
    Value::Entries modules;
    if (referrer) {
      for (graph::NodeId dep : graph.dependencies(*referrer)) {
        const Node& dn = nodes[dep];
        if (dn.kind == Node::Kind::kModuleCall && dn.module == &m && !modules.count(dn.name))
          modules.emplace(dn.name, module_value(mi, dn.name));
      }
    } else {
      for (const auto& [name, call] : m.module.module_calls)
        modules.emplace(name, module_value(mi, name));
    }
    ctx.variables["module"] = Value::object(std::move(modules));
    std::map<std::string, Value::Entries> managed, data;
    auto add_resource = [&](const std::string& key, const config::Resource& r) {
      auto it = mv.resources.find(key);
      Value v = it != mv.resources.end() ? it->second : Value::unknown(value::Type::dynamic());
      (r.mode == config::Mode::kData ? data : managed)[r.type].emplace(r.name, v);
    };
    if (referrer) {
      for (graph::NodeId dep : graph.dependencies(*referrer)) {
        const Node& dn = nodes[dep];
        if (dn.kind == Node::Kind::kResource && dn.module == &m) add_resource(dn.name, *dn.resource);
      }
    } else {
      for (const auto& [key, r] : m.module.resources) add_resource(key, r);
    }
    for (auto& [type, entries] : managed) ctx.variables[type] = Value::object(std::move(entries));
    Value::Entries data_types;
    for (auto& [type, entries] : data) data_types.emplace(type, Value::object(std::move(entries)));
    ctx.variables["data"] = Value::object(std::move(data_types));
    namespace fs = std::filesystem;
    ctx.variables["path"] = Value::object(
        {{"module", Value::string(m.module.dir)},
         {"root", Value::string(config.module.dir)},
         {"cwd", Value::string(fs::current_path().string())}});
    ctx.variables["terraform"] = Value::object({{"workspace", Value::string(options.workspace)}});
    return ctx;
  }

  // count / for_each of a resource or module call.
  std::optional<Expansion> expand(const hcl::ExprPtr& count, const hcl::ExprPtr& for_each,
                                  const hcl::EvalContext& ctx, Diagnostics& d) {
    Expansion e;
    if (count) {
      auto v = count->evaluate(ctx);
      d.append(v.diagnostics);
      if (!v.ok()) return std::nullopt;
      if (!v.value.is_known()) {
        d.add(Diagnostic::error("Invalid count argument",
                                "The \"count\" value depends on resource attributes that cannot "
                                "be determined until apply, so fgform cannot predict how many "
                                "instances will be created.")
                  .at(count->range()));
        return std::nullopt;
      }
      auto n = value::convert(v.value.without_marks(), value::Type::number());
      std::optional<std::int64_t> i;
      if (n.ok() && !n.value.is_null()) i = n.value.as_number().to_int64();
      if (!i || *i < 0 || !n.value.as_number().is_integer()) {
        d.add(Diagnostic::error("Invalid count argument",
                                "The given \"count\" argument value is unsuitable: must be a "
                                "whole number greater than or equal to zero.")
                  .at(count->range()));
        return std::nullopt;
      }
      e.kind = Expansion::Kind::kCount;
      for (std::int64_t k = 0; k < *i; ++k) e.keys.push_back(InstanceKey::integer(k));
      return e;
    }
    if (for_each) {
      auto v = for_each->evaluate(ctx);
      d.append(v.diagnostics);
      if (!v.ok()) return std::nullopt;
      const Value& c = v.value;
      if (!c.is_wholly_known()) {
        d.add(Diagnostic::error("Invalid for_each argument",
                                "The \"for_each\" value depends on resource attributes that "
                                "cannot be determined until apply, so fgform cannot predict how "
                                "many instances will be created.")
                  .at(for_each->range()));
        return std::nullopt;
      }
      if (c.is_sensitive()) {
        d.add(Diagnostic::error("Invalid for_each argument",
                                "Sensitive values, or values derived from sensitive values, "
                                "cannot be used as for_each arguments.")
                  .at(for_each->range()));
        return std::nullopt;
      }
      e.kind = Expansion::Kind::kEach;
      auto kind = c.is_null() ? value::Type::Kind::kDynamic : c.type().kind();
      if (kind == value::Type::Kind::kMap || kind == value::Type::Kind::kObject) {
        for (const auto& [k, item] : c.entries()) {
          e.keys.push_back(InstanceKey::string(k));
          e.each_values[k] = item;
        }
        return e;
      }
      if (kind == value::Type::Kind::kSet) {
        for (const auto& item : c.elements()) {
          if (item.is_null() || item.type() != value::Type::string()) {
            d.add(Diagnostic::error("Invalid for_each set argument",
                                    "The given \"for_each\" argument value is unsuitable: "
                                    "\"for_each\" supports sets of strings, but you have provided "
                                    "a set containing type " + item.type().friendly_name() + ".")
                      .at(for_each->range()));
            return std::nullopt;
          }
          e.keys.push_back(InstanceKey::string(item.as_string()));
          e.each_values[item.as_string()] = item;
        }
        return e;
      }
      d.add(Diagnostic::error("Invalid for_each argument",
                              "The given \"for_each\" argument value is unsuitable: the "
                              "\"for_each\" argument must be a map, or set of strings, and you "
                              "have provided a value of type " +
                                  (c.is_null() ? std::string("null") : c.type().friendly_name()) +
                                  ".")
                .at(for_each->range()));
      return std::nullopt;
    }
    e.keys.push_back(InstanceKey{});
    return e;
  }

  static hcl::EvalContext instance_scope(const hcl::EvalContext& parent, const Expansion& e,
                                         const InstanceKey& k) {
    hcl::EvalContext child;
    child.parent = &parent;
    if (e.kind == Expansion::Kind::kCount)
      child.variables["count"] = Value::object({{"index", Value::number(k.as_int())}});
    if (e.kind == Expansion::Kind::kEach)
      child.variables["each"] = Value::object(
          {{"key", Value::string(k.as_string())}, {"value", e.each_values.at(k.as_string())}});
    return child;
  }

  std::vector<ModuleInstance> instances_of(const config::Config& m) {
    std::lock_guard lock(mu);
    return module_instances[module_key(m.path)];
  }

  // ---- node evaluation -----------------------------------------------------------------

  bool visit(graph::NodeId id) {
    const Node& n = nodes[id];
    Diagnostics d;
    for (const auto& mi : instances_of(*n.module)) {
      switch (n.kind) {
        case Node::Kind::kProvider: eval_provider(n, d); break;
        case Node::Kind::kVariable: eval_variable(n, mi, d); break;
        case Node::Kind::kLocal: eval_local(n, mi, d); break;
        case Node::Kind::kOutput: eval_output(n, mi, d); break;
        case Node::Kind::kModuleCall: eval_call(n, mi, d); break;
        case Node::Kind::kResource: eval_resource(n, mi, d); break;
      }
    }
    std::lock_guard lock(mu);
    bool ok = !d.has_errors();
    diags.append(d);
    return ok;
  }

  void eval_provider(const Node& n, Diagnostics& d) {
    const auto& block = schema::Registry::builtin().provider().block;
    Value cfg = Value::null(block.implied_type());
    if (n.provider->config) {
      auto decoded = lang::decode_body(*n.provider->config, block,
                                       scope(config, ModuleInstance{}, node_id(n)));
      d.append(decoded.diagnostics);
      if (!decoded.ok()) return;
      cfg = decoded.value;
    } else {
      cfg = resources::conform(block, Value::object(block.implied_type(), {}));
    }
    d.append(validator->validate_provider(cfg));
    if (d.has_errors() || phase == Phase::kValidate) return;
    if (!cfg.is_wholly_known()) {
      d.add(Diagnostic::error("Provider configuration depends on values not known yet",
                              "The provider block refers to values known only after apply; "
                              "fgform cannot configure the provider from them.")
                .at(n.provider->range));
      return;
    }
    auto configured = provider_factory();
    const auto configure_diags = configured->configure(cfg.without_marks());
    d.append(configure_diags);
    if (configure_diags.has_errors()) return;
    std::lock_guard lock(mu);
    if (n.provider->alias.empty()) {
      provider = std::move(configured);
    } else {
      aliased_providers[n.provider->alias] = std::move(configured);
    }
  }

  void eval_variable(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
    const config::Config& m = *n.module;
    const auto& var = m.module.variables.at(n.name);
    Value v;
    bool given = false;
    value::SourceRange where = var.range;
    if (m.path.empty()) {
      auto it = options.variables.find(n.name);
      if (it != options.variables.end()) {
        v = it->second;
        given = true;
      }
    } else {
      const config::Config* parent = parent_of(m);
      const auto& call = parent->module.module_calls.at(m.path.back());
      for (const auto& in : call.inputs) {
        if (in.name != n.name) continue;
        ModuleInstance pmi = mi.parent();
        hcl::EvalContext pctx = scope(*parent, pmi, node_id(n));
        Expansion e;
        {
          std::lock_guard lock(mu);
          e = call_expansions[inst_key(pmi) + "|" + call.name];
        }
        hcl::EvalContext ictx = instance_scope(pctx, e, mi.steps.back().key);
        auto r = in.expr->evaluate(ictx);
        d.append(r.diagnostics);
        v = r.value;
        given = true;
        where = in.expr->range();
      }
    }
    if (!given || (v.is_null() && !var.nullable)) {
      if (var.default_value) {
        v = *var.default_value;
      } else if (!given && phase == Phase::kValidate && m.path.empty()) {
        // validate checks the configuration without input values, as Terraform does: an unset
        // root variable is unknown there, not an error that would skip everything using it.
        v = Value::unknown(var.type);
      } else if (!given) {
        d.add(Diagnostic::error(m.path.empty() ? "No value for required variable"
                                               : "Missing required argument",
                                m.path.empty()
                                    ? "The root module input variable \"" + n.name +
                                          "\" is not set, and has no default value. Use a -var "
                                          "or -var-file command line argument to provide a "
                                          "value for this variable."
                                    : "The argument \"" + n.name +
                                          "\" is required, but no definition was found.")
                  .at(var.range));
        v = Value::unknown(var.type);
      }
    }
    auto converted = value::convert(v, var.type);
    if (!converted.ok()) {
      d.add(Diagnostic::error("Invalid value for input variable",
                              "The given value is not suitable for var." + n.name +
                                  " declared at " + var.range.filename + ":" +
                                  std::to_string(var.range.start.line) + ": " + converted.error +
                                  ".")
                .at(where));
      v = Value::unknown(var.type);
    } else {
      v = converted.value;
    }
    if (v.is_null() && !var.nullable) {
      d.add(Diagnostic::error("Invalid value for input variable",
                              "The given value is not suitable for var." + n.name +
                                  ": required variable may not be set to null.")
                .at(where));
    }
    if (var.sensitive) v = v.marked_sensitive();
    {
      std::lock_guard lock(mu);
      values[inst_key(mi)].vars[n.name] = v;
    }
    for (const auto& val : var.validations) {
      hcl::EvalContext ctx = scope(m, mi, node_id(n));
      auto c = val.condition->evaluate(ctx);
      d.append(c.diagnostics);
      if (!c.ok() || !c.value.is_known()) continue;
      auto b = value::convert(c.value.without_marks(), value::Type::boolean());
      if (!b.ok() || b.value.is_null()) {
        d.add(Diagnostic::error("Invalid validation result",
                                "The condition must be a bool value.")
                  .at(val.condition->range()));
        continue;
      }
      if (b.value.as_bool()) continue;
      std::string message = "Invalid value for variable";
      auto msg = val.error_message->evaluate(ctx);
      if (msg.ok() && msg.value.is_known() && !msg.value.is_null() &&
          msg.value.type() == value::Type::string())
        message = msg.value.as_string();
      d.add(Diagnostic::error("Invalid value for variable",
                              message + "\n\nThis was checked by the validation rule at " +
                                  val.range.filename + ":" + std::to_string(val.range.start.line) +
                                  ".")
                .at(where));
    }
  }

  void eval_local(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
    const auto& l = n.module->module.locals.at(n.name);
    auto r = l.expr->evaluate(scope(*n.module, mi, node_id(n)));
    d.append(r.diagnostics);
    std::lock_guard lock(mu);
    values[inst_key(mi)].locals[n.name] = r.value;
  }

  void eval_output(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
    const auto& o = n.module->module.outputs.at(n.name);
    auto r = o.expr->evaluate(scope(*n.module, mi, node_id(n)));
    d.append(r.diagnostics);
    Value v = r.value;
    if (n.module->path.empty() && v.contains_sensitive() && !o.sensitive) {
      d.add(Diagnostic::error("Output refers to sensitive values",
                              "To reduce the risk of accidentally exporting sensitive data that "
                              "was intended to be only internal, fgform requires that any root "
                              "module output containing sensitive data be explicitly marked as "
                              "sensitive, to confirm your intent.\n\nIf you do intend to export "
                              "this data, annotate the output value as sensitive by adding the "
                              "following argument:\n    sensitive = true")
                .at(o.range));
    }
    if (o.sensitive) v = v.marked_sensitive();
    std::lock_guard lock(mu);
    values[inst_key(mi)].outputs[n.name] = v;
  }

  void eval_call(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
    hcl::EvalContext ctx = scope(*n.module, mi, node_id(n));
    auto e = expand(n.call->count, n.call->for_each, ctx, d);
    if (!e) return;
    auto child = n.module->children.find(n.name);
    std::lock_guard lock(mu);
    call_expansions[inst_key(mi) + "|" + n.name] = *e;
    if (child == n.module->children.end()) return;
    auto& list = module_instances[module_key(child->second->path)];
    for (const auto& k : e->keys) list.push_back(mi.child(n.name, k));
  }

  // ---- resources -----------------------------------------------------------------------

  void emit(Event::Kind kind, const std::string& address, Action action, const std::string& id,
            Clock::time_point started) {
    if (!options.on_event) return;
    Event e;
    e.kind = kind;
    e.address = address;
    e.action = action;
    e.id = id;
    e.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    std::lock_guard lock(mu);
    options.on_event(e);
  }

  std::shared_ptr<Provider> provider_for(const config::Resource& r, Diagnostics& d) {
    std::lock_guard lock(mu);
    if (r.provider_alias.empty()) {
      if (!provider)
        d.add(Diagnostic::error("Provider not configured",
                                "The functiongraph provider could not be configured; "
                                "see the errors above."));
      return provider;
    }
    auto it = aliased_providers.find(r.provider_alias);
    if (it == aliased_providers.end() || !it->second) {
      d.add(Diagnostic::error("Provider configuration not present",
                              "functiongraph." + r.provider_alias + " is not configured.")
                .at(r.range));
      return nullptr;
    }
    return it->second;
  }

  // Terraform's TargetContains on module paths: equal names, and a target step without a key
  // covers every instance of that call. `prefix`: the target may be an ancestor module.
  static bool module_target_matches(const ModuleInstance& target, const ModuleInstance& mi,
                                    bool prefix) {
    if (target.steps.size() > mi.steps.size()) return false;
    if (!prefix && target.steps.size() != mi.steps.size()) return false;
    for (std::size_t i = 0; i < target.steps.size(); ++i) {
      if (target.steps[i].name != mi.steps[i].name) return false;
      if (!target.steps[i].key.is_none() && target.steps[i].key != mi.steps[i].key) return false;
    }
    return true;
  }

  static std::string config_resource_key(const ModuleInstance& mi, const state::Resource& r) {
    std::vector<std::string> path;
    for (const auto& step : mi.steps) path.push_back(step.name);
    return module_key(path) + "|" + (r.mode == ResourceMode::kData ? "data." : "") + r.type +
           "." + r.name;
  }

  // Visits every node `from` depends on, directly or not, once each. `visit(node)` says whether
  // to go on to that node's own dependencies.
  template <typename Visit>
  void walk_dependencies(std::vector<graph::NodeId> from, Visit visit) {
    std::set<graph::NodeId> seen;
    while (!from.empty()) {
      const graph::NodeId id = from.back();
      from.pop_back();
      for (graph::NodeId dep : graph.dependencies(id)) {
        if (seen.insert(dep).second && visit(nodes[dep])) from.push_back(dep);
      }
    }
  }

  // The resources the targets name, and everything they depend on (through any node), as
  // Terraform keeps the targets' ancestors in its graph. Dependencies are planned with all of
  // their instances. Not for -destroy (Terraform then adds dependents instead: not done).
  void resolve_target_dependencies() {
    std::vector<graph::NodeId> stack;
    for (graph::NodeId id = 0; id < nodes.size(); ++id) {
      const Node& n = nodes[id];
      if (n.kind != Node::Kind::kResource) continue;
      ModuleInstance static_path;
      for (const auto& name : n.module->path) static_path = static_path.child(name);
      bool hit = false;
      for (const auto& t : module_targets) {
        ModuleInstance names;  // the target without its keys
        for (const auto& step : t.steps) names = names.child(step.name);
        hit = hit || module_target_matches(names, static_path, true);
      }
      for (const auto& t : resource_targets) {
        ModuleInstance names;
        for (const auto& step : t.module.steps) names = names.child(step.name);
        hit = hit || (names == static_path &&
                      config_resource_key(t.module, t.resource) ==
                          module_key(n.module->path) + "|" + n.name);
      }
      if (!hit) continue;
      target_seeds.insert(module_key(n.module->path) + "|" + n.name);
      stack.push_back(id);
    }
    walk_dependencies(std::move(stack), [&](const Node& dn) {
      if (dn.kind == Node::Kind::kResource)
        target_dependencies.insert(module_key(dn.module->path) + "|" + dn.name);
      return true;
    });
    // A resource a target names keeps to the targeted instances even when another targeted
    // resource depends on it (Terraform sets the targets on directly targeted nodes).
    for (const auto& seed : target_seeds) target_dependencies.erase(seed);
  }

  // Whether -target lets this instance be planned. `orphan`: an instance with no configuration
  // (called after the walk, when module_instances is complete).
  bool targeted(const AbsResourceInstance& a, bool orphan = false) {
    if (resource_targets.empty() && module_targets.empty()) return true;
    for (const auto& t : module_targets)
      if (module_target_matches(t, a.module, true)) return true;
    for (const auto& t : resource_targets)
      if (t.resource == a.resource && module_target_matches(t.module, a.module, false) &&
          (t.key.is_none() || t.key == a.key))
        return true;
    if (options.mode == plan::PlanMode::kDestroy) return false;
    const std::string key = config_resource_key(a.module, a.resource);
    if (target_dependencies.count(key)) return true;
    // As Terraform: instances left in module instances that no longer exist go with their
    // resource whenever any instance of it is targeted (module.m["c"] also deletes module.m["b"]).
    if (orphan && target_seeds.count(key)) {
      std::vector<std::string> path;
      for (const auto& step : a.module.steps) path.push_back(step.name);
      const auto& live = module_instances[module_key(path)];
      return std::find(live.begin(), live.end(), a.module) == live.end();
    }
    return false;
  }

  // Why an instance that has no configuration any more is deleted, as Terraform explains it.
  ActionReason orphan_reason(const AbsResourceInstance& a) {
    if (options.mode == plan::PlanMode::kDestroy) return ActionReason::kNone;
    const config::Config* m = &config;
    for (const auto& step : a.module.steps) {
      auto it = m->children.find(step.name);
      if (it == m->children.end()) return ActionReason::kDeleteBecauseNoResourceConfig;
      m = it->second.get();
    }
    auto rit = m->module.resources.find((a.resource.mode == ResourceMode::kData ? "data." : "") +
                                        a.resource.type + "." + a.resource.name);
    if (rit == m->module.resources.end()) return ActionReason::kDeleteBecauseNoResourceConfig;
    const auto& live = module_instances[module_key(m->path)];
    if (std::find(live.begin(), live.end(), a.module) == live.end())
      return ActionReason::kDeleteBecauseNoModule;
    const config::Resource& r = rit->second;
    if (a.key.is_int())
      return r.count ? ActionReason::kDeleteBecauseCountIndex
                     : ActionReason::kDeleteBecauseWrongRepetition;
    if (a.key.is_string())
      return r.for_each ? ActionReason::kDeleteBecauseEachKey
                        : ActionReason::kDeleteBecauseWrongRepetition;
    if (r.count || r.for_each) return ActionReason::kDeleteBecauseWrongRepetition;
    return ActionReason::kDeleteBecauseNoResourceConfig;
  }

  // Whether the instance's current object is tainted: created, but a later step of its apply
  // failed, so it must be replaced.
  bool is_tainted(const AbsResourceInstance& a) {
    std::lock_guard lock(mu);
    const state::InstanceObject* found = working.find(a);
    return found && found->status == state::ObjectStatus::kTainted;
  }

  // The prior object of an instance, decoded with its schema (null when there is none).
  Value prior_value(const AbsResourceInstance& a, const schema::Schema& s, Diagnostics& d) {
    std::optional<state::InstanceObject> obj;
    {
      std::lock_guard lock(mu);
      const state::InstanceObject* found = working.find(a);
      if (!found) return Value::null(s.block.implied_type());
      obj = *found;  // copied: other instances may change `working` while this one decodes
    }
    Value v;
    if (a.resource.mode == ResourceMode::kManaged) {
      auto up = validator->upgrade_state(
          a.resource.type, static_cast<std::int64_t>(obj->schema_version), obj->attributes);
      for (auto diag : up.diagnostics) d.add(std::move(diag).at(value::Path::attribute(a.to_string())));
      v = up.value;
    } else {
      auto dec = value::from_json(obj->attributes, s.block.implied_type(),
                                  {.ignore_undefined_attributes = true});
      v = dec.ok() ? resources::conform(s.block, dec.value) : Value::null(s.block.implied_type());
    }
    return value::mark_paths(v, state::sensitive_paths(*obj));
  }

  // Terraform's configschema ValueMarks: the paths of the schema's sensitive attributes in
  // `v` (null ones too), through single, list and map nested blocks. Set elements have no
  // path a state file can name, so sensitive attributes inside set blocks are left out.
  static void schema_sensitive_paths(const schema::Block& block, const Value& v,
                                     const value::Path& at, std::vector<value::Path>& out) {
    for (const auto& a : block.attributes)
      if (a.sensitive) out.push_back(at.attr(a.name));
    if (v.is_null() || !v.is_known()) return;
    for (const auto& nb : block.blocks) {
      if (!v.type().has_attribute(nb.name)) continue;
      Value bv = v.attribute(nb.name);
      if (bv.is_null() || !bv.is_known()) continue;
      const value::Path bp = at.attr(nb.name);
      switch (nb.nesting) {
        case schema::Nesting::kSingle:
        case schema::Nesting::kGroup:
          schema_sensitive_paths(nb.block, bv, bp, out);
          break;
        case schema::Nesting::kList: {
          std::int64_t i = 0;
          for (const auto& e : bv.elements()) schema_sensitive_paths(nb.block, e, bp.index(i++), out);
          break;
        }
        case schema::Nesting::kMap:
          for (const auto& [k, e] : bv.entries()) schema_sensitive_paths(nb.block, e, bp.key(k), out);
          break;
        case schema::Nesting::kSet:
          break;
      }
    }
  }

  state::InstanceObject object_for(const Value& v, const schema::Schema& s,
                                   const std::vector<std::string>& deps, bool cbd) {
    state::InstanceObject obj;
    obj.schema_version = static_cast<std::uint64_t>(s.version);
    auto j = value::to_json(v.without_marks(), s.block.implied_type());
    obj.attributes = j.value;
    // As Terraform writes sensitive_attributes: the value's marks plus the schema's sensitive
    // attributes, null or not, sorted by their printed path. (Without the schema's, Terraform
    // finds every fgform-written object changed and moves the serial on a no-op apply.)
    std::vector<value::Path> schema_paths;
    schema_sensitive_paths(s.block, v, value::Path(), schema_paths);
    auto paths = value::sensitive_paths_of(value::mark_paths(v, schema_paths));
    std::sort(paths.begin(), paths.end(), [](const value::Path& a, const value::Path& b) {
      return a.to_string() < b.to_string();
    });
    state::set_sensitive_paths(obj, paths);
    obj.dependencies = deps;
    obj.create_before_destroy = cbd;
    return obj;
  }

  std::vector<std::string> dependencies_of(const Node& n) {
    std::set<std::string> out;
    // Resources reached through locals, variables and outputs count too, as in Terraform; the
    // walk stops at each resource and at providers.
    walk_dependencies({*find(*n.module, n.name)}, [&](const Node& dn) {
      if (dn.kind == Node::Kind::kResource) {
        // As Terraform records them: configuration addresses without instance keys
        // (module.net.functiongraph_vpc.v), in any module, reached through module outputs
        // and input variables too. depends_on_instance() reads this form.
        std::string addr;
        for (const auto& call : dn.module->path) addr += "module." + call + ".";
        out.insert(addr + dn.name);
        return false;
      }
      return dn.kind != Node::Kind::kProvider;
    });
    return {out.begin(), out.end()};
  }

  void set_aggregate(const Node& n, const ModuleInstance& mi, const Expansion& e,
                     const std::map<std::string, Value>& by_key) {
    Value agg;
    if (e.kind == Expansion::Kind::kSingle) {
      agg = by_key.count("") ? by_key.at("") : Value::null(value::Type::dynamic());
    } else if (e.kind == Expansion::Kind::kCount) {
      Value::Elements items;
      for (const auto& k : e.keys) items.push_back(by_key.at(k.to_string()));
      agg = Value::tuple(std::move(items));
    } else {
      Value::Entries items;
      for (const auto& k : e.keys) items.emplace(k.as_string(), by_key.at(k.to_string()));
      agg = Value::object(std::move(items));
    }
    std::lock_guard lock(mu);
    values[inst_key(mi)].resources[n.name] = agg;
  }

  void eval_resource(const Node& n, const ModuleInstance& mi, Diagnostics& d) {
    const config::Resource& r = *n.resource;
    const schema::Schema* s = schema_for(to_state_mode(r.mode), r.type);
    if (!s) return;
    hcl::EvalContext ctx = scope(*n.module, mi, find(*n.module, n.name));
    auto e = expand(r.count, r.for_each, ctx, d);
    if (!e) return;
    AbsResource res{mi, {to_state_mode(r.mode), r.type, r.name}};
    std::map<std::string, Value> by_key;
    std::mutex by_key_mu;
    std::vector<std::string> deps =
        r.mode == config::Mode::kManaged ? dependencies_of(n) : std::vector<std::string>{};
    const bool data_deps_pending = r.mode == config::Mode::kData && phase == Phase::kPlan &&
                                   options.mode == plan::PlanMode::kNormal &&
                                   managed_dependency_pending(n, mi);
    std::vector<Diagnostics> per(e->keys.size());
    auto work = [&](std::size_t i) {
      const InstanceKey& k = e->keys[i];
      AbsResourceInstance a{mi, res.resource, k};
      hcl::EvalContext ictx = instance_scope(ctx, *e, k);
      Value v = r.mode == config::Mode::kData
                    ? data_instance(r, *s, a, ictx, per[i], data_deps_pending)
                    : managed_instance(r, *s, a, ictx, deps, per[i]);
      std::lock_guard lock(by_key_mu);
      by_key[k.to_string()] = v;
    };
    // Instances of one resource are independent of each other: run them side by side.
    std::size_t threads = std::min<std::size_t>(std::max(1, options.parallelism), e->keys.size());
    if (threads <= 1) {
      for (std::size_t i = 0; i < e->keys.size(); ++i) work(i);
    } else {
      std::atomic<std::size_t> next = 0;
      std::vector<std::thread> pool;
      for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back([&] {
          for (std::size_t i; (i = next++) < e->keys.size();) work(i);
        });
      for (auto& t : pool) t.join();
    }
    for (auto& pd : per) d.append(pd);
    {
      std::lock_guard lock(mu);
      for (const auto& k : e->keys) claimed.insert(AbsResourceInstance{mi, res.resource, k});
    }
    set_aggregate(n, mi, *e, by_key);
  }

  Value decode_config(const config::Resource& r, const schema::Schema& s,
                      const hcl::EvalContext& ctx, Diagnostics& d) {
    if (!r.config) return resources::conform(s.block, Value::object(s.block.implied_type(), {}));
    auto decoded = lang::decode_body(*r.config, s.block, ctx);
    d.append(decoded.diagnostics);
    return decoded.value;
  }

  // As Terraform (forcePlanReadData): a data source that references a managed resource
  // directly in its configuration or depends_on, in the same module instance, is read at apply
  // when that resource has changes planned (read_because_dependency_pending). A reference
  // through a local or an output does not count.
  bool managed_dependency_pending(const Node& n, const ModuleInstance& mi) {
    std::set<std::string> referenced;  // type.name
    for (graph::NodeId dep : graph.dependencies(*find(*n.module, n.name))) {
      const Node& dn = nodes[dep];
      if (dn.kind == Node::Kind::kResource && dn.module == n.module &&
          dn.resource->mode == config::Mode::kManaged)
        referenced.insert(dn.resource->type + "." + dn.resource->name);
    }
    if (referenced.empty()) return false;
    const std::string module = mi.to_string();
    std::lock_guard lock(mu);
    for (const auto& c : result.changes)
      if (c.mode == plan::Mode::kManaged && c.action != Action::kNoOp &&
          c.module_address == module && referenced.count(c.type + "." + c.name))
        return true;
    return false;
  }

  Value data_instance(const config::Resource& r, const schema::Schema& s,
                      const AbsResourceInstance& a, const hcl::EvalContext& ctx, Diagnostics& d,
                      bool deps_pending = false) {
    Value cfg = decode_config(r, s, ctx, d);
    if (d.has_errors()) return Value::unknown(s.block.implied_type());
    for (auto diag : validator->validate_data_source(r.type, cfg)) d.add(std::move(diag));
    if (d.has_errors() || phase == Phase::kValidate) return Value::unknown(s.block.implied_type());
    if (!cfg.is_wholly_known() || deps_pending) {
      if (phase == Phase::kPlan) {
        plan::ResourceInstanceChange c = change_for(a, s);
        c.action = Action::kRead;
        c.reason = cfg.is_wholly_known() ? ActionReason::kReadBecauseDependencyPending
                                         : ActionReason::kReadBecauseConfigUnknown;
        c.after = Value::unknown(s.block.implied_type());
        std::lock_guard lock(mu);
        result.changes.push_back(std::move(c));
      }
      return Value::unknown(s.block.implied_type());
    }
    auto p = provider_for(r, d);
    if (!p) return Value::unknown(s.block.implied_type());
    auto started = Clock::now();
    auto read = p->read_data_source(r.type, cfg.without_marks());
    for (auto diag : read.diagnostics) d.add(std::move(diag).at(value::Path::attribute(a.to_string())));
    if (!read.ok()) return Value::unknown(s.block.implied_type());
    emit(Event::Kind::kRefreshComplete, a.to_string(), Action::kRead, id_of(read.value), started);
    std::lock_guard lock(mu);
    working.set(a, object_for(read.value, s, {}, false), kProviderAddress);
    return read.value;
  }

  plan::ResourceInstanceChange change_for(const AbsResourceInstance& a, const schema::Schema& s) {
    plan::ResourceInstanceChange c;
    c.address = a.to_string();
    c.module_address = a.module.to_string();
    c.mode = a.resource.mode == ResourceMode::kData ? plan::Mode::kData : plan::Mode::kManaged;
    c.type = a.resource.type;
    c.name = a.resource.name;
    c.index_key = key_value(a.key);
    c.provider_address = kProviderAddress;
    c.schema = &s;
    c.before = Value::null(s.block.implied_type());
    c.after = Value::null(s.block.implied_type());
    return c;
  }

  // ignore_changes: the configuration takes the prior value of each ignored attribute.
  Value apply_ignore_changes(const config::Resource& r, const schema::Schema& s,
                             const Value& prior, const Value& cfg) {
    if (prior.is_null() || (!r.lifecycle.ignore_all_changes && r.lifecycle.ignore_changes.empty()))
      return cfg;
    Value out = cfg;
    for (const auto& a : s.block.attributes) {
      bool ignored = r.lifecycle.ignore_all_changes;
      for (const auto& t : r.lifecycle.ignore_changes)
        if (t.root == a.name) ignored = true;
      if (ignored && !(a.computed && !a.optional)) out = with_attribute(out, a.name, prior.attribute(a.name));
    }
    for (const auto& nb : s.block.blocks) {
      bool ignored = r.lifecycle.ignore_all_changes;
      for (const auto& t : r.lifecycle.ignore_changes)
        if (t.root == nb.name) ignored = true;
      if (ignored) out = with_attribute(out, nb.name, prior.attribute(nb.name));
    }
    return out;
  }

  const config::Import* import_for(const AbsResourceInstance& a) {
    for (const auto& im : config.module.imports) {
      auto addr = state::parse_abs_resource_instance(hcl::traversal_to_string(im.to));
      if (addr.ok() && addr.value == a) return &im;
    }
    return nullptr;
  }

  Value managed_instance(const config::Resource& r, const schema::Schema& s,
                         const AbsResourceInstance& a, const hcl::EvalContext& ctx,
                         const std::vector<std::string>& deps, Diagnostics& d) {
    Value cfg = decode_config(r, s, ctx, d);
    if (d.has_errors()) return Value::unknown(s.block.implied_type());
    d.append(validator->validate_resource(r.type, cfg));
    if (d.has_errors() || phase == Phase::kValidate) return Value::unknown(s.block.implied_type());
    Value prior = prior_value(a, s, d);
    if (phase == Phase::kApply) return apply_instance(r, s, a, prior, cfg, deps, d);

    // Plan.
    // Excluded by -target: the prior object, or unknown when there is none yet (a null would
    // make every reference to it an error, where Terraform does not evaluate those at all).
    if (!targeted(a)) return prior.is_null() ? Value::unknown(s.block.implied_type()) : prior;
    std::optional<std::string> import_id;
    auto p = provider_for(r, d);
    if (!p) return Value::unknown(s.block.implied_type());
    if (prior.is_null() && options.mode != plan::PlanMode::kDestroy) {
      if (const config::Import* im = import_for(a)) {
        auto id = im->id->evaluate(scope(config, ModuleInstance{}));
        d.append(id.diagnostics);
        if (!id.ok() || !id.value.is_known() || id.value.is_null() ||
            id.value.type() != value::Type::string()) {
          d.add(Diagnostic::error("Invalid import id argument",
                                  "The import ID must be a known string.")
                    .at(im->id->range()));
          return Value::unknown(s.block.implied_type());
        }
        auto started = Clock::now();
        emit(Event::Kind::kImportStart, a.to_string(), Action::kNoOp, id.value.as_string(), started);
        auto imported = p->import(r.type, id.value.as_string());
        d.append(imported.diagnostics);
        if (!imported.ok()) return Value::unknown(s.block.implied_type());
        auto read = p->read(r.type, imported.value);
        d.append(read.diagnostics);
        if (read.value.is_null()) {
          d.add(Diagnostic::error("Cannot import non-existent remote object",
                                  "While attempting to import an existing object to \"" +
                                      a.to_string() + "\", the provider detected that no object "
                                      "exists with the given id.")
                    .at(im->range));
          return Value::unknown(s.block.implied_type());
        }
        emit(Event::Kind::kImportComplete, a.to_string(), Action::kNoOp, id.value.as_string(), started);
        prior = read.value;
        import_id = id.value.as_string();
        std::lock_guard lock(mu);
        working.set(a, object_for(prior, s, deps, r.lifecycle.create_before_destroy), kProviderAddress);
      }
    }
    if (auto pending = take_pending_create(a)) {
      // A create an interrupted run started and never recorded: adopt what it made.
      if (prior.is_null() && !import_id) {
        auto found = find_pending_object(*p, r.type, s, *pending);
        if (found.diagnostics.has_errors()) {
          restore_pending_create(a, *pending);  // the platform could not tell: ask again next run
          d.append(found.diagnostics);
          return Value::unknown(s.block.implied_type());
        }
        if (!found.object.is_null()) {
          d.add(adopted_warning(a.to_string(), *pending).at(r.range));
          prior = found.object;
          import_id = pending->import_id;
          std::lock_guard lock(mu);
          working.set(a, object_for(prior, s, deps, r.lifecycle.create_before_destroy),
                      kProviderAddress);
        }
      }
    }
    if (!prior.is_null() && options.refresh && !import_id) {
      auto started = Clock::now();
      emit(Event::Kind::kRefreshStart, a.to_string(), Action::kNoOp, id_of(prior), started);
      auto read = p->read(r.type, prior.without_marks());
      d.append(read.diagnostics);
      if (!read.ok()) return prior;
      Value refreshed = read.value;
      if (!refreshed.is_null()) {
        refreshed = value::mark_paths(refreshed, value::sensitive_paths_of(prior));
      }
      emit(Event::Kind::kRefreshComplete, a.to_string(), Action::kNoOp, id_of(prior), started);
      if (refreshed != prior) {
        plan::ResourceDrift drift;
        drift.address = a.to_string();
        drift.mode = plan::Mode::kManaged;
        drift.type = a.resource.type;
        drift.name = a.resource.name;
        drift.index_key = key_value(a.key);
        drift.provider_address = kProviderAddress;
        drift.before = prior;
        drift.after = refreshed;
        drift.schema = &s;
        std::lock_guard lock(mu);
        result.drift.push_back(std::move(drift));
        if (refreshed.is_null()) {
          working.remove(a);
        } else {
          auto obj = object_for(refreshed, s, deps, r.lifecycle.create_before_destroy);
          // A refresh does not untaint: the object still has to be replaced.
          if (const auto* old = working.find(a)) obj.status = old->status;
          working.set(a, std::move(obj), kProviderAddress);
        }
      }
      prior = refreshed;
    }
    plan::ResourceInstanceChange c = change_for(a, s);
    c.before = prior;
    c.import_id = import_id;
    // Objects that do not exist are not planned in these modes; what refers to them sees an
    // unknown value rather than failing on a null one.
    if (options.mode == plan::PlanMode::kRefreshOnly)
      return prior.is_null() ? Value::unknown(s.block.implied_type()) : prior;
    if (options.mode == plan::PlanMode::kDestroy) {
      if (prior.is_null()) return Value::unknown(s.block.implied_type());
      c.action = Action::kDelete;
      if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
      std::lock_guard lock(mu);
      result.changes.push_back(std::move(c));
      return prior;
    }
    // A tainted object is planned as if there were none, and the change replaces it
    // (Terraform's "is tainted, so must be replaced"), whatever the configuration says.
    const bool tainted = !prior.is_null() && is_tainted(a);
    const Value plan_prior = tainted ? Value::null(s.block.implied_type()) : prior;
    cfg = apply_ignore_changes(r, s, plan_prior, cfg);
    auto planned =
        p->plan(r.type, plan_prior.without_marks(),
                plan::proposed_new(s.block, plan_prior.without_marks(), cfg.without_marks()),
                cfg.without_marks());
    d.append(planned.diagnostics);
    Value after = mark_like(planned.planned, cfg, plan_prior);
    bool replace_requested = replace_set.count(a.to_string()) > 0;
    if (tainted) {
      c.action =
          r.lifecycle.create_before_destroy ? Action::kCreateThenDelete : Action::kDeleteThenCreate;
      c.reason = ActionReason::kReplaceBecauseTainted;
      if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
    } else if (prior.is_null()) {
      c.action = Action::kCreate;
    } else if (!planned.requires_replace.empty() || replace_requested) {
      c.action = r.lifecycle.create_before_destroy ? Action::kCreateThenDelete
                                                   : Action::kDeleteThenCreate;
      c.reason = replace_requested ? ActionReason::kReplaceByRequest
                                   : ActionReason::kReplaceBecauseCannotUpdate;
      c.replace_paths = planned.requires_replace;
      auto fresh = p->plan(
          r.type, Value::null(s.block.implied_type()),
          plan::proposed_new(s.block, Value::null(s.block.implied_type()), cfg.without_marks()),
          cfg.without_marks());
      after = mark_like(fresh.planned, cfg, Value::null(s.block.implied_type()));
      if (r.lifecycle.prevent_destroy) prevent_destroy_error(r, a, d);
    } else if (planned.planned == prior.without_marks()) {
      c.action = Action::kNoOp;
    } else {
      c.action = Action::kUpdate;
    }
    c.after = after;
    std::lock_guard lock(mu);
    result.changes.push_back(std::move(c));
    return after;
  }

  // Marks from the configuration (sensitive variables) and the prior state carry onto the
  // planned value, so renderers hide them.
  static Value mark_like(const Value& planned, const Value& cfg, const Value& prior) {
    std::vector<value::Path> paths = value::sensitive_paths_of(cfg);
    for (auto& p : value::sensitive_paths_of(prior)) paths.push_back(std::move(p));
    return value::mark_paths(planned, paths);
  }

  void prevent_destroy_error(const config::Resource& r, const AbsResourceInstance& a,
                             Diagnostics& d) {
    d.add(Diagnostic::error("Instance cannot be destroyed",
                            "Resource " + a.to_string() +
                                " has lifecycle.prevent_destroy set, but the plan calls for this "
                                "resource to be destroyed. To avoid this error and continue with "
                                "the plan, either disable lifecycle.prevent_destroy or reduce the "
                                "scope of the plan using the -target flag.")
              .at(r.range));
  }

  // ---- apply ---------------------------------------------------------------------------

  void persist(const AbsResourceInstance& a, const state::InstanceObject* obj, Diagnostics& d) {
    std::lock_guard lock(mu);
    if (obj) {
      working.set(a, *obj, kProviderAddress);
    } else {
      working.remove(a);
    }
    if (backend) d.append(backend->persist_instance(a, obj, kProviderAddress));
  }

  void persist_pending_create(const AbsResourceInstance& a, const state::PendingCreate* pending,
                              Diagnostics& d) {
    std::lock_guard lock(mu);
    if (pending) {
      working.pending_creates[a.to_string()] = *pending;
    } else {
      working.pending_creates.erase(a.to_string());
    }
    if (backend) d.append(backend->persist_pending_create(a, pending));
  }

  // The pending create of `a` (state.h), taken out of the working state: the plan either
  // adopts its object or finds there is none. Remembered, so plan() can tell the records whose
  // address the configuration no longer has.
  std::optional<state::PendingCreate> take_pending_create(const AbsResourceInstance& a) {
    std::lock_guard lock(mu);
    pending_seen.insert(a.to_string());
    auto it = working.pending_creates.find(a.to_string());
    if (it == working.pending_creates.end()) return std::nullopt;
    auto pending = std::move(it->second);
    working.pending_creates.erase(it);
    return pending;
  }

  void restore_pending_create(const AbsResourceInstance& a, const state::PendingCreate& pending) {
    std::lock_guard lock(mu);
    working.pending_creates[a.to_string()] = pending;
  }

  Value apply_instance(const config::Resource& r, const schema::Schema& s,
                       const AbsResourceInstance& a, const Value& prior, const Value& cfg_in,
                       const std::vector<std::string>& deps, Diagnostics& d) {
    const plan::ResourceInstanceChange* c = nullptr;
    {
      std::lock_guard lock(mu);
      auto it = planned_changes.find(a.to_string());
      if (it != planned_changes.end()) c = it->second;
    }
    if (!c && prior.is_null()) return Value::unknown(s.block.implied_type());  // see -target
    if (!c || c->action == Action::kNoOp || c->action == Action::kRead) return prior;
    auto p = provider_for(r, d);
    if (!p) return prior;
    const Value null_obj = Value::null(s.block.implied_type());
    Value cfg = apply_ignore_changes(r, s, prior, cfg_in);
    // The platform's errors point at the resource block they are about ("on main.tf line 14,
    // in resource ...") and carry the instance address, as Terraform's do.
    auto add_located = [&](const Diagnostics& from) {
      for (auto diag : from) {
        if (!diag.attribute) diag = std::move(diag).at(value::Path::attribute(a.to_string()));
        if (!diag.range) diag = std::move(diag).at(r.range);
        d.add(std::move(diag));
      }
    };
    auto started = Clock::now();
    auto fail = [&](const Value& keep) {
      emit(Event::Kind::kApplyErrored, a.to_string(), c->action, id_of(keep), started);
      return keep;
    };
    auto remove = [&](const Value& object) -> bool {
      auto out = p->apply(r.type, object.without_marks(), null_obj);
      add_located(out.diagnostics);
      if (!out.ok()) return false;
      persist(a, nullptr, d);
      return true;
    };
    // Terraform's objchange checks: the provider's plan at apply time must keep every value
    // the saved plan knew, and its result every value that plan knew. A breach is the
    // provider's bug; the result is still recorded, so nothing created is lost.
    auto check_final_plan = [&](const Value& final_planned) -> bool {
      const auto errs = plan::assert_object_compatible(s.block, c->after, final_planned);
      for (const auto& e : errs) {
        d.add(value::Diagnostic::error(
            "Provider produced inconsistent final plan",
            "When expanding the plan for " + a.to_string() +
                " to include new values learned so far during apply, provider \"" +
                std::string(kProviderSource) + "\" produced an invalid new value for " + e +
                ".\n\nThis is a bug in the provider, which should be reported in the provider's "
                "own issue tracker."));
      }
      return errs.empty();
    };
    auto check_result = [&](const Value& final_planned, const Value& applied) {
      if (d.has_errors() || applied.is_null()) return;
      for (const auto& e : plan::assert_object_compatible(s.block, final_planned, applied)) {
        d.add(value::Diagnostic::error(
            "Provider produced inconsistent result after apply",
            "When applying changes to " + a.to_string() + ", provider " +
                go_quoted(kProviderAddress) + " produced an unexpected new value: " + e +
                ".\n\nThis is a bug in the provider, which should be reported in the provider's "
                "own issue tracker."));
      }
    };
    auto create = [&]() -> Value {
      auto planned =
          p->plan(r.type, null_obj, plan::proposed_new(s.block, null_obj, cfg.without_marks()),
                  cfg.without_marks());
      if (!planned.diagnostics.has_errors() && !check_final_plan(planned.planned)) return null_obj;
      // Recorded before the call, cleared after its result is: a run killed in between leaves
      // the record, and the next plan adopts the object instead of creating it twice.
      std::optional<std::string> natural;
      if (!planned.diagnostics.has_errors()) natural = p->natural_id(r.type, planned.planned);
      if (natural) {
        const auto pending = pending_create_now(kProviderAddress, *natural);
        persist_pending_create(a, &pending, d);
        if (d.has_errors()) return null_obj;  // unrecorded, the create would not be safe
      }
      auto out = p->apply(r.type, null_obj, planned.planned);
      add_located(out.diagnostics);
      check_result(planned.planned, out.value);
      Value v = mark_like(out.value, cfg, null_obj);
      if (!out.value.is_null()) {
        auto obj = object_for(v, s, deps, r.lifecycle.create_before_destroy);
        if (!out.ok()) obj.status = state::ObjectStatus::kTainted;
        persist(a, &obj, d);
      }
      if (natural) persist_pending_create(a, nullptr, d);
      return v;
    };
    emit(Event::Kind::kApplyStart, a.to_string(), c->action, id_of(prior), started);
    Value result_value = prior;
    switch (c->action) {
      case Action::kCreate: {
        result_value = create();
        if (d.has_errors()) return fail(result_value);
        std::lock_guard lock(mu);
        ++done.add;
        if (c->import_id) ++done.import;
        break;
      }
      case Action::kUpdate: {
        auto planned =
            p->plan(r.type, prior.without_marks(),
                    plan::proposed_new(s.block, prior.without_marks(), cfg.without_marks()),
                    cfg.without_marks());
        if (!planned.diagnostics.has_errors() && !check_final_plan(planned.planned))
          return fail(prior);
        auto out = p->apply(r.type, prior.without_marks(), planned.planned);
        add_located(out.diagnostics);
        check_result(planned.planned, out.value);
        result_value = mark_like(out.value, cfg, prior);
        if (!out.value.is_null()) {
          auto obj = object_for(result_value, s, deps, r.lifecycle.create_before_destroy);
          persist(a, &obj, d);
        }
        if (d.has_errors()) return fail(result_value);
        std::lock_guard lock(mu);
        ++done.change;
        break;
      }
      case Action::kDeleteThenCreate: {
        if (!prior.is_null() && !remove(prior)) return fail(prior);
        result_value = create();
        if (d.has_errors()) return fail(result_value);
        std::lock_guard lock(mu);
        ++done.add;
        ++done.destroy;
        break;
      }
      case Action::kCreateThenDelete: {
        result_value = create();
        if (d.has_errors()) return fail(result_value);
        if (!prior.is_null()) {
          // The old object goes after its replacement exists.
          auto out = p->apply(r.type, prior.without_marks(), null_obj);
          add_located(out.diagnostics);
          if (!out.ok()) return fail(result_value);
        }
        std::lock_guard lock(mu);
        ++done.add;
        ++done.destroy;
        break;
      }
      case Action::kDelete: {
        if (!remove(prior)) return fail(prior);
        result_value = null_obj;
        std::lock_guard lock(mu);
        ++done.destroy;
        break;
      }
      default:
        break;
    }
    emit(Event::Kind::kApplyComplete, a.to_string(), c->action, id_of(result_value), started);
    return result_value;
  }

  // The resource as Terraform records dependencies in state: module path without instance keys
  // (module.m.functiongraph_function.f), which fgform records too. States written by earlier
  // fgform versions hold the keyed form (module.m["a"].functiongraph_function.f): both match.
  static std::string config_address(const AbsResourceInstance& a) {
    std::string s;
    for (const auto& step : a.module.steps) s += "module." + step.name + ".";
    return s + a.resource.to_string();
  }

  // Whether `x`, recording dependency `dep`, depends on instance `y`. In Terraform's keyless
  // form, a module path x and y share means the same instance of it.
  static bool depends_on_instance(const AbsResourceInstance& x, const std::string& dep,
                                  const AbsResourceInstance& y) {
    if (y.containing().to_string() == dep) return true;
    if (config_address(y) != dep) return false;
    for (std::size_t i = 0; i < x.module.steps.size() && i < y.module.steps.size(); ++i) {
      if (x.module.steps[i].name != y.module.steps[i].name) break;
      if (x.module.steps[i].key != y.module.steps[i].key) return false;
    }
    return true;
  }

  // dependencies_of() for an instance whose resource is still in the configuration, else none.
  std::vector<std::string> configured_dependencies(const AbsResourceInstance& a) {
    const config::Config* m = &config;
    for (const auto& step : a.module.steps) {
      auto it = m->children.find(step.name);
      if (it == m->children.end()) return {};
      m = it->second.get();
    }
    auto id = find(*m, (a.resource.mode == ResourceMode::kData ? "data." : "") + a.resource.type +
                           "." + a.resource.name);
    if (!id || nodes[*id].kind != Node::Kind::kResource) return {};
    return dependencies_of(nodes[*id]);
  }

  // Deletes and forgets of instances the configuration no longer has, dependents first.
  void apply_orphans(const std::vector<const plan::ResourceInstanceChange*>& changes) {
    // Order by the recorded dependencies: an instance goes before what it depends on.
    std::map<std::string, std::size_t> index;
    graph::Graph g;
    for (const auto* c : changes) index[c->address] = g.add_node(c->address);
    for (const auto* c : changes) {
      auto addr = state::parse_abs_resource_instance(c->address);
      if (!addr.ok()) continue;
      const state::InstanceObject* obj = working.find(addr.value);
      if (!obj) continue;
      // The configuration's dependencies count too: an imported object has none recorded in
      // state, and its destroy must still wait for what depends on it.
      std::vector<std::string> deps = obj->dependencies;
      for (auto& dep : configured_dependencies(addr.value)) deps.push_back(std::move(dep));
      for (const auto& dep : deps) {
        for (const auto* other : changes) {
          auto oa = state::parse_abs_resource_instance(other->address);
          if (oa.ok() && depends_on_instance(addr.value, dep, oa.value))
            g.add_edge(index[other->address], index[c->address]);  // other waits for c
        }
      }
    }
    graph::walk(g, options.parallelism, [&](graph::NodeId id) {
      const plan::ResourceInstanceChange* c = changes[id];
      Diagnostics d;
      auto addr = state::parse_abs_resource_instance(c->address);
      if (!addr.ok()) return false;
      bool ok = true;
      if (c->action == Action::kForget) {
        persist(addr.value, nullptr, d);
        std::lock_guard lock(mu);
        ++done.forget;
      } else {
        std::shared_ptr<Provider> p;
        {
          std::lock_guard lock(mu);
          p = provider;
        }
        if (!p) {
          d.add(Diagnostic::error("Cannot destroy " + c->address,
                                  "The provider is not configured or has no such type."));
          ok = false;
        } else {
          auto started = Clock::now();
          emit(Event::Kind::kApplyStart, c->address, Action::kDelete, id_of(c->before), started);
          auto out = p->apply(c->type, c->before.without_marks(), Value::null(c->before.type()));
          d.append(out.diagnostics);
          if (out.ok()) {
            persist(addr.value, nullptr, d);
            emit(Event::Kind::kApplyComplete, c->address, Action::kDelete, {}, started);
            std::lock_guard lock(mu);
            ++done.destroy;
          } else {
            emit(Event::Kind::kApplyErrored, c->address, Action::kDelete, id_of(c->before), started);
            ok = false;
          }
        }
      }
      std::lock_guard lock(mu);
      diags.append(d);
      return ok && !d.has_errors();
    });
  }

  // ---- runs ----------------------------------------------------------------------------

  void reset(const state::State& prior) {
    module_instances.clear();
    module_instances[module_key({})] = {ModuleInstance{}};
    call_expansions.clear();
    values.clear();
    claimed.clear();
    working = prior;
    result = plan::Plan{};
    result.mode = options.mode;
    diags = Diagnostics{};
    done = plan::Plan::Summary{};
    replace_set.clear();
    pending_seen.clear();
    resource_targets.clear();
    module_targets.clear();
    target_seeds.clear();
    target_dependencies.clear();
    for (const auto& t : options.targets) {
      auto a = state::parse_abs_resource_instance(t);
      if (a.ok()) {
        resource_targets.push_back(a.value);
        continue;
      }
      // Not a resource: a module instance (module.m["a"], module.pool[1], module.m).
      auto mi = state::parse_module_instance(t);
      if (mi.ok() && !mi.value.is_root()) {
        module_targets.push_back(mi.value);
        continue;
      }
      diags.append(a.diagnostics);
    }
    if (!resource_targets.empty() || !module_targets.empty()) resolve_target_dependencies();
    for (const auto& t : options.replace) {
      auto a = state::parse_abs_resource_instance(t);
      if (!a.ok()) {
        diags.append(a.diagnostics);
        continue;
      }
      replace_set.insert(a.value.to_string());
    }
  }

  bool walk_config() {
    if (graph_diags.has_errors()) {
      diags.append(graph_diags);
      return false;
    }
    diags.append(graph_diags);
    auto outcome = graph::walk(graph, options.parallelism, [&](graph::NodeId id) { return visit(id); });
    return std::all_of(outcome.begin(), outcome.end(),
                       [](graph::NodeOutcome o) { return o == graph::NodeOutcome::kSucceeded; });
  }

  // Pending creates (state.h) whose address the configuration no longer has: each is looked up;
  // one whose object does not exist is dropped, one whose object exists (or that cannot be
  // looked up) stays, with a warning, until someone deletes the object or configures it again.
  void check_unconfigured_pending_creates() {
    if (!resource_targets.empty() || !module_targets.empty()) return;  // skipped, not gone
    std::vector<std::pair<std::string, state::PendingCreate>> left;
    for (const auto& [address, pending] : working.pending_creates)
      if (!pending_seen.count(address)) left.emplace_back(address, pending);
    for (const auto& [address, pending] : left) {
      auto a = state::parse_abs_resource_instance(address);
      const schema::Schema* s =
          a.ok() ? schema_for(ResourceMode::kManaged, a.value.resource.type) : nullptr;
      if (s && provider) {
        auto found = find_pending_object(*provider, a.value.resource.type, *s, pending);
        if (!found.diagnostics.has_errors() && found.object.is_null()) {
          working.pending_creates.erase(address);
          continue;
        }
      }
      diags.add(unconfigured_pending_warning(address, pending));
    }
  }

  void apply_moved_blocks() {
    std::function<void(const config::Config&)> visit_module = [&](const config::Config& m) {
      for (const auto& mv : m.module.moved) {
        auto from = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.from));
        auto to = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.to));
        if (!from.ok() || !to.ok()) {
          diags.append(from.diagnostics);
          diags.append(to.diagnostics);
          continue;
        }
        if (working.find_resource(from.value.containing()) && !working.find(to.value)) {
          if (from.value.key.is_none() && to.value.key.is_none()) {
            diags.append(working.move_resource(from.value.containing(), to.value.containing()));
          } else {
            diags.append(working.move(from.value, to.value));
          }
        }
      }
      for (const auto& [n, c] : m.children) visit_module(*c);
    };
    visit_module(config);
  }

  std::vector<plan::ResourceInstanceChange> orphan_changes() {
    std::vector<plan::ResourceInstanceChange> out;
    // -destroy with -target: whatever depends on a targeted instance goes too, as in Terraform,
    // found through the dependencies recorded in state and those of the configuration.
    std::set<AbsResourceInstance> dependents;
    if (options.mode == plan::PlanMode::kDestroy &&
        (!resource_targets.empty() || !module_targets.empty())) {
      const auto all = working.instance_addresses();
      // What is destroyed so far, by both forms of its resource address.
      std::map<std::string, std::vector<AbsResourceInstance>> gone;
      auto destroyed = [&](const AbsResourceInstance& a) {
        gone[a.containing().to_string()].push_back(a);
        gone[config_address(a)].push_back(a);
      };
      for (const auto& a : all)
        if (targeted(a, true)) destroyed(a);
      for (bool grew = true; grew;) {
        grew = false;
        for (const auto& a : all) {
          if (a.resource.mode == ResourceMode::kData || dependents.count(a) || targeted(a, true))
            continue;
          std::vector<std::string> deps = working.find(a)->dependencies;
          for (auto& dep : configured_dependencies(a)) deps.push_back(std::move(dep));
          bool hit = false;
          for (const auto& dep : deps) {
            auto it = gone.find(dep);
            if (it == gone.end()) continue;
            for (const auto& y : it->second) hit = hit || depends_on_instance(a, dep, y);
            if (hit) break;
          }
          if (!hit) continue;
          dependents.insert(a);
          destroyed(a);
          grew = true;
        }
      }
    }
    for (const auto& a : working.instance_addresses()) {
      if (claimed.count(a) && options.mode != plan::PlanMode::kDestroy) continue;
      if (a.resource.mode == ResourceMode::kData) continue;
      const schema::Schema* s = schema_for(a.resource.mode, a.resource.type);
      if (!s) {
        diags.add(Diagnostic::error("Unsupported resource type in state",
                                    a.to_string() + " has a type this provider does not offer."));
        continue;
      }
      if (!targeted(a, true) && !dependents.count(a)) continue;
      if (options.mode == plan::PlanMode::kDestroy && claimed.count(a)) continue;
      Diagnostics d;
      plan::ResourceInstanceChange c = change_for(a, *s);
      c.before = prior_value(a, *s, d);
      diags.append(d);
      c.action = Action::kDelete;
      c.reason = orphan_reason(a);
      bool forget = false;
      for (const auto& rm : config.module.removed) {
        auto from = state::parse_abs_resource(hcl::traversal_to_string(rm.from));
        if (from.ok() && from.value == a.containing() && !rm.destroy) forget = true;
      }
      if (forget) c.action = Action::kForget;
      out.push_back(std::move(c));
    }
    return out;
  }

  void plan_outputs() {
    const auto& root = values[inst_key(ModuleInstance{})];
    for (const auto& [name, o] : config.module.outputs) {
      plan::OutputChange oc;
      oc.name = name;
      oc.sensitive = o.sensitive;
      auto it = working.outputs.find(name);
      auto vit = root.outputs.find(name);
      oc.after = vit != root.outputs.end() ? vit->second : Value::null(value::Type::dynamic());
      if (options.mode == plan::PlanMode::kDestroy) oc.after = Value::null(value::Type::dynamic());
      if (it != working.outputs.end()) {
        auto t = value::Type::from_json(it->second.type);
        if (t) {
          auto v = value::from_json(it->second.value, *t);
          oc.before = v.value;
        }
      } else {
        oc.before = Value::null(value::Type::dynamic());
      }
      if (oc.before.is_null() && !oc.after.is_null()) {
        oc.action = Action::kCreate;
      } else if (!oc.before.is_null() && oc.after.is_null()) {
        oc.action = Action::kDelete;
      } else if (oc.after.is_known() && oc.before.without_marks() == oc.after.without_marks()) {
        oc.action = Action::kNoOp;
      } else if (oc.before.is_null() && oc.after.is_null()) {
        oc.action = Action::kNoOp;
      } else {
        oc.action = Action::kUpdate;
      }
      result.outputs.push_back(std::move(oc));
    }
    for (const auto& [name, ov] : working.outputs) {
      if (config.module.outputs.count(name)) continue;
      plan::OutputChange oc;
      oc.name = name;
      oc.action = Action::kDelete;
      auto t = value::Type::from_json(ov.type);
      if (t) oc.before = value::from_json(ov.value, *t).value;
      oc.after = Value::null(value::Type::dynamic());
      result.outputs.push_back(std::move(oc));
    }
  }
};

Engine::Engine(const config::Config& config, Options options)
    : impl_(std::make_unique<Impl>(config, std::move(options))) {}
Engine::~Engine() = default;

value::Diagnostics Engine::validate() {
  impl_->phase = Impl::Phase::kValidate;
  impl_->reset(state::State{});
  impl_->walk_config();
  return impl_->diags;
}

PlanResult Engine::plan(const state::State& prior) {
  Impl& I = *impl_;
  I.phase = Impl::Phase::kPlan;
  I.reset(prior);
  I.apply_moved_blocks();
  bool ok = I.walk_config() && !I.diags.has_errors();
  if (ok) {
    I.check_unconfigured_pending_creates();
    for (auto& c : I.orphan_changes()) I.result.changes.push_back(std::move(c));
    if (I.options.mode != plan::PlanMode::kRefreshOnly) I.plan_outputs();
    // Moved instances keep their previous address for the plan's "(moved from ...)".
    for (auto& c : I.result.changes) {
      for (const auto& mv : I.config.module.moved) {
        if (hcl::traversal_to_string(mv.to) != c.address) continue;
        auto from = state::parse_abs_resource_instance(hcl::traversal_to_string(mv.from));
        if (from.ok() && prior.find(from.value)) c.previous_address = from.value.to_string();
      }
    }
  }
  std::sort(I.result.changes.begin(), I.result.changes.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  std::sort(I.result.drift.begin(), I.result.drift.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  I.result.errored = !ok;
  PlanResult out;
  out.plan = I.result;
  out.prior_state = I.working;
  out.diagnostics = I.diags;
  out.variables = I.options.variables;
  return out;
}

ApplyResult Engine::apply(const PlanResult& planned, state::Backend& backend) {
  Impl& I = *impl_;
  I.phase = Impl::Phase::kApply;
  I.options.mode = planned.plan.mode;
  I.options.variables = planned.variables;
  I.reset(planned.prior_state);
  I.backend = &backend;
  I.planned_changes.clear();
  std::vector<const plan::ResourceInstanceChange*> orphans;
  for (const auto& c : planned.plan.changes) {
    I.planned_changes[c.address] = &c;
    // Instances without configuration (any delete_because_* reason: no resource, no module
    // instance, a count index or for_each key gone, the wrong repetition) and forgets.
    if ((c.action == Action::kDelete && c.reason != ActionReason::kNone) ||
        c.action == Action::kForget || planned.plan.mode == plan::PlanMode::kDestroy)
      orphans.push_back(&c);
  }
  ApplyResult out;
  if (planned.plan.mode == plan::PlanMode::kDestroy) {
    // Evaluate what the provider block needs, then destroy in reverse dependency order.
    I.phase = Impl::Phase::kPlan;
    I.options.mode = plan::PlanMode::kRefreshOnly;
    I.options.refresh = false;
    I.walk_config();
    I.phase = Impl::Phase::kApply;
    if (!I.diags.has_errors()) I.apply_orphans(orphans);
  } else if (planned.plan.mode == plan::PlanMode::kRefreshOnly) {
    // The refreshed state is the result.
  } else {
    I.walk_config();
    I.apply_orphans(orphans);
  }
  // Root outputs.
  I.working.outputs.clear();
  if (planned.plan.mode != plan::PlanMode::kDestroy) {
    for (const auto& [name, v] : I.values[""].outputs) {
      if (!v.is_wholly_known()) continue;
      state::OutputValue ov;
      ov.type = v.type().to_json();
      ov.value = value::to_json(v.without_marks(), v.type()).value;
      ov.sensitive = I.config.module.outputs.count(name) && I.config.module.outputs.at(name).sensitive;
      I.working.outputs[name] = ov;
      out.outputs[name] = v;
    }
  }
  I.diags.append(backend.write(I.working));
  out.state = I.working;
  out.diagnostics = I.diags;
  out.done = I.done;
  I.backend = nullptr;
  return out;
}

value::Diagnostics Engine::import(state::State& st, const std::string& address,
                                  const std::string& id) {
  Impl& I = *impl_;
  value::Diagnostics d;
  auto a = state::parse_abs_resource_instance(address);
  if (!a.ok()) return a.diagnostics;
  if (st.find(a.value)) {
    d.add(Diagnostic::error("Resource already managed by fgform",
                            "fgform is already managing a remote object for " + address +
                                ". To import to this address you must first remove the existing "
                                "object from the state."));
    return d;
  }
  // The provider block (and what it refers to) is evaluated first.
  I.phase = Impl::Phase::kPlan;
  I.options.mode = plan::PlanMode::kRefreshOnly;
  I.options.refresh = false;
  I.reset(st);
  I.walk_config();
  // Only the provider configuration matters here; the rest is planned by the next plan.
  if (!I.provider) return I.diags;
  const schema::Schema* s = schema_for(a.value.resource.mode, a.value.resource.type);
  if (!s || a.value.resource.mode != ResourceMode::kManaged) {
    d.add(Diagnostic::error("Invalid resource type",
                            "The provider fgform/functiongraph does not support resource type \"" +
                                a.value.resource.type + "\"."));
    return d;
  }
  const config::Config* m = &I.config;
  for (const auto& step : a.value.module.steps) {
    auto it = m->children.find(step.name);
    if (it == m->children.end()) {
      m = nullptr;
      break;
    }
    m = it->second.get();
  }
  if (!m || !m->module.resources.count(a.value.resource.type + "." + a.value.resource.name)) {
    d.add(Diagnostic::error("Configuration for import target does not exist",
                            "The configuration does not contain a resource " +
                                a.value.containing().to_string() +
                                ". Before importing this resource, please create its "
                                "configuration."));
    return d;
  }
  if (!I.provider) {
    d.add(Diagnostic::error("Provider not configured", "The provider could not be configured."));
    return d;
  }
  auto imported = I.provider->import(a.value.resource.type, id);
  d.append(imported.diagnostics);
  if (!imported.ok()) return d;
  auto read = I.provider->read(a.value.resource.type, imported.value);
  d.append(read.diagnostics);
  if (!read.ok()) return d;
  if (read.value.is_null()) {
    d.add(Diagnostic::error("Cannot import non-existent remote object",
                            "While attempting to import an existing object to \"" + address +
                                "\", the provider detected that no object exists with the given "
                                "id. Only pre-existing objects can be imported; check that the id "
                                "is correct and that it is associated with the provider's "
                                "configured region or endpoint."));
    return d;
  }
  st.set(a.value, I.object_for(read.value, *s, {}, false), kProviderAddress);
  return d;
}

std::string Engine::graph_dot() { return impl_->graph.to_dot(); }

}  // namespace fgform::core
