// Canonical formatting of HCL native syntax, byte for byte as `terraform fmt` (Terraform 1.11,
// hclwrite v2.23) produces it: hclwrite's whitespace rules plus Terraform's rewrites (quoted block
// labels, unwrapped "${expr}" attribute values, legacy quoted variable types).
#pragma once

#include <string>
#include <string_view>

#include "value/diagnostics.h"

namespace fgform::fmt {

struct FormatResult {
  // The formatted source; the input unchanged when `diagnostics` has errors.
  std::string output;
  // Syntax errors: like Terraform, a file that does not parse is not formatted.
  value::Diagnostics diagnostics;
  // The top-level block enclosing the syntax error, as `resource "a" "b"` (empty if none);
  // Terraform names it in the diagnostic's "on FILE line N, in ..." line.
  std::string error_context;
};

// The summary of the error `format` gives when its output would lex otherwise than the source
// (a formatter bug, never a user's error; the fuzz target treats it as a failure).
inline constexpr std::string_view kFormatChangesMeaning = "Formatting would change the file";

// Formats a whole configuration file (`.tf`, `.tfvars`, `.tftest.hcl`). `filename` appears only
// in diagnostics. Never throws.
FormatResult format(std::string_view source, std::string_view filename);

// hclwrite.Format alone: whitespace only, no syntax check and no Terraform rewrites. Useful for
// fragments; garbage in gives garbage out but never a crash.
std::string format_tokens_only(std::string_view source);

// Number of terminal columns (grapheme clusters, approximately as go-textseg counts them).
int display_columns(std::string_view text);

}  // namespace fgform::fmt
