// The template parser (templatefile): interpolations, %{ if } / %{ for } directives, strip
// markers, escapes.
#include "fuzz_input.h"
#include "hcl/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  auto parsed = hcl::parse_template(fuzz::text(data, size), "fuzz.tftpl");
  if (!parsed.value) fuzz::fail("parse_template gave no expression");
  return 0;
}
