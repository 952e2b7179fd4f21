#include "plugin/protocol_bridge.h"

namespace fgform::plugin {
namespace {

tfplugin6::StringKind kind_of(tfplugin5::StringKind kind) {
  return kind == tfplugin5::MARKDOWN ? tfplugin6::MARKDOWN : tfplugin6::PLAIN;
}

tfplugin6::Schema::NestedBlock::NestingMode nesting_of(
    tfplugin5::Schema::NestedBlock::NestingMode mode) {
  switch (mode) {
    case tfplugin5::Schema::NestedBlock::SINGLE:
      return tfplugin6::Schema::NestedBlock::SINGLE;
    case tfplugin5::Schema::NestedBlock::LIST:
      return tfplugin6::Schema::NestedBlock::LIST;
    case tfplugin5::Schema::NestedBlock::SET:
      return tfplugin6::Schema::NestedBlock::SET;
    case tfplugin5::Schema::NestedBlock::MAP:
      return tfplugin6::Schema::NestedBlock::MAP;
    case tfplugin5::Schema::NestedBlock::GROUP:
      return tfplugin6::Schema::NestedBlock::GROUP;
    default:
      return tfplugin6::Schema::NestedBlock::INVALID;
  }
}

// Field by field: a v5 Attribute's write_only (10) would land in v6's nested_type (10).
void copy_block(const tfplugin5::Schema::Block& in, tfplugin6::Schema::Block* out) {
  out->set_version(in.version());
  out->set_description(in.description());
  out->set_description_kind(kind_of(in.description_kind()));
  out->set_deprecated(in.deprecated());
  for (const auto& a : in.attributes()) {
    auto* pa = out->add_attributes();
    pa->set_name(a.name());
    pa->set_type(a.type());
    pa->set_description(a.description());
    pa->set_description_kind(kind_of(a.description_kind()));
    pa->set_required(a.required());
    pa->set_optional(a.optional());
    pa->set_computed(a.computed());
    pa->set_sensitive(a.sensitive());
    pa->set_deprecated(a.deprecated());
    pa->set_write_only(a.write_only());
  }
  for (const auto& b : in.block_types()) {
    auto* pb = out->add_block_types();
    pb->set_type_name(b.type_name());
    pb->set_nesting(nesting_of(b.nesting()));
    pb->set_min_items(b.min_items());
    pb->set_max_items(b.max_items());
    copy_block(b.block(), pb->mutable_block());
  }
}

template <class V6Map, class V5Map>
void copy_schemas(const V5Map& in, V6Map* out) {
  for (const auto& [name, schema] : in) to_v6(schema, &(*out)[name]);
}

}  // namespace

void to_v6(const tfplugin5::Schema& schema, tfplugin6::Schema* out) {
  out->Clear();
  out->set_version(schema.version());
  copy_block(schema.block(), out->mutable_block());
}

bool to_v6(const tfplugin5::GetProviderSchema::Response& response,
           tfplugin6::GetProviderSchema::Response* out) {
  out->Clear();
  // Terraform wants the provider schema present, even when empty.
  to_v6(response.provider(), out->mutable_provider());
  if (response.has_provider_meta()) to_v6(response.provider_meta(), out->mutable_provider_meta());
  copy_schemas(response.resource_schemas(), out->mutable_resource_schemas());
  copy_schemas(response.data_source_schemas(), out->mutable_data_source_schemas());
  copy_schemas(response.ephemeral_resource_schemas(), out->mutable_ephemeral_resource_schemas());
  bool ok = true;
  for (const auto& d : response.diagnostics()) ok = transcode(d, out->add_diagnostics()) && ok;
  if (response.has_server_capabilities())
    ok = transcode(response.server_capabilities(), out->mutable_server_capabilities()) && ok;
  for (const auto& [name, function] : response.functions())
    ok = transcode(function, &(*out->mutable_functions())[name]) && ok;
  return ok;
}

bool to_v6(const tfplugin5::PrepareProviderConfig::Response& response,
           tfplugin6::ValidateProviderConfig::Response* out) {
  // Protocol 6 has no prepared_config: Terraform uses the configuration as written.
  out->Clear();
  bool ok = true;
  for (const auto& d : response.diagnostics()) ok = transcode(d, out->add_diagnostics()) && ok;
  return ok;
}

}  // namespace fgform::plugin
