// Reading and writing the v4 state file format. Reading accepts exactly what Terraform 1.x
// writes (and tolerates what it tolerates); writing produces Terraform's bytes: Go's
// MarshalIndent with 2 spaces, fields in version4.go's order with its omitempty rules,
// resources sorted by (module, mode, type, name), instances by key, a trailing newline.
#pragma once

#include <string>
#include <string_view>

#include "state/state.h"
#include "value/codec.h"

namespace fgform::state {

// Parses state file text; `filename` names the file in diagnostics. Empty (or whitespace-only)
// text is "no state yet": an empty State whose lineage is empty. Never throws.
value::Decoded<State> parse_state(std::string_view text, const std::string& filename);

// Reads a state file: a missing file is "no state yet" too.
value::Decoded<State> read_state_file(const std::string& path);

// The file's bytes for `state`.
std::string write_state(const State& state);

// One instance object in the file's field names (without index_key/deposed), for the journal.
nlohmann::json instance_object_json(const InstanceObject& object);
// The reverse; `where` names the object in diagnostics.
value::Decoded<InstanceObject> instance_object_from_json(const nlohmann::json& j,
                                                         const std::string& where);

}  // namespace fgform::state
