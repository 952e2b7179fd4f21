#include "registry.h"

namespace fgform::schema {

const Registry& Registry::builtin() {
  static const Registry registry = from_files(embedded_schema_files());
  return registry;
}

Registry Registry::from_files(const std::vector<SchemaFile>& files) {
  Registry r;
  bool have_provider = false;
  for (const auto& file : files) {
    auto parsed = parse_schema(file.text, file.path);
    r.diagnostics_.append(parsed.diagnostics);
    if (!parsed.value) continue;
    Schema s = std::move(*parsed.value);
    s.block.cache_implied_types();  // the registry is immutable from here on
    r.diagnostics_.append(check_schema(s));
    switch (s.kind) {
      case SchemaKind::kProvider:
        r.provider_ = std::move(s);
        have_provider = true;
        break;
      case SchemaKind::kResource:
        if (!r.resources_.emplace(s.type_name, s).second) {
          r.diagnostics_.add(value::Diagnostic::error(
              "Invalid schema", file.path + ": " + s.type_name + " is declared twice"));
        }
        break;
      case SchemaKind::kDataSource:
        if (!r.data_sources_.emplace(s.type_name, s).second) {
          r.diagnostics_.add(value::Diagnostic::error(
              "Invalid schema", file.path + ": " + s.type_name + " is declared twice"));
        }
        break;
    }
  }
  if (!have_provider)
    r.diagnostics_.add(value::Diagnostic::error("Invalid schema", "no provider schema"));
  return r;
}

const Schema* Registry::resource(const std::string& type_name) const {
  auto it = resources_.find(type_name);
  return it == resources_.end() ? nullptr : &it->second;
}

const Schema* Registry::data_source(const std::string& type_name) const {
  auto it = data_sources_.find(type_name);
  return it == data_sources_.end() ? nullptr : &it->second;
}

}  // namespace fgform::schema
