// `fmt`: the formatter on a whole file. What it formats must parse again, and the tokens-only
// formatter must take anything.
#include "fmt/format.h"
#include "fuzz_input.h"
#include "hcl/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  const std::string_view src = fuzz::text(data, size);
  auto formatted = fmt::format(src, "fuzz.tf");
  if (formatted.diagnostics.has_errors()) {
    if (formatted.output != src) fuzz::fail("fmt changed a file it could not parse");
    for (const auto& d : formatted.diagnostics.items()) {
      if (d.summary == fmt::kFormatChangesMeaning) fuzz::fail("fmt output would lex otherwise");
    }
  } else {
    auto again = hcl::parse_config(formatted.output, "fuzz.tf");
    if (again.diagnostics.has_errors()) fuzz::fail("fmt output does not parse");
  }
  fmt::format_tokens_only(src);
  fmt::display_columns(src);
  return 0;
}
