#include "cli/required_providers.h"

#include "config/version_constraint.h"

namespace fgform::cli {
namespace {

using value::Diagnostic;

bool is_functiongraph(const std::string& source) {
  return source == "fgform/functiongraph" || source == "registry.terraform.io/fgform/functiongraph";
}

std::string module_name(const config::Config& c) {
  if (c.path.empty()) return "the root module";
  std::string name = "module";
  for (const auto& p : c.path) name += "." + p;
  return name;
}

void check_module(const config::Config& c, const config::SemVersion& built_in,
                  const std::string& built_in_text, value::Diagnostics& diags) {
  for (const auto& [local, rp] : c.module.required_providers) {
    if (!rp.source.empty() && !is_functiongraph(rp.source)) {
      diags.add(Diagnostic::error("Unsupported provider",
                                  "fgform has the provider fgform/functiongraph built in and no "
                                  "others; " +
                                      module_name(c) + " asks for \"" + rp.source + "\".")
                    .at(rp.range));
      continue;
    }
    if (rp.version.empty()) continue;
    auto parsed = config::parse_version_constraint(rp.version);
    if (!parsed.constraint) {
      diags.add(Diagnostic::error("Invalid version constraint",
                                  "This string does not use correct version constraint syntax: " +
                                      parsed.error + ".")
                    .at(rp.range));
      continue;
    }
    if (!parsed.constraint->allows(built_in)) {
      diags.add(Diagnostic::error(
                    "Unsupported provider version",
                    "fgform " + built_in_text + " has fgform/functiongraph v" + built_in_text +
                        " built in, and " + module_name(c) + " requires \"" + rp.version +
                        "\": no available releases match the given constraints. Use an fgform "
                        "release whose provider the constraint allows, or change the constraint.")
                    .at(rp.range));
    }
  }
  for (const auto& [name, child] : c.children) check_module(*child, built_in, built_in_text, diags);
}

}  // namespace

value::Diagnostics check_required_providers(const config::Config& config,
                                            const std::string& built_in_version) {
  value::Diagnostics diags;
  auto built_in = config::parse_version(built_in_version);
  if (!built_in) return diags;  // a development build with no release number: nothing to check
  check_module(config, *built_in, built_in_version, diags);
  return diags;
}

}  // namespace fgform::cli
