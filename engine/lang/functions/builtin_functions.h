// Terraform's built-in functions (length, format, jsonencode, file, ...), with Terraform's
// semantics and error messages. The evaluator looks names up in the table and calls hcl::call.
#pragma once

#include <filesystem>
#include <string>

#include "hcl/function.h"

namespace fgform::lang {

struct FunctionOptions {
  // File functions (file, fileset, templatefile, ...) resolve relative paths against this, as
  // Terraform does against its working directory.
  std::filesystem::path base_dir;
  // What plantimestamp() returns: the RFC 3339 time the plan started. Empty (as during
  // validation) makes it an unknown string.
  std::string plan_timestamp = {};
};

hcl::FunctionTable builtin_functions(const FunctionOptions& options);

}  // namespace fgform::lang
