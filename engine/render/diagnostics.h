// Diagnostics for people, as Terraform prints them (internal/command/format/diagnostic.go):
// "Error: summary", the "on file line N, in block:" source snippet with the subject underlined,
// and the word-wrapped detail; boxed with a red or yellow left rule when colour is on.
#pragma once

#include <map>
#include <string>

#include "value/diagnostics.h"

namespace fgform::render {

// `sources` maps file names to their text (for the snippet); `width` is the terminal width.
std::string format_diagnostic(const value::Diagnostic& d,
                              const std::map<std::string, std::string>& sources, bool color,
                              int width = 78);

}  // namespace fgform::render
