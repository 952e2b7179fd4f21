#include "plugin/wire_conversions.h"

namespace fgform::plugin {
namespace {

tfplugin5::Schema::NestedBlock::NestingMode nesting_of(schema::Nesting n) {
  switch (n) {
    case schema::Nesting::kSingle:
      return tfplugin5::Schema::NestedBlock::SINGLE;
    case schema::Nesting::kList:
      return tfplugin5::Schema::NestedBlock::LIST;
    case schema::Nesting::kSet:
      return tfplugin5::Schema::NestedBlock::SET;
    case schema::Nesting::kMap:
      return tfplugin5::Schema::NestedBlock::MAP;
    case schema::Nesting::kGroup:
      return tfplugin5::Schema::NestedBlock::GROUP;
  }
  return tfplugin5::Schema::NestedBlock::LIST;
}

void to_proto(const schema::Block& block, tfplugin5::Schema::Block* out) {
  out->set_description(block.description);
  out->set_description_kind(tfplugin5::MARKDOWN);
  for (const auto& a : block.attributes) {
    auto* pa = out->add_attributes();
    pa->set_name(a.name);
    pa->set_type(a.type.to_json_text());  // the JSON bytes themselves, quotes included
    pa->set_description(a.description);
    pa->set_description_kind(tfplugin5::MARKDOWN);
    pa->set_required(a.required);
    pa->set_optional(a.optional);
    pa->set_computed(a.computed);
    pa->set_sensitive(a.sensitive);
    pa->set_deprecated(a.deprecated);
  }
  for (const auto& nb : block.blocks) {
    auto* pb = out->add_block_types();
    pb->set_type_name(nb.name);
    pb->set_nesting(nesting_of(nb.nesting));
    pb->set_min_items(nb.min_items);
    pb->set_max_items(nb.max_items);
    to_proto(nb.block, pb->mutable_block());
  }
}

}  // namespace

void to_proto(const schema::Schema& schema, tfplugin5::Schema* out) {
  out->set_version(schema.version);
  to_proto(schema.block, out->mutable_block());
  if (out->block().description().empty()) out->mutable_block()->set_description(schema.description);
}

value::Decoded<value::Value> from_dynamic(const tfplugin5::DynamicValue& dv,
                                          const value::Type& type) {
  if (!dv.msgpack().empty()) return value::from_msgpack(dv.msgpack(), type);
  if (!dv.json().empty()) {
    auto j = nlohmann::json::parse(dv.json(), nullptr, false);
    if (j.is_discarded()) {
      value::Decoded<value::Value> out{value::Value::null(type), {}};
      out.diagnostics.add(
          value::Diagnostic::error("Invalid value", "the JSON form of a value is malformed"));
      return out;
    }
    return value::from_json(j, type);
  }
  return value::Decoded<value::Value>{value::Value::null(type), {}};
}

void to_dynamic(const value::Value& v, const value::Type& type, tfplugin5::DynamicValue* out,
                DiagnosticList* diags) {
  auto encoded = value::to_msgpack(v, type);
  append(encoded.diagnostics, diags);
  out->set_msgpack(encoded.ok() ? encoded.value : std::string(1, '\xc0'));
}

void to_proto(const value::Path& path, tfplugin5::AttributePath* out) {
  for (const auto& step : path.steps()) {
    auto* s = out->add_steps();
    switch (step.kind) {
      case value::PathStep::Kind::kAttribute:
        s->set_attribute_name(step.name);
        break;
      case value::PathStep::Kind::kKeyString:
        s->set_element_key_string(step.name);
        break;
      case value::PathStep::Kind::kKeyInt:
        s->set_element_key_int(step.index);
        break;
    }
  }
}

void append(const value::Diagnostics& diagnostics, DiagnosticList* out) {
  for (const auto& d : diagnostics) {
    auto* p = out->Add();
    p->set_severity(d.severity == value::Severity::kError ? tfplugin5::Diagnostic::ERROR
                                                          : tfplugin5::Diagnostic::WARNING);
    p->set_summary(d.summary);
    p->set_detail(d.detail);
    if (d.attribute && !d.attribute->empty()) to_proto(*d.attribute, p->mutable_attribute());
  }
}

void add_error(DiagnosticList* out, const std::string& summary, const std::string& detail) {
  auto* p = out->Add();
  p->set_severity(tfplugin5::Diagnostic::ERROR);
  p->set_summary(summary);
  p->set_detail(detail);
}

}  // namespace fgform::plugin
