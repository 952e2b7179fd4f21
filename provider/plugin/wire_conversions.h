// Conversions between tfplugin5 messages and the provider's own types: schemas, values
// (DynamicValue), diagnostics and attribute paths. The only place that knows both.
#pragma once

#include <google/protobuf/repeated_ptr_field.h>

#include "schema/schema.h"
#include "tfplugin5.pb.h"
#include "value/codec.h"

namespace fgform::plugin {

using DiagnosticList = google::protobuf::RepeatedPtrField<tfplugin5::Diagnostic>;

void to_proto(const schema::Schema& schema, tfplugin5::Schema* out);

// msgpack when present, else JSON, else null (what Terraform 1.x does for results it reads).
value::Decoded<value::Value> from_dynamic(const tfplugin5::DynamicValue& dv,
                                          const value::Type& type);
// Always explicit msgpack, null included. Encoding problems become diagnostics in `diags`.
void to_dynamic(const value::Value& v, const value::Type& type, tfplugin5::DynamicValue* out,
                DiagnosticList* diags);

void to_proto(const value::Path& path, tfplugin5::AttributePath* out);
void append(const value::Diagnostics& diagnostics, DiagnosticList* out);
void add_error(DiagnosticList* out, const std::string& summary, const std::string& detail);

}  // namespace fgform::plugin
