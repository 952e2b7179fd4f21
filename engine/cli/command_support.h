// What every command that reads a configuration and a state shares: diagnostics printing,
// loading the configuration with its variables, engine options from the flags, and the state
// backend with its lock. Defined in commands.cpp; used by the commands in their own files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/flags.h"
#include "config/config.h"
#include "core/engine.h"
#include "state/backend.h"
#include "value/diagnostics.h"
#include "value/value.h"

namespace fgform::cli {

// Diagnostics with source snippets, as Terraform prints them (or as -json stream lines).
void print_diagnostics(const value::Diagnostics& diags, const config::Config* config, Io& io);

// One error without a source location, printed like any other diagnostic; returns 1.
int fail(Io& io, std::string summary, std::string detail);

struct Loaded {
  std::unique_ptr<config::Config> config;
  std::map<std::string, value::Value> variables;
  bool ok = false;
};

// The configuration of `dir` with its variables from -var, -var-file, files and the
// environment; diagnostics already printed.
Loaded load(const std::string& dir, const Flags& flags, Io& io);

// -parallelism, -target, -replace, -refresh, the provider factory and the UI events.
core::Options engine_options(const Flags& flags, const Loaded& l, Io& io);

// The state of the selected workspace in the configured backend (`cfg`, or read from the
// working directory), with -state, -state-out, -backup; nullptr, after printing why, when it
// cannot be opened.
std::unique_ptr<state::Backend> open_state(const Flags& flags, Io& io,
                                           const config::Config* cfg = nullptr);

// -lock and -lock-timeout; `op` is the command name. False (diagnostics printed) when the
// lock cannot be taken.
bool lock_state(state::Backend& backend, const Flags& flags, const std::string& op, Io& io);

// The state, read from `backend` while `engine` validates the configuration (neither needs the
// other; each takes a few tenths of a second for a large project). Prints what the state load
// says, then the validation's errors, as Terraform orders them; nullopt when either failed.
std::optional<state::State> load_state_and_validate(state::Backend& backend, core::Engine& engine,
                                                    const config::Config* config, Io& io);

}  // namespace fgform::cli
