// One limit on the provider operations in flight in a whole run: `-parallelism`, as Terraform's
// walker semaphore. Every configured provider is wrapped in a LimitedProvider sharing the run's
// OperationSlots, so the limit holds however the work is spread: the graph walk runs up to
// `parallelism` resources at once and each resource runs its instances side by side, which
// without one shared limit nested to up to parallelism² calls against the platform.
#pragma once

#include <memory>
#include <semaphore>

#include "core/provider.h"

namespace fgform::core {

class OperationSlots {
 public:
  explicit OperationSlots(int slots);

  // Held for the length of one operation; released when destroyed.
  class Held {
   public:
    explicit Held(OperationSlots& owner);
    ~Held();
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    OperationSlots& owner_;
  };

 private:
  std::counting_semaphore<> free_;
};

// Configuration, validation and state upgrades are not limited: they run before the walk or
// make no call.
class LimitedProvider final : public Provider {
 public:
  LimitedProvider(std::shared_ptr<Provider> inner, std::shared_ptr<OperationSlots> slots);

  value::Diagnostics validate_provider(const value::Value& config) override;
  value::Diagnostics validate_resource(const std::string& type,
                                       const value::Value& config) override;
  value::Diagnostics validate_data_source(const std::string& type,
                                          const value::Value& config) override;
  Outcome upgrade_state(const std::string& type, std::int64_t version,
                        std::string_view attributes_json) override;
  value::Diagnostics configure(const value::Value& config) override;
  resources::Plan plan(const std::string& type, const value::Value& prior,
                       const value::Value& proposed, const value::Value& config) override;
  Outcome apply(const std::string& type, const value::Value& prior,
                const value::Value& planned) override;
  Outcome read(const std::string& type, const value::Value& current) override;
  std::vector<Outcome> read_many(const std::string& type,
                                 const std::vector<value::Value>& current) override;
  bool reads_in_batches(const std::string& type) override;
  Outcome import(const std::string& type, const std::string& id) override;
  std::optional<std::string> natural_id(const std::string& type,
                                        const value::Value& planned) override;
  Outcome read_data_source(const std::string& type, const value::Value& config) override;

 private:
  std::shared_ptr<Provider> inner_;
  std::shared_ptr<OperationSlots> slots_;
};

}  // namespace fgform::core
