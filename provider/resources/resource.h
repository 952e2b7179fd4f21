// One module per resource type, shared by both fronts (the plugin and the engine). A resource
// turns planned values into typed platform calls and platform answers back into values; the
// generic planning rules live in planner.h, not here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cloud/client.h"
#include "cloud/functiongraph_api.h"
#include "cloud/iam_api.h"
#include "cloud/vpc_api.h"
#include "provider_defaults.h"
#include "schema/schema.h"
#include "value/codec.h"
#include "value/value.h"

namespace fgform::resources {

using value::Diagnostics;
using value::Value;

// The configured provider: one client and the typed APIs over it.
class Platform {
 public:
  explicit Platform(cloud::ClientConfig config, ProviderDefaults defaults = {})
      : client_(std::move(config)),
        fg_(client_),
        iam_(client_),
        vpc_(client_),
        defaults_(std::move(defaults)) {}

  cloud::Client& client() { return client_; }
  cloud::FunctionGraphApi& functiongraph() { return fg_; }
  cloud::IamApi& iam() { return iam_; }
  cloud::VpcApi& vpc() { return vpc_; }
  const ProviderDefaults& defaults() const { return defaults_; }

 private:
  cloud::Client client_;
  cloud::FunctionGraphApi fg_;
  cloud::IamApi iam_;
  cloud::VpcApi vpc_;
  ProviderDefaults defaults_;
};

// A value plus what went wrong producing it. On errors `value` is the best known state (for an
// apply: what exists now), so nothing created is ever forgotten.
using Outcome = value::Decoded<Value>;

class Resource {
 public:
  virtual ~Resource() = default;

  virtual const schema::Schema& schema() const = 0;

  // Checks beyond the schema's own rules (e.g. "exactly one of"); runs before configure.
  virtual Diagnostics validate(const Value& config) const;

  // Resource-specific planning after the generic rules (planner.h) ran: e.g. computed values
  // that change with an update. `planned` is create-style when `prior` is null.
  virtual void customize_plan(const Value& prior, const Value& config, Value& planned) const;

  // Paths whose change replaces the object, beyond the schema's force_new flags: for a change
  // only the resource can judge (e.g. which keys inside a JSON string changed). Both known.
  virtual std::vector<value::Path> replace_paths(const Value& prior, const Value& planned) const;

  virtual Outcome create(Platform& platform, const Value& planned) = 0;
  // Null when the object no longer exists.
  virtual Outcome read(Platform& platform, const Value& current) = 0;
  // Several objects at once (a batched refresh): one answer per input, in order. By default one
  // read() each; types with list calls override it and say so with reads_in_batches(), so the
  // engine does not queue the single reads of the others behind one another.
  virtual std::vector<Outcome> read_many(Platform& platform, const std::vector<Value>& current);
  virtual bool reads_in_batches() const { return false; }
  virtual Outcome update(Platform& platform, const Value& prior, const Value& planned) = 0;
  virtual Diagnostics remove(Platform& platform, const Value& prior) = 0;
  // The state to hand to read(): usually only the ID filled in.
  virtual Outcome import(Platform& platform, const std::string& id) = 0;

  // The import ID the object created from `planned` will have, when the configuration alone
  // decides it (a name unique in its scope). The engine records it before create(), so a run
  // killed mid-create leaves a trace the next plan adopts the object by instead of creating it
  // twice. nullopt when the platform assigns the identity (then nothing can be adopted).
  virtual std::optional<std::string> natural_id(Platform& platform, const Value& planned);
};

// A data source: reads something that exists, from a configuration of filters.
class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual const schema::Schema& schema() const = 0;
  // The configuration with every computed attribute filled in, wholly known.
  virtual Outcome read(Platform& platform, const Value& config) = 0;
};

// Every resource and data source type, by type name.
class Catalog {
 public:
  static const Catalog& builtin();
  Resource* resource(const std::string& type_name) const;
  std::vector<std::string> resource_types() const;
  DataSource* data_source(const std::string& type_name) const;
  std::vector<std::string> data_source_types() const;

 private:
  std::vector<std::unique_ptr<Resource>> resources_;
  std::vector<std::unique_ptr<DataSource>> data_sources_;
};

// The built-in schema of a resource type. When the schema files failed to load (the registry's
// diagnostics say why), an empty unavailable schema stands in, so the provider still starts and
// reports the problem instead of crashing.
const schema::Schema& builtin_schema(const std::string& type_name);
const schema::Schema& builtin_data_source_schema(const std::string& type_name);

// A read whose call failed: not found means the object is gone (null); any other failure keeps
// the current state, so nothing is dropped from state, and reports the error.
Outcome failed_read(const Value& current, const std::string& doing, const cloud::ApiError& error);

// A read whose call succeeded but whose answer cannot be used (not a JSON object, or without
// what identifies the object): the current state is kept and the problem reported, as for a
// failed call. Never "gone": a garbled answer must not drop an object from the state.
Outcome unusable_read(const Value& current, const std::string& doing, const std::string& problem);

// Turns a failed platform call into a diagnostic that says what was being done.
value::Diagnostic api_error(const std::string& doing, const cloud::ApiError& error);

// A delete's result: not found counts as already deleted.
template <typename T>
Diagnostics delete_result(const cloud::Result<T>& result, const std::string& doing) {
  Diagnostics d;
  if (!result && result.error().kind != cloud::ErrorKind::kNotFound)
    d.add(api_error(doing, result.error()));
  return d;
}

}  // namespace fgform::resources
