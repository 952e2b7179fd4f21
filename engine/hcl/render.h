// Terraform-style rendering of diagnostics with a source snippet:
//
//   Error: Unsupported argument
//
//     on main.tf line 3, in resource "functiongraph_function" "f":
//      3:   memry_size = 128
//             ^^^^^^^^^^
//
//   An argument named "memry_size" is not expected here.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "value/diagnostics.h"

namespace fgform::hcl {

// filename -> source text; the caller keeps the texts alive.
using SourceSet = std::map<std::string, std::string_view, std::less<>>;

// With `color`, the summary is coloured and the subject underlined with ANSI codes instead of
// the caret line. Always ends with a newline.
std::string render_diagnostic(const value::Diagnostic& diag, const SourceSet& sources, bool color);

}  // namespace fgform::hcl
