// JSON text decoded straight into a value, without a nlohmann tree in between: the state holds
// each instance's attributes as text (state/attributes_json.h), and a plan decodes every one.
#pragma once

#include <string_view>

#include "codec.h"

namespace fgform::value {

// The same result as from_json(nlohmann::json::parse(text), type, options), value and
// diagnostics, for any text (and the same exception for text that is not JSON). Text of the
// expected shape is read by a SAX handler that builds the value as it goes; anything else (a
// mismatch, which is an error, a `dynamic` part, nesting past from_json's limit) is parsed
// into a tree and left to from_json, so the rare paths share one implementation.
Decoded<Value> from_json_text(std::string_view text, const Type& type,
                              JsonDecodeOptions options = {});

}  // namespace fgform::value
