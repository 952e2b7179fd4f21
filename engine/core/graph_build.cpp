// The dependency graph of a configuration: one node per provider, variable, local, output,
// resource and module call, with edges from references, depends_on and providers.
#include "core/engine_impl.h"

namespace fgform::core {

graph::NodeId Engine::Impl::add(Node n, const std::string& id_name) {
  std::string key = module_key(n.module->path) + "|" + id_name;
  graph::NodeId id = graph.add_node(
      (n.module->path.empty() ? ""
                              : "module." +
                                    [&] {
                                      std::string s;
                                      for (std::size_t i = 0; i < n.module->path.size(); ++i)
                                        s += (i ? ".module." : "") + n.module->path[i];
                                      return s;
                                    }() +
                                    ".") +
      id_name);
  nodes.push_back(std::move(n));
  node_ids[key] = id;
  return id;
}

graph::NodeId Engine::Impl::node_id(const Node& n) const {
  return static_cast<graph::NodeId>(&n - nodes.data());
}

std::optional<graph::NodeId> Engine::Impl::find(const config::Config& m,
                                                const std::string& id_name) const {
  auto it = node_ids.find(module_key(m.path) + "|" + id_name);
  if (it == node_ids.end()) return std::nullopt;
  return it->second;
}

void Engine::Impl::add_nodes(const config::Config& m) {
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

void Engine::Impl::reference_edges(graph::NodeId from, const config::Config& m,
                                   const hcl::Traversal& t, Diagnostics& d) {
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
                                                  "be declared with a variable \"" +
                                                  *name + "\" {} block."
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

void Engine::Impl::expr_edges(graph::NodeId from, const config::Config& m, const hcl::ExprPtr& e) {
  if (!e) return;
  for (const auto& t : e->variables()) reference_edges(from, m, t, graph_diags);
}

void Engine::Impl::build_graph() {
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
          for (const auto& t : lang::body_references(*n.provider->config,
                                                     schema::Registry::builtin().provider().block))
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
          graph_diags.add(
              Diagnostic::error(
                  r.mode == config::Mode::kData ? "Invalid data source" : "Invalid resource type",
                  "The provider fgform/functiongraph does not support " +
                      std::string(r.mode == config::Mode::kData ? "data source" : "resource type") +
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
              graph_diags.add(
                  Diagnostic::error("Unsupported argument",
                                    "An argument named \"" + in.name + "\" is not expected here.")
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

void Engine::Impl::edge_to(graph::NodeId from, std::optional<graph::NodeId> to) {
  if (to) graph.add_edge(from, *to);
}

}  // namespace fgform::core
