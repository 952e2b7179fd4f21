#include "core/builtin_provider.h"

#include "resources/operations.h"

namespace fgform::core {
namespace {

using value::Diagnostic;
using value::Diagnostics;
using value::Value;

class BuiltinProvider : public Provider {
 public:
  explicit BuiltinProvider(PlatformConfigurer configure) : configure_(std::move(configure)) {}

  Diagnostics validate_provider(const Value& config) override {
    return resources::validate_provider_config(config);
  }
  Diagnostics validate_resource(const std::string& type, const Value& config) override {
    Diagnostics d;
    auto* r = resources::find_resource(type, d);
    return r ? resources::validate_resource_config(*r, config) : d;
  }
  Diagnostics validate_data_source(const std::string& type, const Value& config) override {
    Diagnostics d;
    auto* ds = resources::find_data_source(type, d);
    return ds ? resources::validate_data_source_config(*ds, config) : d;
  }
  Outcome upgrade_state(const std::string& type, std::int64_t version,
                        std::string_view attributes_json) override {
    Outcome out;
    auto* r = resources::find_resource(type, out.diagnostics);
    return r ? resources::upgrade_state(*r, version, attributes_json) : out;
  }

  Diagnostics configure(const Value& config) override {
    auto configured = configure_ ? configure_(config) : resources::configure_platform(config);
    platform_ = configured.value;
    return configured.diagnostics;
  }

  resources::Plan plan(const std::string& type, const Value& prior, const Value& proposed,
                       const Value& config) override {
    resources::Plan out;
    auto* r = resources::find_resource(type, out.diagnostics);
    if (!r) return out;
    return resources::plan_change(
        *r, prior, proposed, config,
        platform_ ? platform_->defaults() : resources::ProviderDefaults{});
  }
  Outcome apply(const std::string& type, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    auto* r = resource(type, out.diagnostics);
    return r ? resources::apply_resource_change(*platform_, *r, prior, planned) : out;
  }
  Outcome read(const std::string& type, const Value& current) override {
    Outcome out{current, {}};
    auto* r = resource(type, out.diagnostics);
    return r ? resources::read_resource(*platform_, *r, current) : out;
  }
  std::vector<Outcome> read_many(const std::string& type,
                                 const std::vector<Value>& current) override {
    Diagnostics d;
    auto* r = resource(type, d);
    if (r) return resources::read_resources(*platform_, *r, current);
    std::vector<Outcome> failed;
    for (const auto& c : current) failed.push_back(Outcome{c, d});  // kept, not gone
    return failed;
  }
  bool reads_in_batches(const std::string& type) override {
    Diagnostics ignored;
    auto* r = resources::find_resource(type, ignored);
    return r && r->reads_in_batches();
  }
  Outcome import(const std::string& type, const std::string& id) override {
    Outcome out;
    auto* r = resource(type, out.diagnostics);
    return r ? resources::import_resource(*platform_, *r, id) : out;
  }
  std::optional<std::string> natural_id(const std::string& type, const Value& planned) override {
    Diagnostics ignored;
    auto* r = resource(type, ignored);
    return r ? r->natural_id(*platform_, planned) : std::nullopt;
  }
  Outcome read_data_source(const std::string& type, const Value& config) override {
    Outcome out;
    auto* ds = resources::find_data_source(type, out.diagnostics);
    if (ds && !configured(out.diagnostics)) return out;
    return ds ? resources::read_data_source(*platform_, *ds, config) : out;
  }

 private:
  bool configured(Diagnostics& d) const {
    if (platform_) return true;
    d.add(Diagnostic::error("Provider not configured",
                            "The functiongraph provider was used before it was configured."));
    return false;
  }
  resources::Resource* resource(const std::string& type, Diagnostics& d) const {
    auto* r = resources::find_resource(type, d);
    return r && configured(d) ? r : nullptr;
  }

  PlatformConfigurer configure_;
  std::shared_ptr<resources::Platform> platform_;
};

}  // namespace

ProviderFactory builtin_provider_factory(PlatformConfigurer configure) {
  return [configure]() -> std::shared_ptr<Provider> {
    return std::make_shared<BuiltinProvider>(configure);
  };
}

}  // namespace fgform::core
