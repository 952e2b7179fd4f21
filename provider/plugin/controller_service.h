// go-plugin's GRPCController: Terraform calls Shutdown when it is finished with this process and
// kills it about two seconds later. The handler only raises the latch and returns, so the answer
// goes out; the main thread then stops the server (calling grpc::Server::Shutdown from inside a
// handler would wait for that very handler and deadlock).
#pragma once

#include "grpc_controller.grpc.pb.h"
#include "plugin/hclog.h"
#include "plugin/shutdown_latch.h"

namespace fgform::plugin {

class ControllerService final : public ::plugin::GRPCController::Service {
 public:
  ControllerService(ShutdownLatch& latch, const Logger& logger);

  grpc::Status Shutdown(grpc::ServerContext* context, const ::plugin::Empty* request,
                        ::plugin::Empty* response) override;

 private:
  ShutdownLatch& latch_;
  const Logger& logger_;
};

}  // namespace fgform::plugin
