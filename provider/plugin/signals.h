// Signal dispositions of the plugin process.
//
// SIGINT: Ctrl-C reaches the whole foreground process group, plugins included. Terraform answers
// the first one by calling Stop on every provider and letting work finish, so the plugin must
// survive it. A no-op handler rather than SIG_IGN, because an ignored disposition would be
// inherited by any process the provider starts.
// SIGTERM: raises the shutdown latch; the main thread then stops the server and cleans up.
// SIGPIPE: a closed stdout/stderr pipe must not kill the process before it cleans up.
#pragma once

#include "plugin/shutdown_latch.h"

namespace fgform::plugin {

// `latch` must outlive the process's use of the handlers (in practice: main's lifetime).
bool install_plugin_signal_handlers(ShutdownLatch& latch);

}  // namespace fgform::plugin
