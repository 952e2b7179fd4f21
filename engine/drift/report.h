// What `fgform drift` found: for each resource instance, whether the live object still matches
// what was last applied, attribute by attribute. Built by analyze.h, printed by render_report.h.
#pragma once

#include <string>
#include <vector>

#include "value/value.h"

namespace fgform::drift {

enum class FindingKind {
  kChanged,        // the live object differs from the last-applied state (drift)
  kDeleted,        // the live object is gone (drift)
  kConfigChanged,  // the configuration differs from the last apply; the live object does not
                   // (not drift: the next apply will change it on purpose)
};

// "changed", "deleted", "config_changed": the JSON spelling, stable.
const char* kind_name(FindingKind kind);

struct AttributeFinding {
  std::string path;  // Terraform's rendering: memory_size, tags["team"], mount[0].local_path
  value::Value last_applied;  // from the state before this run
  value::Value live;          // what the refresh read (null when deleted)
  value::Value config;        // what the configuration plans; null unless kConfigChanged
  bool sensitive = false;     // never print the values
};

struct Finding {
  std::string address;  // module.a.functiongraph_function.f["x"]
  std::string type;
  FindingKind kind = FindingKind::kChanged;
  // One line for people: "removed from the configuration", "not created yet", ...
  std::string note;
  std::vector<AttributeFinding> attributes;
};

struct Report {
  // Every managed resource instance checked (the last-applied state's and the
  // configuration's), in address order: one JUnit test case each.
  std::vector<std::string> resources;
  std::vector<Finding> findings;  // in address order
  // Differences left out by a rule (ignore_changes, -ignore, .fgformignore), and by the
  // computed-only rule.
  int ignored = 0;

  bool drifted() const;  // any kChanged or kDeleted
  int count(FindingKind kind) const;
  const Finding* find(const std::string& address) const;
};

}  // namespace fgform::drift
