#include "core/limited_provider.h"

#include <algorithm>

namespace fgform::core {

using value::Diagnostics;
using value::Value;

OperationSlots::OperationSlots(int slots) : free_(std::max(1, slots)) {}

OperationSlots::Held::Held(OperationSlots& owner) : owner_(owner) {
  owner_.free_.acquire();
}

OperationSlots::Held::~Held() {
  owner_.free_.release();
}

LimitedProvider::LimitedProvider(std::shared_ptr<Provider> inner,
                                 std::shared_ptr<OperationSlots> slots)
    : inner_(std::move(inner)), slots_(std::move(slots)) {}

Diagnostics LimitedProvider::validate_provider(const Value& config) {
  return inner_->validate_provider(config);
}
Diagnostics LimitedProvider::validate_resource(const std::string& type, const Value& config) {
  return inner_->validate_resource(type, config);
}
Diagnostics LimitedProvider::validate_data_source(const std::string& type, const Value& config) {
  return inner_->validate_data_source(type, config);
}
Outcome LimitedProvider::upgrade_state(const std::string& type, std::int64_t version,
                                       std::string_view attributes_json) {
  return inner_->upgrade_state(type, version, attributes_json);
}
Diagnostics LimitedProvider::configure(const Value& config) {
  return inner_->configure(config);
}

resources::Plan LimitedProvider::plan(const std::string& type, const Value& prior,
                                      const Value& proposed, const Value& config) {
  OperationSlots::Held slot(*slots_);
  return inner_->plan(type, prior, proposed, config);
}
Outcome LimitedProvider::apply(const std::string& type, const Value& prior, const Value& planned) {
  OperationSlots::Held slot(*slots_);
  return inner_->apply(type, prior, planned);
}
Outcome LimitedProvider::read(const std::string& type, const Value& current) {
  OperationSlots::Held slot(*slots_);
  return inner_->read(type, current);
}
// One batch is one operation, like Terraform's one call per resource: it pages through lists
// one request at a time.
std::vector<Outcome> LimitedProvider::read_many(const std::string& type,
                                                const std::vector<Value>& current) {
  OperationSlots::Held slot(*slots_);
  return inner_->read_many(type, current);
}
bool LimitedProvider::reads_in_batches(const std::string& type) {
  return inner_->reads_in_batches(type);
}
Outcome LimitedProvider::import(const std::string& type, const std::string& id) {
  OperationSlots::Held slot(*slots_);
  return inner_->import(type, id);
}
std::optional<std::string> LimitedProvider::natural_id(const std::string& type,
                                                       const Value& planned) {
  return inner_->natural_id(type, planned);
}
Outcome LimitedProvider::read_data_source(const std::string& type, const Value& config) {
  OperationSlots::Held slot(*slots_);
  return inner_->read_data_source(type, config);
}

}  // namespace fgform::core
