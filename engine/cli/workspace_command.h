// `fgform workspace list|new|select|delete|show`, and `init`'s -migrate-state: Terraform's
// commands and messages, on the local and the pg backend.
#pragma once

#include <string>
#include <vector>

#include "cli/backend_factory.h"
#include "cli/commands.h"

namespace fgform::cli {

int workspace_command(const std::vector<std::string>& args, Io& io);

// Copies every non-empty local workspace state (terraform.tfstate, terraform.tfstate.d/*) into
// `to` (the pg backend), refusing to replace a non-empty remote state unless `force_copy`;
// then empties the local state files, as Terraform does (their .backup keeps them). Prints
// what was migrated. Returns the exit code.
int migrate_local_state(const BackendConfig& to, bool force_copy, long long lock_timeout_ms,
                        Io& io);

}  // namespace fgform::cli
