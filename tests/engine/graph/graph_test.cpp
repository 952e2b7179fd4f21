#include <atomic>
#include <mutex>
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "graph/graph.h"
#include "graph/walk.h"

using namespace fgform::graph;

TEST_CASE("topological order puts dependencies first and keeps insertion order among peers") {
  Graph g;
  NodeId fn = g.add_node("fn");
  NodeId vpc = g.add_node("vpc");
  NodeId subnet = g.add_node("subnet");
  NodeId agency = g.add_node("agency");
  g.add_edge(fn, subnet);
  g.add_edge(fn, agency);
  g.add_edge(subnet, vpc);
  auto order = g.topological_order();
  REQUIRE(order == std::vector<NodeId>{vpc, subnet, agency, fn});
  CHECK_FALSE(g.find_cycle());
}

TEST_CASE("a cycle is found with its path") {
  Graph g;
  NodeId a = g.add_node("a");
  NodeId b = g.add_node("b");
  NodeId c = g.add_node("c");
  g.add_node("d");
  g.add_edge(a, b);
  g.add_edge(b, c);
  g.add_edge(c, a);
  auto cycle = g.find_cycle();
  REQUIRE(cycle);
  REQUIRE(cycle->size() == 4);
  CHECK(cycle->front() == cycle->back());
  std::set<NodeId> members(cycle->begin(), cycle->end());
  CHECK(members == std::set<NodeId>{a, b, c});
  // Each step of the path is an edge.
  for (std::size_t i = 0; i + 1 < cycle->size(); ++i) {
    const auto& deps = g.dependencies((*cycle)[i]);
    CHECK(std::find(deps.begin(), deps.end(), (*cycle)[i + 1]) != deps.end());
  }
}

TEST_CASE("reversed graph destroys dependents first") {
  Graph g;
  NodeId vpc = g.add_node("vpc");
  NodeId subnet = g.add_node("subnet");
  g.add_edge(subnet, vpc);
  auto order = g.reversed().topological_order();
  REQUIRE(order == std::vector<NodeId>{subnet, vpc});
}

TEST_CASE("dot output lists nodes and edges sorted") {
  Graph g;
  NodeId b = g.add_node("b");
  NodeId a = g.add_node("a");
  g.add_edge(b, a);
  std::string dot = g.to_dot();
  CHECK(dot.find("\"a\" [label = \"a\", shape = \"box\"]\n\t\t\"b\"") != std::string::npos);
  CHECK(dot.find("\"b\" -> \"a\"") != std::string::npos);
}

TEST_CASE("walk runs every node after its dependencies, in parallel") {
  for (int parallelism : {1, 4}) {
    Graph g;
    std::vector<NodeId> leaves;
    NodeId root = g.add_node("root");
    for (int i = 0; i < 20; ++i) {
      NodeId n = g.add_node("leaf" + std::to_string(i));
      g.add_edge(root, n);
      leaves.push_back(n);
    }
    std::mutex mu;
    std::vector<NodeId> done;
    auto outcome = walk(g, parallelism, [&](NodeId n) {
      std::lock_guard lock(mu);
      if (n == root) CHECK(done.size() == leaves.size());
      done.push_back(n);
      return true;
    });
    CHECK(done.size() == 21);
    for (auto o : outcome) CHECK(o == NodeOutcome::kSucceeded);
  }
}

TEST_CASE("a failure stops only its dependents") {
  Graph g;
  NodeId vpc = g.add_node("vpc");
  NodeId subnet = g.add_node("subnet");
  NodeId fn = g.add_node("fn");
  NodeId agency = g.add_node("agency");
  NodeId other = g.add_node("other");
  g.add_edge(subnet, vpc);
  g.add_edge(fn, subnet);
  g.add_edge(fn, agency);
  g.add_edge(other, agency);
  std::atomic<int> visits = 0;
  auto outcome = walk(g, 3, [&](NodeId n) {
    ++visits;
    return n != vpc;
  });
  CHECK(outcome[vpc] == NodeOutcome::kFailed);
  CHECK(outcome[subnet] == NodeOutcome::kSkipped);
  CHECK(outcome[fn] == NodeOutcome::kSkipped);
  CHECK(outcome[agency] == NodeOutcome::kSucceeded);
  CHECK(outcome[other] == NodeOutcome::kSucceeded);
  CHECK(visits == 3);
}

TEST_CASE("nodes on a cycle are skipped, the rest runs") {
  Graph g;
  NodeId a = g.add_node("a");
  NodeId b = g.add_node("b");
  NodeId c = g.add_node("c");
  g.add_edge(a, b);
  g.add_edge(b, a);
  auto outcome = walk(g, 2, [](NodeId) { return true; });
  CHECK(outcome[a] == NodeOutcome::kSkipped);
  CHECK(outcome[b] == NodeOutcome::kSkipped);
  CHECK(outcome[c] == NodeOutcome::kSucceeded);
}
