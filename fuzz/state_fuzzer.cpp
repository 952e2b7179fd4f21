// The v4 state reader. A state it accepts is written back, and what was written must read again
// and write the same bytes.
#include "fuzz_input.h"
#include "state/state_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  auto parsed = state::parse_state(fuzz::text(data, size), "fuzz.tfstate");
  if (!parsed.ok()) return 0;
  const std::string written = state::write_state(parsed.value);
  auto again = state::parse_state(written, "written.tfstate");
  if (!again.ok()) fuzz::fail("a state that was read and written does not read again");
  if (state::write_state(again.value) != written) fuzz::fail("state does not write back the same");
  return 0;
}
