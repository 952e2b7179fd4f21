#include "plugin/controller_service.h"

namespace fgform::plugin {

ControllerService::ControllerService(ShutdownLatch& latch, const Logger& logger)
    : latch_(latch), logger_(logger) {}

grpc::Status ControllerService::Shutdown(grpc::ServerContext*, const ::plugin::Empty*,
                                         ::plugin::Empty*) {
  logger_.debug("shutdown requested by the plugin host");
  latch_.trigger();
  return grpc::Status::OK;
}

}  // namespace fgform::plugin
