#include "graph/graph.h"

#include <algorithm>
#include <queue>
#include <sstream>

namespace fgform::graph {

NodeId Graph::add_node(std::string name) {
  names_.push_back(std::move(name));
  dependencies_.emplace_back();
  dependents_.emplace_back();
  return names_.size() - 1;
}

void Graph::add_edge(NodeId dependent, NodeId dependency) {
  if (dependent == dependency) return;
  auto& deps = dependencies_[dependent];
  if (std::find(deps.begin(), deps.end(), dependency) != deps.end()) return;
  deps.push_back(dependency);
  dependents_[dependency].push_back(dependent);
}

std::optional<std::vector<NodeId>> Graph::find_cycle() const {
  // Iterative depth-first search (configurations can be deep; no recursion limits).
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> mark(size(), Mark::kNew);
  for (NodeId start = 0; start < size(); ++start) {
    if (mark[start] != Mark::kNew) continue;
    std::vector<std::pair<NodeId, std::size_t>> stack{{start, 0}};
    mark[start] = Mark::kOnPath;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < dependencies_[node].size()) {
        NodeId dep = dependencies_[node][next++];
        if (mark[dep] == Mark::kOnPath) {
          std::vector<NodeId> cycle{dep};
          for (auto it = stack.rbegin(); it != stack.rend() && it->first != dep; ++it)
            cycle.push_back(it->first);
          cycle.push_back(dep);
          std::reverse(cycle.begin(), cycle.end());
          return cycle;
        }
        if (mark[dep] == Mark::kNew) {
          mark[dep] = Mark::kOnPath;
          stack.emplace_back(dep, 0);
        }
      } else {
        mark[node] = Mark::kDone;
        stack.pop_back();
      }
    }
  }
  return std::nullopt;
}

std::vector<NodeId> Graph::topological_order() const {
  std::vector<std::size_t> waiting(size());
  std::priority_queue<NodeId, std::vector<NodeId>, std::greater<>> ready;
  for (NodeId n = 0; n < size(); ++n) {
    waiting[n] = dependencies_[n].size();
    if (waiting[n] == 0) ready.push(n);
  }
  std::vector<NodeId> order;
  order.reserve(size());
  while (!ready.empty()) {
    NodeId n = ready.top();
    ready.pop();
    order.push_back(n);
    for (NodeId d : dependents_[n])
      if (--waiting[d] == 0) ready.push(d);
  }
  return order;
}

Graph Graph::reversed() const {
  Graph g;
  for (const auto& n : names_) g.add_node(n);
  for (NodeId n = 0; n < size(); ++n)
    for (NodeId dep : dependencies_[n]) g.add_edge(dep, n);
  return g;
}

std::string Graph::to_dot() const {
  auto quote = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::vector<std::string> nodes = names_;
  std::sort(nodes.begin(), nodes.end());
  std::vector<std::string> edges;
  for (NodeId n = 0; n < size(); ++n)
    for (NodeId dep : dependencies_[n])
      edges.push_back("\t\t" + quote(names_[n]) + " -> " + quote(names_[dep]) + "\n");
  std::sort(edges.begin(), edges.end());
  std::ostringstream out;
  out << "digraph {\n\tcompound = \"true\"\n\tnewrank = \"true\"\n\tsubgraph \"root\" {\n";
  for (const auto& n : nodes) out << "\t\t" << quote(n) << " [label = " << quote(n) << ", shape = \"box\"]\n";
  for (const auto& e : edges) out << e;
  out << "\t}\n}\n";
  return out.str();
}

}  // namespace fgform::graph
