// Creates an interrupted run started but never recorded (state.h PendingCreate): the apply
// records each one before its create call and clears it once the result is in the state; the
// next plan looks what is left up by its import ID (import_object, provider.h) and adopts what
// it finds, so a run killed mid-create neither leaves an orphan nor fails the next apply with
// "already exists".
#pragma once

#include <string>

#include "state/state.h"
#include "value/diagnostics.h"

namespace fgform::core {

// The record written before creating `import_id` (started now, in RFC 3339 UTC).
state::PendingCreate pending_create_now(std::string provider, std::string import_id);

// "Adopted ...": the line that tells the user an object was taken into the state.
value::Diagnostic adopted_warning(const std::string& address, const state::PendingCreate& pending);

// For a pending create whose address is no longer in the configuration: the object may exist,
// and nothing will manage it.
value::Diagnostic unconfigured_pending_warning(const std::string& address,
                                               const state::PendingCreate& pending);

}  // namespace fgform::core
