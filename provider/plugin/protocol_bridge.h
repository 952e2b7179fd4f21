// Carries messages between tfplugin6 and tfplugin5, so one ProviderBackend (written against
// tfplugin5) serves both protocol versions. Protocol 6 renamed several messages but kept their
// fields, numbers and types, so most pairs cross through the wire format itself; the pairs
// whose fields differ (schemas, where nested_type took field 10; ValidateProviderConfig, which
// has no prepared_config) have explicit overloads.
#pragma once

#include <string>

#include "tfplugin5.pb.h"
#include "tfplugin6.pb.h"

namespace fgform::plugin {

// Copies `from` into `to` (cleared first) through the wire format. Only for message pairs with
// identical field numbers and types. False when `to` cannot parse the bytes.
template <class To, class From>
bool transcode(const From& from, To* to) {
  std::string bytes;
  return from.SerializeToString(&bytes) && to->ParseFromString(bytes);
}

// Requests: every v6 request Terraform sends has a field-identical v5 twin.
template <class V5, class V6>
bool to_v5(const V6& request, V5* out) {
  return transcode(request, out);
}

// Responses from the backend. The generic form is for field-identical pairs.
template <class V6, class V5>
bool to_v6(const V5& response, V6* out) {
  return transcode(response, out);
}
void to_v6(const tfplugin5::Schema& schema, tfplugin6::Schema* out);
bool to_v6(const tfplugin5::GetProviderSchema::Response& response,
           tfplugin6::GetProviderSchema::Response* out);
bool to_v6(const tfplugin5::PrepareProviderConfig::Response& response,
           tfplugin6::ValidateProviderConfig::Response* out);

}  // namespace fgform::plugin
