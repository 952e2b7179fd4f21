#include "cli/workspace_command.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/command_support.h"
#include "render/diagnostics.h"
#include "state/local_backend.h"
#include "state/state_file.h"

namespace fgform::cli {
namespace {

using value::Diagnostic;
using value::Diagnostics;

void print(const Diagnostics& d, Io& io) {
  print_diagnostics(d, nullptr, io);
}

std::string does_not_exist(const std::string& name) {
  return "Workspace \"" + name +
         "\" doesn't exist.\n\nYou can create this workspace with the \"new\" subcommand \nor "
         "include the \"-or-create\" flag with the \"select\" subcommand.\n";
}

std::string invalid_name(const std::string& name) {
  return "\nThe workspace name \"" + name +
         "\" is not allowed. The name must contain only URL safe\ncharacters, contain no path "
         "separators, and not be an empty string.\n";
}

std::string created(const std::string& name) {
  return "Created and switched to workspace \"" + name +
         "\"!\n\nYou're now on a new, empty workspace. Workspaces isolate their state,\nso if "
         "you run \"fgform plan\" fgform will not see any existing state\nfor this "
         "configuration.\n";
}

const char* kHelp =
    "Usage: fgform [global options] workspace\n\n"
    "  new, list, show, select and delete fgform workspaces.\n\n"
    "Subcommands:\n"
    "    delete    Delete a workspace\n"
    "    list      List Workspaces\n"
    "    new       Create a new workspace\n"
    "    select    Select a workspace\n"
    "    show      Show the name of the current workspace\n";

std::string sub_help(const std::string& sub) {
  if (sub == "list") {
    return "Usage: fgform [global options] workspace list\n\n"
           "  List fgform workspaces (of the local or the pg backend); * marks the selected "
           "one.\n";
  }
  if (sub == "new") {
    return "Usage: fgform [global options] workspace new [OPTIONS] NAME\n\n"
           "  Create a new fgform workspace and select it.\n\nOptions:\n\n"
           "    -lock=false         Don't hold a state lock during the operation.\n"
           "    -lock-timeout=0s    Duration to retry a state lock.\n"
           "    -state=path         Copy an existing state file into the new workspace.\n";
  }
  if (sub == "select") {
    return "Usage: fgform [global options] workspace select NAME\n\n"
           "  Select a different fgform workspace (written to .terraform/environment, which\n"
           "  Terraform reads too; TF_WORKSPACE overrides it).\n\nOptions:\n\n"
           "    -or-create=false    Create the fgform workspace if it doesn't exist.\n";
  }
  if (sub == "delete") {
    return "Usage: fgform [global options] workspace delete [OPTIONS] NAME\n\n"
           "  Delete a fgform workspace. The current workspace and \"default\" cannot be\n"
           "  deleted; a workspace whose state tracks resources only with -force.\n\n"
           "Options:\n\n"
           "    -force              Remove a workspace even if it is managing resources.\n"
           "    -lock=false         Don't hold a state lock during the operation.\n"
           "    -lock-timeout=0s    Duration to retry a state lock.\n";
  }
  return "Usage: fgform [global options] workspace show\n\n"
         "  Show the name of the current workspace.\n";
}

// The backend of the working directory, for `workspace` (the selected one when empty).
std::unique_ptr<state::Backend> open(const BackendConfig& bc, const std::string& workspace,
                                     Io& io) {
  auto opened = open_backend(bc, workspace, nullptr);
  if (!opened.diagnostics.empty()) print(opened.diagnostics, io);
  return std::move(opened.value);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

int workspace_command(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || args[0] == "-help" || args[0] == "-h" || args[0] == "--help") {
    io.out << kHelp;
    return 0;
  }
  const std::string sub = args[0];
  if (sub != "list" && sub != "new" && sub != "select" && sub != "delete" && sub != "show") {
    io.err << "Error: unknown workspace subcommand \"" << sub << "\"\n\n" << kHelp;
    return 1;
  }
  Flags flags;
  flags.boolean("help").boolean("h").boolean("no-color").boolean("force").boolean("or-create");
  flags.text("lock", "true").text("lock-timeout", "0s").text("state");
  if (auto e = flags.parse(std::vector<std::string>(args.begin() + 1, args.end()))) {
    io.err << "Error: " << *e << "\n\n" << sub_help(sub);
    return 1;
  }
  if (flags.flag("help") || flags.flag("h")) {
    io.out << sub_help(sub);
    return 0;
  }
  if (flags.flag("no-color")) io.color = false;
  const auto& pos = flags.positional();
  const bool takes_name = sub == "new" || sub == "select" || sub == "delete";
  if (pos.size() != (takes_name ? 1u : 0u)) {
    io.err << (takes_name ? "Expected a single argument: NAME.\n\n" : "Unexpected arguments.\n\n")
           << sub_help(sub);
    return 1;
  }
  auto current = selected_workspace(sub == "select");
  if (sub == "show") {
    if (current.diagnostics.has_errors()) {
      print(current.diagnostics, io);
      return 1;
    }
    io.out << current.value.name << "\n";
    return 0;
  }
  if (current.diagnostics.has_errors() && sub != "select") {
    print(current.diagnostics, io);
    return 1;
  }
  const std::string name = takes_name ? pos[0] : "";
  if (takes_name && !valid_workspace_name(name)) {
    io.err << invalid_name(name);
    return 1;
  }
  auto bc = backend_config_in(".");
  if (bc.diagnostics.has_errors()) {
    print(bc.diagnostics, io);
    return 1;
  }
  auto backend = open(bc.value, current.value.name, io);
  if (!backend) return 1;
  auto listed = backend->workspaces();
  if (listed.diagnostics.has_errors()) {
    print(listed.diagnostics, io);
    return 1;
  }
  const auto& names = listed.value;

  if (sub == "list") {
    if (current.value.overridden) {
      Diagnostics d;
      d.add(Diagnostic::warning(
          "\n\nThe active workspace is being overridden using the TF_WORKSPACE environment\n"
          "variable.\n",
          ""));
      print(d, io);
    }
    for (const auto& n : names) io.out << (n == current.value.name ? "* " : "  ") << n << "\n";
    io.out << "\n";
    return 0;
  }

  if (sub == "new") {
    if (current.value.overridden && name != current.value.name) {
      io.err << "\nThe workspace is currently overridden using the TF_WORKSPACE environment\n"
                "variable. You cannot create a new workspace when using this setting.\n\n"
                "To create a new workspace, either unset this environment variable or update it\n"
                "to match the workspace name you are trying to create, and then run this command\n"
                "again.\n";
      return 1;
    }
    if (contains(names, name)) {
      io.err << "Workspace \"" << name << "\" already exists\n";
      return 1;
    }
    if (auto d = backend->create_workspace(name); d.has_errors()) {
      print(d, io);
      return 1;
    }
    if (auto d = select_workspace(name); d.has_errors()) {
      print(d, io);
      return 1;
    }
    io.out << created(name);
    if (!flags.given("state") || flags.value("state").empty()) return 0;
    // -state=PATH: that state becomes the new workspace's.
    auto pushed = state::read_state_file(flags.value("state"));
    if (!pushed.ok()) {
      print(pushed.diagnostics, io);
      return 1;
    }
    auto target = open(bc.value, name, io);
    if (!target) return 1;
    if (!lock_state(*target, flags, "workspace-new", io)) return 1;
    auto loaded = target->load();
    Diagnostics d = loaded.diagnostics;
    if (!d.has_errors()) d.append(target->write(pushed.value));
    d.append(target->unlock());
    if (!d.empty()) print(d, io);
    return d.has_errors() ? 1 : 0;
  }

  if (sub == "select") {
    if (current.value.overridden) {
      io.err << "\nThe selected workspace is currently overridden using the TF_WORKSPACE\n"
                "environment variable.\n\nTo select a new workspace, either update this "
                "environment variable or unset\nit and then run this command again.\n";
      return 1;
    }
    if (name == current.value.name) return 0;
    bool fresh = false;
    if (!contains(names, name)) {
      if (!flags.flag("or-create")) {
        io.err << does_not_exist(name);
        return 1;
      }
      if (auto d = backend->create_workspace(name); d.has_errors()) {
        print(d, io);
        return 1;
      }
      fresh = true;
    }
    if (auto d = select_workspace(name); d.has_errors()) {
      print(d, io);
      return 1;
    }
    io.out << (fresh ? created(name) : "Switched to workspace \"" + name + "\".\n");
    return 0;
  }

  // delete
  if (!contains(names, name)) {
    io.err << does_not_exist(name).substr(0, does_not_exist(name).size() - 1) << "\n";
    return 1;
  }
  if (name == current.value.name) {
    io.err << "Workspace \"" << name
           << "\" is your active workspace.\n\nYou cannot delete the currently active "
              "workspace. Please switch\nto another workspace and try again.\n";
    return 1;
  }
  if (name == state::kDefaultWorkspace) {
    io.err << "Cannot delete the default workspace\n";
    return 1;
  }
  auto target = open(bc.value, name, io);
  if (!target) return 1;
  if (!lock_state(*target, flags, "state-replace-provider", io)) return 1;
  auto loaded = target->load();
  if (loaded.diagnostics.has_errors()) {
    target->unlock();
    print(loaded.diagnostics, io);
    return 1;
  }
  const auto tracked = loaded.value.instance_addresses();
  const bool has_resources = !tracked.empty();
  if (has_resources && !flags.flag("force")) {
    target->unlock();
    std::string list;
    for (const auto& a : tracked) list += "\n  - " + a.to_string();
    return fail(io, "Workspace is not empty",
                "Workspace \"" + name +
                    "\" is currently tracking the following resource "
                    "instances:" +
                    list +
                    "\n\nDeleting this workspace would cause fgform to lose track of any "
                    "associated remote objects, which would then require you to delete them "
                    "manually outside of fgform. You should destroy these objects with fgform "
                    "before deleting the workspace.\n\nIf you want to delete this workspace "
                    "anyway, and have fgform forget about these managed objects, use the "
                    "-force option to disable this safety check.");
  }
  // As Terraform: the lock goes before the state does.
  target->unlock();
  target.reset();
  if (auto d = backend->delete_workspace(name); d.has_errors()) {
    print(d, io);
    return 1;
  }
  io.out << "Deleted workspace \"" << name << "\"!\n";
  if (has_resources) {
    io.out << "WARNING: \"" << name
           << "\" was non-empty.\nThe resources managed by the deleted workspace may still "
              "exist,\nbut are no longer manageable by fgform since the state has\nbeen "
              "deleted.\n";
  }
  return 0;
}

int migrate_local_state(const BackendConfig& to, bool force_copy, long long lock_timeout_ms,
                        Io& io) {
  // The previous backend is the local one with its default paths (fgform keeps no record of
  // an earlier backend configuration).
  BackendConfig local;
  auto source = open_backend(local, state::kDefaultWorkspace, nullptr);
  auto listed = source.value->workspaces();
  if (listed.diagnostics.has_errors()) {
    print(listed.diagnostics, io);
    return 1;
  }
  const auto timeout = std::chrono::milliseconds(lock_timeout_ms);
  struct Copied {
    std::string workspace;
    std::string path;
    std::size_t resources;
    std::uint64_t serial;
  };
  std::vector<Copied> copied;
  for (const auto& ws : listed.value) {
    auto from = open_backend(local, ws, nullptr);
    auto& src = *from.value;
    if (auto d = src.lock("migration source state", timeout); d.has_errors()) {
      print(d, io);
      return 1;
    }
    auto loaded = src.load();
    if (!loaded.diagnostics.empty()) print(loaded.diagnostics, io);
    if (loaded.diagnostics.has_errors()) return 1;
    if (loaded.value.empty()) continue;  // as Terraform: empty local states are not migrated
    auto dest = open_backend(to, ws, nullptr);
    if (!dest.diagnostics.empty()) print(dest.diagnostics, io);
    if (!dest.value) return 1;
    if (auto d = dest.value->lock("migration destination state", timeout); d.has_errors()) {
      print(d, io);
      return 1;
    }
    auto existing = dest.value->load();
    if (existing.diagnostics.has_errors()) {
      print(existing.diagnostics, io);
      return 1;
    }
    if (!existing.value.empty() && !force_copy) {
      return fail(io, "Remote state is not empty",
                  "Workspace \"" + ws + "\" already has a non-empty state in the " + to.type +
                      " backend (lineage " + existing.value.lineage + ", serial " +
                      std::to_string(existing.value.serial) +
                      "), and so has the local state. fgform does not overwrite it: run "
                      "\"fgform init -migrate-state -force-copy\" to replace the remote state "
                      "with the local one, or move the local state away and run \"fgform "
                      "init\" to use the remote state as it is.");
    }
    state::State st = loaded.value;
    if (auto d = dest.value->write(st); d.has_errors()) {
      print(d, io);
      return 1;
    }
    if (auto d = dest.value->unlock(); d.has_errors()) print(d, io);
    copied.push_back({ws, static_cast<state::LocalBackend&>(src).state_path(),
                      st.instance_addresses().size(), st.serial});
    src.unlock();
  }
  // Every state is in the new backend: empty the local files, as Terraform does (an empty
  // file is "no state" to both engines), keeping each as .backup.
  for (const auto& c : copied) {
    std::error_code ec;
    std::filesystem::copy_file(c.path, c.path + ".backup",
                               std::filesystem::copy_options::overwrite_existing, ec);
    std::ofstream truncate(c.path, std::ios::trunc | std::ios::binary);
    if (ec || !truncate) {
      io.err << "Warning: the local state " << c.path
             << " was migrated but could not be emptied; remove it by hand.\n";
    }
  }
  if (copied.empty()) {
    io.out << "No local state to migrate: every local workspace is empty.\n";
    return 0;
  }
  for (const auto& c : copied) {
    io.out << "Migrated workspace \"" << c.workspace << "\" (" << c.resources
           << " resource instance(s)) from " << c.path << " to the " << to.type
           << " backend (serial " << c.serial << ").\n";
  }
  io.out << "Successfully migrated " << copied.size() << " workspace state(s) to the " << to.type
         << " backend; the local copies are in "
         << "*.backup.\n";
  return 0;
}

}  // namespace fgform::cli
