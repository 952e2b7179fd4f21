// The dependency graph the engine plans and applies along: nodes are resource instances,
// outputs, ... and an edge says "this needs that first". Cycles are reported with their path.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fgform::graph {

using NodeId = std::size_t;

class Graph {
 public:
  NodeId add_node(std::string name);
  // `dependent` needs `dependency` to be done first. Duplicate and self edges are ignored
  // (a self reference is reported by the caller, which knows what it means).
  void add_edge(NodeId dependent, NodeId dependency);

  std::size_t size() const { return names_.size(); }
  const std::string& name(NodeId n) const { return names_[n]; }
  const std::vector<NodeId>& dependencies(NodeId n) const { return dependencies_[n]; }
  const std::vector<NodeId>& dependents(NodeId n) const { return dependents_[n]; }

  // One cycle as the nodes along it (first node repeated at the end), if there is any.
  std::optional<std::vector<NodeId>> find_cycle() const;
  // Dependencies before dependents; among nodes ready at the same time, insertion order.
  // Only meaningful without cycles (nodes on a cycle are left out).
  std::vector<NodeId> topological_order() const;
  // The same nodes with every edge turned around: the order of destroying things.
  Graph reversed() const;
  // Graphviz DOT text, nodes and edges sorted, as `terraform graph` prints.
  std::string to_dot() const;

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<NodeId>> dependencies_;
  std::vector<std::vector<NodeId>> dependents_;
};

}  // namespace fgform::graph
