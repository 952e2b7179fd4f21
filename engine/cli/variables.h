// Root module input values from everywhere Terraform takes them, with its precedence (later
// wins): TF_VAR_* environment variables, terraform.tfvars, terraform.tfvars.json,
// *.auto.tfvars(.json) in lexical order, then -var and -var-file in command-line order.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "value/codec.h"

namespace fgform::cli {

struct VariableSources {
  std::string dir = ".";
  // ("var", "name=value") and ("var-file", "path") in command-line order.
  std::vector<std::pair<std::string, std::string>> flags;
  std::vector<std::string> environment;  // NAME=VALUE entries
};

value::Decoded<std::map<std::string, value::Value>> collect_variables(
    const config::Module& root, const VariableSources& sources);

}  // namespace fgform::cli
