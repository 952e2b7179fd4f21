// A state file's JSON document, parsed without holding every instance's attributes as a tree:
// each `resources[].instances[].attributes` object becomes compact text (AttributesJson) the
// moment its closing brace is read, and the document keeps a placeholder naming it. A state of
// 10,000 functions parsed whole was a tree of some 120 MB beside its 33 MB of text, the peak
// of a no-op plan (bench/RESULTS.md); parsed this way it never exceeds the text and a tree of
// one instance's attributes.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "state/attributes_json.h"

namespace fgform::state {

struct StateDocument {
  nlohmann::json root;
  std::vector<AttributesJson> attributes;  // what the placeholders name

  // The attributes a placeholder names, moved out (each is taken once); nullopt when `j` is
  // not one. JSON text cannot produce a placeholder (it is a binary value), so a state file
  // cannot forge one.
  std::optional<AttributesJson> take_attributes(const nlohmann::json& j);
};

// Throws what nlohmann::json::parse throws on invalid input (parse_error with the byte offset,
// out_of_range for a number beyond a double), so callers report errors as before.
StateDocument parse_state_document(std::string_view text);

// Fills `buffer` with the next bytes of a document (at most `capacity`) and returns how many;
// 0 only at its end. May throw (a read error); the exception passes through the parse.
using ReadChunk = std::function<std::size_t(char* buffer, std::size_t capacity)>;

// The same, from a source read a chunk at a time: the document's whole text is never held. At
// 10,000 functions that text is 32 MB, and it was the largest single block at the peak of a
// no-op plan (bench/RESULTS.md).
StateDocument parse_state_document(const ReadChunk& read);

}  // namespace fgform::state
