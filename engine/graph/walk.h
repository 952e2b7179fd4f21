// Walking a graph with bounded parallelism: a node runs once all its dependencies succeeded; a
// failure stops only what depends on it (directly or not), everything else goes on.
#pragma once

#include <functional>
#include <vector>

#include "graph/graph.h"

namespace fgform::graph {

enum class NodeOutcome { kSucceeded, kFailed, kSkipped };

// `visit` returns false when the node failed. It is called from up to `parallelism` threads at
// once (at least 1), never twice for a node. Nodes on a cycle are skipped. Returns each
// node's outcome.
std::vector<NodeOutcome> walk(const Graph& graph, int parallelism,
                              const std::function<bool(NodeId)>& visit);

}  // namespace fgform::graph
