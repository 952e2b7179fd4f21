// terraform-provider-functiongraph: started by Terraform, never by hand.
#include "plugin/functiongraph_backend.h"
#include "plugin/plugin_runner.h"

int main() {
  fgform::plugin::FunctionGraphBackend backend;
  return fgform::plugin::run_provider_plugin(backend,
                                             fgform::plugin::PluginEnvironment::from_process(),
                                             "terraform-provider-functiongraph");
}
