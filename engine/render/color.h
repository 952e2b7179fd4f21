// Terraform colours its UI with mitchellh/colorstring markup ("[bold]", "[red]", "[reset]").
// We keep the same markup in our templates and expand it here, so the bytes on a terminal match
// Terraform's (including the trailing reset colorstring appends to every coloured string).
#pragma once

#include <string>
#include <string_view>

namespace fgform::render {

// Expands the known colour codes in `markup` to ANSI escapes when `color` is true and removes
// them otherwise; unknown bracketed words are left as they are. When any code was expanded, a
// final "\x1b[0m" is appended, as colorstring does with Reset enabled.
// Only pass static templates (with values already substituted where Terraform does the same):
// markup inside user values would be interpreted.
std::string colorize(std::string_view markup, bool color);

}  // namespace fgform::render
