// What the engine asks of a provider: Terraform's providers.Interface, on values. The engine
// makes one Provider per provider block (the default and each alias), validates through any of
// them, and configures each with its block before planning. The FunctionGraph provider runs
// in-process (builtin_provider.h); the context tests give the engine a mock.
//
// Schemas are not part of the seam: they are fixed at build time (schema::Registry) and the
// engine reads them directly, as the documentation generator does.
//
// Every method may be called from several threads at once: the walk runs instances side by
// side, and a refresh batch upgrades its prior objects on every core (core/parallel_for.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "resources/planner.h"
#include "schema/schema.h"
#include "value/codec.h"
#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::core {

using resources::Outcome;

class Provider {
 public:
  virtual ~Provider() = default;

  // Before configure(): checks of a block beyond the schema's own rules.
  virtual value::Diagnostics validate_provider(const value::Value& config) = 0;
  virtual value::Diagnostics validate_resource(const std::string& type,
                                               const value::Value& config) = 0;
  virtual value::Diagnostics validate_data_source(const std::string& type,
                                                  const value::Value& config) = 0;
  // Stored attributes of schema `version` (their JSON text, as the state holds it) brought to the
  // current schema.
  virtual Outcome upgrade_state(const std::string& type, std::int64_t version,
                                std::string_view attributes_json) = 0;

  // Connects to the platform the block names. The operations below need it.
  virtual value::Diagnostics configure(const value::Value& config) = 0;

  // The planned new value (`proposed`: config merged with prior; prior null: create).
  virtual resources::Plan plan(const std::string& type, const value::Value& prior,
                               const value::Value& proposed, const value::Value& config) = 0;
  // Creates (prior null), updates or deletes (planned null). On failure the value is what
  // exists now, so nothing created is forgotten.
  virtual Outcome apply(const std::string& type, const value::Value& prior,
                        const value::Value& planned) = 0;
  // The object as the platform has it now; null when it is gone.
  virtual Outcome read(const std::string& type, const value::Value& current) = 0;
  // Several objects of one type at once (batched refresh); one answer per input, in order.
  // By default one read() each.
  virtual std::vector<Outcome> read_many(const std::string& type,
                                         const std::vector<value::Value>& current);
  // Whether read_many of `type` costs less than its single reads. When not, the engine reads
  // each instance on its own, in parallel.
  virtual bool reads_in_batches(const std::string& type) = 0;
  // The state to hand to read() for an import ID.
  virtual Outcome import(const std::string& type, const std::string& id) = 0;
  // The import ID a create of `planned` will give its object, when the configuration alone
  // decides it (see pending_creates.h).
  virtual std::optional<std::string> natural_id(const std::string& type,
                                                const value::Value& planned) = 0;
  virtual Outcome read_data_source(const std::string& type, const value::Value& config) = 0;
};

// The object an import ID names, as `import` takes it in: the provider's import, then a read.
// The value is null when no object has that ID; errors mean the provider could not tell.
Outcome import_object(Provider& provider, const std::string& type, const schema::Schema& schema,
                      const std::string& id);

// Makes an unconfigured provider for a provider block.
using ProviderFactory = std::function<std::shared_ptr<Provider>()>;

}  // namespace fgform::core
