// terraform-provider-functiongraph: started by Terraform, never by hand. The two flags below are
// for people and scripts checking what is installed; Terraform passes no arguments.
#include <cstring>
#include <iostream>

#include "fgform_version.h"
#include "plugin/functiongraph_backend.h"
#include "plugin/plugin_runner.h"

int main(int argc, char** argv) {
  if (argc == 2 &&
      (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-version") == 0)) {
    std::cout << "terraform-provider-functiongraph " << fgform::kVersion << " ("
              << fgform::kPlatform << ", plugin protocols 5.0 and 6.0)\n";
    return 0;
  }
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout
        << "terraform-provider-functiongraph " << fgform::kVersion
        << "\n\nA Terraform provider plugin: Terraform starts it, it is not run by hand.\n"
           "Install it with `terraform init` (see the project's README), then declare\n"
           "  required_providers { functiongraph = { source = \"fgform/functiongraph\" } }\n\n"
           "  --version   print the version and exit\n"
           "  --help      print this text and exit\n";
    return 0;
  }
  fgform::plugin::FunctionGraphBackend backend;
  return fgform::plugin::run_provider_plugin(backend,
                                             fgform::plugin::PluginEnvironment::from_process(),
                                             "terraform-provider-functiongraph");
}
