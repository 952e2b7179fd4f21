// Which backend and workspace a command uses, and opening it.
//
// The backend comes from the root module's `terraform { backend "TYPE" { ... } }` block, read
// on every command (fgform keeps no copy of it): none or "local" is the local backend
// (`path`, `workspace_dir`), "pg" is PostgreSQL with Terraform's settings and environment
// variables (conn_str / PG_CONN_STR, schema_name / PG_SCHEMA_NAME, skip_*_creation /
// PG_SKIP_*_CREATION). The workspace is TF_WORKSPACE, else the name in
// `.terraform/environment` (TF_DATA_DIR moves `.terraform`), else "default" — the same file
// Terraform reads, so both engines select the same workspace.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/flags.h"
#include "config/config.h"
#include "state/backend.h"
#include "state/pg_backend.h"
#include "value/codec.h"

namespace fgform::cli {

struct BackendConfig {
  std::string type = "local";  // "local" or "pg"
  // local
  std::string path;                                   // default workspace's state file
  std::string workspace_dir = "terraform.tfstate.d";  // the other workspaces
  // pg
  state::PgBackendOptions pg;
};

// From a loaded configuration (its root module's backend block) and the environment.
value::Decoded<BackendConfig> backend_config(const config::Config& config);
// From the configuration in `dir`, read just for its backend block: a configuration with
// errors elsewhere still names its backend; a directory without .tf files is local.
value::Decoded<BackendConfig> backend_config_in(const std::string& dir);

// Terraform's rule: not empty, and URL path-safe (no '/', no spaces, ...).
bool valid_workspace_name(const std::string& name);
std::string data_dir();  // TF_DATA_DIR, else ".terraform"

struct SelectedWorkspace {
  std::string name = state::kDefaultWorkspace;
  bool overridden = false;  // by TF_WORKSPACE
};
// The selected workspace; an error when TF_WORKSPACE or the environment file names an invalid
// one (unless `allow_invalid`, for `workspace select`).
value::Decoded<SelectedWorkspace> selected_workspace(bool allow_invalid = false);
// Writes `.terraform/environment`, as `terraform workspace select` does.
value::Diagnostics select_workspace(const std::string& name);

// Opens the state of `workspace`. `flags` (may be null): -state, -state-out, -backup, which
// only the local backend takes.
value::Decoded<std::unique_ptr<state::Backend>> open_backend(const BackendConfig& config,
                                                             const std::string& workspace,
                                                             const Flags* flags);

// What every state-using command does: the backend of the working directory (from `config`,
// or read from "." when null) for the selected workspace, with -state/-state-out/-backup from
// `flags`. Diagnostics (warnings too) are for the caller to print.
value::Decoded<std::unique_ptr<state::Backend>> open_selected_backend(
    const Flags& flags, const config::Config* config = nullptr);

}  // namespace fgform::cli
