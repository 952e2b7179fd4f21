// Output values for people and scripts: the "Outputs:" block after apply, and the `fgform
// output` command in its human, -json and -raw forms (Terraform's views/output.go and
// repl.FormatValue).
#pragma once

#include <string>
#include <vector>

#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::render {

// A final output value (after apply, or from state for `fgform output`).
struct OutputValue {
  std::string name;
  value::Value value;
  bool sensitive = false;
};

// repl.FormatValue: HCL-like text; strings quoted, multi-line strings as heredocs, lists and
// sets with trailing commas, maps and objects with quoted keys, nulls as typed conversions
// ("tostring(null)"), unknown as "(known after apply)", marked values as "(sensitive value)".
std::string format_value(const value::Value& v, int indent = 0);

// "\nOutputs:\n\n" and one "name = value" line per output (sorted by name; sensitive outputs as
// "<sensitive>"), as printed after apply. Empty when there are no outputs.
std::string render_apply_outputs(const std::vector<OutputValue>& outputs, bool color);

enum class OutputFormat { kHuman, kJson, kRaw };

struct OutputCommandResult {
  std::string text;  // what goes to stdout (newline-terminated except for -raw)
  value::Diagnostics diagnostics;
};

// `fgform output [NAME]` (`name` empty means all). Asking for one output by name shows its
// value even when it is sensitive, as Terraform does; -raw accepts only strings, numbers and
// bools and prints them without quotes or newline.
OutputCommandResult render_output_command(const std::vector<OutputValue>& outputs,
                                          const std::string& name, OutputFormat format);

}  // namespace fgform::render
