#include "graph/walk.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace fgform::graph {

std::vector<NodeOutcome> walk(const Graph& graph, int parallelism,
                              const std::function<bool(NodeId)>& visit) {
  const std::size_t n = graph.size();
  std::vector<NodeOutcome> outcome(n, NodeOutcome::kSkipped);
  std::vector<std::size_t> waiting(n);
  std::vector<bool> blocked(n, false);  // a dependency failed or was skipped
  std::deque<NodeId> ready;
  for (NodeId i = 0; i < n; ++i) {
    waiting[i] = graph.dependencies(i).size();
    if (waiting[i] == 0) ready.push_back(i);
  }

  std::mutex mu;
  std::condition_variable cv;
  std::size_t running = 0;

  // Called with the lock held when `node` is finished (or skipped): releases its dependents.
  std::function<void(NodeId, bool)> finish = [&](NodeId node, bool ok) {
    for (NodeId d : graph.dependents(node)) {
      if (!ok) blocked[d] = true;
      if (--waiting[d] == 0) {
        if (blocked[d]) {
          finish(d, false);  // skipped: its dependents are skipped too
        } else {
          ready.push_back(d);
        }
      }
    }
  };

  auto worker = [&] {
    std::unique_lock lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return !ready.empty() || running == 0; });
      if (ready.empty()) return;  // nothing ready and nothing running: done
      NodeId node = ready.front();
      ready.pop_front();
      ++running;
      lock.unlock();
      bool ok = visit(node);
      lock.lock();
      --running;
      outcome[node] = ok ? NodeOutcome::kSucceeded : NodeOutcome::kFailed;
      finish(node, ok);
      cv.notify_all();
    }
  };

  int threads = parallelism < 1 ? 1 : parallelism;
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  return outcome;
}

}  // namespace fgform::graph
