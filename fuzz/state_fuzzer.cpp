// The v4 state reader. A state it accepts is written back, and what was written must read again
// and write the same bytes. The document parser read a few bytes at a time (as a state file is
// read, in chunks) must build the same document as from the whole text, or fail as it fails.
#include <algorithm>

#include "fuzz_input.h"
#include "state/state_document.h"
#include "state/state_file.h"

namespace {

// The document from `text` in pieces of 1 to 7 bytes, so every chunk boundary falls somewhere
// new; nullopt when the parser throws.
std::optional<nlohmann::json> document_in_pieces(std::string_view text) {
  std::size_t at = 0;
  const fgform::state::ReadChunk read = [&](char* buffer, std::size_t capacity) {
    const std::size_t n = std::min({capacity, text.size() - at, 1 + at % 7});
    std::copy_n(text.data() + at, n, buffer);
    at += n;
    return n;
  };
  try {
    return fgform::state::parse_state_document(read).root;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<nlohmann::json> document_whole(std::string_view text) {
  try {
    return fgform::state::parse_state_document(text).root;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  const std::string_view text = fuzz::text(data, size);
  if (document_in_pieces(text) != document_whole(text)) {
    fuzz::fail("the state document read in pieces differs from the whole text's");
  }
  auto parsed = state::parse_state(text, "fuzz.tfstate");
  if (!parsed.ok()) return 0;
  const std::string written = state::write_state(parsed.value);
  auto again = state::parse_state(written, "written.tfstate");
  if (!again.ok()) fuzz::fail("a state that was read and written does not read again");
  if (state::write_state(again.value) != written) fuzz::fail("state does not write back the same");
  return 0;
}
