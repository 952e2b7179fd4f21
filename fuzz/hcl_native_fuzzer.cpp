// The native-syntax parser (lexer included) on a configuration file, and the same bytes as a
// standalone expression (-var values) and as a traversal (CLI addresses).
#include "fuzz_input.h"
#include "hcl/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  const std::string_view src = fuzz::text(data, size);
  auto file = hcl::parse_config(src, "fuzz.tf");
  if (!file.value || !file.value->body) fuzz::fail("parse_config gave no tree");
  hcl::parse_expression(src, "fuzz.tfvars");
  hcl::parse_traversal(src, "-target");
  return 0;
}
