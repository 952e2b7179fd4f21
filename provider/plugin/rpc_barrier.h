// What every Provider RPC handler does around the backend call, whichever protocol version
// carries it: a trace line per call (RPC name and type name, never values), UNIMPLEMENTED for
// optional RPCs the backend does not offer, and a barrier that turns an escaped exception into
// a gRPC error instead of a dead process. Shared by the tfplugin5 and tfplugin6 services.
#pragma once

#include <grpcpp/support/status.h>

#include <functional>
#include <string_view>

#include "plugin/hclog.h"
#include "plugin/provider_backend.h"

namespace fgform::plugin {

class RpcBarrier {
 public:
  RpcBarrier(const ProviderBackend& backend, const Logger& logger);

  // Runs `call`; OK unless it throws.
  grpc::Status run(std::string_view rpc, std::string_view type_name,
                   const std::function<void()>& call) const;
  // The same, or UNIMPLEMENTED without calling when the backend does not offer `optional_rpc`.
  grpc::Status run_optional(OptionalRpc optional_rpc, std::string_view rpc,
                            std::string_view type_name, const std::function<void()>& call) const;

 private:
  const ProviderBackend& backend_;
  const Logger& logger_;
};

}  // namespace fgform::plugin
