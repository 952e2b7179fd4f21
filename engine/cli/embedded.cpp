#include "cli/embedded.h"

#include <filesystem>
#include <mutex>

#include "emulator/emulator.h"

namespace fgform::cli {
namespace {

using value::Value;

constexpr const char* kEmbeddedAccessKey = "EMBEDDEDFGFORM000001";
constexpr const char* kEmbeddedSecretKey = "embedded-emulator-secret-key";

std::mutex embedded_mu;
std::unique_ptr<emulator::Emulator> embedded;

}  // namespace

value::Decoded<std::shared_ptr<resources::Platform>> configure_with_embedded(
    const Value& provider_config, const std::string& root_dir, std::ostream& announce) {
  Value flag = provider_config.type().has_attribute("embedded_emulator")
                   ? provider_config.attribute("embedded_emulator")
                   : Value::null(value::Type::boolean());
  if (flag.is_null() || !flag.as_bool()) return resources::configure_platform(provider_config);

  std::lock_guard lock(embedded_mu);
  if (!embedded) {
    emulator::EmulatorOptions o;
    o.data_dir = (std::filesystem::path(root_dir) / ".fgform" / "emulator").string();
    std::error_code ec;
    std::filesystem::create_directories(o.data_dir, ec);
    o.access_key = kEmbeddedAccessKey;
    o.secret_key = kEmbeddedSecretKey;
    try {
      embedded = std::make_unique<emulator::Emulator>(o);
      embedded->start();
    } catch (const std::exception& e) {
      embedded.reset();
      value::Decoded<std::shared_ptr<resources::Platform>> out{nullptr, {}};
      out.diagnostics.add(value::Diagnostic::error("Cannot start the embedded emulator", e.what()));
      return out;
    }
    announce << "fgform: embedded_emulator = true: using the built-in FunctionGraph emulator at "
             << embedded->base_url() << " (data in " << o.data_dir
             << "), not Huawei Cloud.\n";
  }
  Value::Entries cfg = provider_config.entries();
  cfg["embedded_emulator"] = Value::boolean(false);
  cfg["access_key"] = Value::string(kEmbeddedAccessKey);
  cfg["secret_key"] = Value::string(kEmbeddedSecretKey);
  cfg["security_token"] = Value::null(value::Type::string());
  cfg["region"] = Value::string(embedded->region());
  cfg["project_id"] = Value::string(embedded->project_id());
  cfg["domain_id"] = Value::string(embedded->domain_id());
  const value::Type endpoints_type = provider_config.type().attributes().at("endpoints");
  cfg["endpoints"] = Value::object(endpoints_type,
                                   {{"functiongraph", Value::string(embedded->base_url())},
                                    {"iam", Value::string(embedded->base_url())},
                                    {"vpc", Value::string(embedded->base_url())}});
  return resources::configure_platform(Value::object(provider_config.type(), std::move(cfg)),
                                       [](const char*) { return std::optional<std::string>(); });
}

}  // namespace fgform::cli
