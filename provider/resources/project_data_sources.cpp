// Facts of the project rather than of one function: the runtimes on offer and the quotas.
#include "data_sources.h"
#include "json_values.h"

namespace fgform::resources {
namespace {

using cloud::Json;

// The platform gives a unit only where there is one (MB for code size).
std::string unit_of(const Json& quota) {
  return cloud::text_of(quota, "unit");
}

class RuntimeTypesData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_runtime_types");
  }
  Outcome read(Platform& p, const Value&) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto all = p.functiongraph().list_runtime_types();
    if (!all) {
      out.diagnostics.add(api_error("listing runtime types", all.error()));
      return out;
    }
    const auto item_type = schema().block.attribute("types")->type.element();
    Value::Elements items;
    for (const auto& t : *all) {
      if (!t.is_object()) continue;  // not a runtime: an item of another shape
      items.push_back(Value::object(
          item_type,
          {{"type", string_field(t, "type")}, {"display_name", string_field(t, "display_name")}}));
    }
    out.value = Value::object(
        schema().block.implied_type(),
        {{"id", query_id("runtime_types")}, {"types", Value::list(item_type, std::move(items))}});
    return out;
  }
};

class QuotasData : public DataSource {
 public:
  const schema::Schema& schema() const override {
    return builtin_data_source_schema("functiongraph_quotas");
  }
  Outcome read(Platform& p, const Value&) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto all = p.functiongraph().list_quotas();
    if (!all) {
      out.diagnostics.add(api_error("reading quotas", all.error()));
      return out;
    }
    const auto item_type = schema().block.attribute("quotas")->type.element();
    Value::Elements items;
    for (const auto& q : *all) {
      if (!q.is_object()) continue;  // not a quota: an item of another shape
      items.push_back(Value::object(item_type, {{"type", string_field(q, "type")},
                                                {"unit", Value::string(unit_of(q))},
                                                {"limit", number_field(q, "quota")},
                                                {"used", number_field(q, "used")}}));
    }
    out.value = Value::object(
        schema().block.implied_type(),
        {{"id", query_id("quotas")}, {"quotas", Value::list(item_type, std::move(items))}});
    return out;
  }
};

}  // namespace

std::vector<std::unique_ptr<DataSource>> make_project_data_sources() {
  std::vector<std::unique_ptr<DataSource>> out;
  out.push_back(std::make_unique<RuntimeTypesData>());
  out.push_back(std::make_unique<QuotasData>());
  return out;
}

}  // namespace fgform::resources
