// The JSON syntax (.tf.json): a configuration file and a standalone expression.
#include "fuzz_input.h"
#include "hcl/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  const std::string_view src = fuzz::text(data, size);
  hcl::parse_json_config(src, "fuzz.tf.json");
  hcl::parse_json_expression(src, "fuzz.json");
  return 0;
}
