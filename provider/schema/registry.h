// All schemas of the provider: parsed once from the JSON files embedded at build time.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "schema.h"

namespace fgform::schema {

struct SchemaFile {
  std::string path;  // relative to schemas/, e.g. "resources/functiongraph_function.json"
  std::string text;
};

class Registry {
 public:
  // The schemas compiled into this binary.
  static const Registry& builtin();
  static Registry from_files(const std::vector<SchemaFile>& files);

  const Schema& provider() const { return provider_; }
  const Schema* resource(const std::string& type_name) const;
  const Schema* data_source(const std::string& type_name) const;
  const std::map<std::string, Schema>& resources() const { return resources_; }
  const std::map<std::string, Schema>& data_sources() const { return data_sources_; }
  // Problems found while loading; empty for a well-formed build (a test asserts it).
  const value::Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Schema provider_;
  std::map<std::string, Schema> resources_;
  std::map<std::string, Schema> data_sources_;
  value::Diagnostics diagnostics_;
};

// Provided by the build: the files under schemas/ (provider.json, resources/, data-sources/).
const std::vector<SchemaFile>& embedded_schema_files();

}  // namespace fgform::schema
