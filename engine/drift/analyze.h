// Turns a normal plan (refresh included) into a drift report. The plan already holds the three
// views `fgform drift` compares: the last-applied state (each drift entry's `before`), the live
// objects (its `after`, and each change's `before`), and the configuration (each change's
// `after`). This file decides what is a finding:
//
//   * changed out of band: an attribute differs between last-applied and live;
//   * deleted out of band: the live object is gone;
//   * config changed since apply: the plan changes an attribute that did not drift.
//
// Not findings: computed-only attributes (ids, timestamps) unless the schema says their change
// is drift (`reports_drift`: the code digest); attributes under `lifecycle.ignore_changes`;
// attributes or objects covered by an ignore rule. Data sources never drift.
#pragma once

#include "config/config.h"
#include "drift/ignore_rules.h"
#include "drift/report.h"
#include "plan/plan.h"
#include "state/state.h"

namespace fgform::drift {

struct AnalyzeInputs {
  const state::State& last_applied;        // the state as it was before the refresh
  const plan::Plan& plan;                  // a normal-mode plan made with refresh
  const config::Config* config = nullptr;  // for lifecycle.ignore_changes; may be null
  const IgnoreRules* rules = nullptr;      // may be null
};

Report analyze(const AnalyzeInputs& in);

}  // namespace fgform::drift
