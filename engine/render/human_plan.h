// The human plan, as `terraform plan` prints it (internal/command/jsonformat/plan.go), with
// "Terraform" said as "fgform": drift notes, the action legend, one block per resource change
// with reasons, the summary line, output changes, and the "No changes." variants.
#pragma once

#include <string>

#include "plan/plan.h"

namespace fgform::render {

struct RenderOptions {
  bool color = false;
  // Terminal width for the word-wrapped prose and the horizontal rule; Terraform's default
  // when stdout is not a terminal is 78.
  int columns = 78;
  // Set when running unattended (TF_IN_AUTOMATION): the refresh-only hint names no command.
  bool in_automation = false;
};

// The plan text, from the first blank line to the end of the last section, newline-terminated.
std::string render_plan(const plan::Plan& plan, const RenderOptions& options);

// Terraform's format.HorizontalRule: "\n" + (columns-1) box-drawing dashes, dark grey.
std::string horizontal_rule(const RenderOptions& options);

}  // namespace fgform::render
