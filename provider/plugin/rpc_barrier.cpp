#include "plugin/rpc_barrier.h"

#include <exception>
#include <string>

namespace fgform::plugin {
namespace {

LogFields call_fields(std::string_view rpc, std::string_view type_name) {
  LogFields fields{{"tf_rpc", std::string(rpc)}};
  if (!type_name.empty()) fields.emplace_back("tf_resource_type", std::string(type_name));
  return fields;
}

}  // namespace

RpcBarrier::RpcBarrier(const ProviderBackend& backend, const Logger& logger)
    : backend_(backend), logger_(logger) {}

grpc::Status RpcBarrier::run(std::string_view rpc, std::string_view type_name,
                             const std::function<void()>& call) const {
  const LogFields fields = call_fields(rpc, type_name);
  logger_.trace("received request", fields);
  try {
    call();
  } catch (const std::exception&) {
    // The backend's contract is diagnostics, not exceptions; this is a bug, so say where, but
    // do not echo the exception text (it may quote configuration values).
    logger_.error("provider backend threw an exception; answering INTERNAL", fields);
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "internal error in the provider while handling " + std::string(rpc));
  } catch (...) {
    logger_.error("provider backend threw a non-standard exception; answering INTERNAL", fields);
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "internal error in the provider while handling " + std::string(rpc));
  }
  logger_.trace("served request", fields);
  return grpc::Status::OK;
}

grpc::Status RpcBarrier::run_optional(OptionalRpc optional_rpc, std::string_view rpc,
                                      std::string_view type_name,
                                      const std::function<void()>& call) const {
  if (!backend_.implements(optional_rpc)) {
    logger_.debug("optional RPC not implemented", call_fields(rpc, type_name));
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        std::string(rpc) + " is not implemented by this provider");
  }
  return run(rpc, type_name, call);
}

}  // namespace fgform::plugin
