#include "cli/commands.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include "cli/backend_factory.h"
#include "cli/command_support.h"
#include "cli/drift_command.h"
#include "cli/embedded.h"
#include "cli/flags.h"
#include "cli/required_providers.h"
#include "cli/variables.h"
#include "cli/workspace_command.h"
#include "config/config.h"
#include "core/builtin_provider.h"
#include "core/engine.h"
#include "core/plan_file.h"
#include "fgform_version.h"
#include "fmt/fmt_command.h"
#include "render/apply_progress.h"
#include "render/diagnostics.h"
#include "render/human_plan.h"
#include "render/json_plan.h"
#include "render/json_stream.h"
#include "render/outputs.h"
#include "render/structured.h"
#include "render/text.h"
#include "render/value_diff.h"
#include "state/backend.h"
#include "state/local_backend.h"
#include "state/state_file.h"
#include "state/state_json.h"
#include "value/marks.h"

extern char** environ;

namespace fgform::cli {

namespace fs = std::filesystem;
using value::Diagnostics;
using value::Value;

// Diagnostics with source snippets, as Terraform prints them.
void print_diagnostics(const Diagnostics& diags, const config::Config* config, Io& io) {
  std::map<std::string, std::string> sources;
  if (config && config->files)
    for (const auto& [name, file] : *config->files) sources[name] = *file->source;
  if (io.json) {
    render::JsonStream stream(kVersion);
    for (const auto& d : diags) io.out << stream.diagnostic(d, sources) << "\n";
    return;
  }
  for (const auto& d : diags) io.err << render::format_diagnostic(d, sources, io.color);
}

namespace {

// The stream's name for the instance an engine event is about.
render::ResourceAddress stream_address(const std::string& address) {
  render::ResourceAddress r;
  r.addr = address;
  r.key = Value::null(value::Type::dynamic());
  auto a = state::parse_abs_resource_instance(address);
  if (!a.ok()) return r;
  r.module = a.value.module.to_string();
  r.mode = a.value.resource.mode == state::ResourceMode::kData ? plan::Mode::kData
                                                               : plan::Mode::kManaged;
  r.type = a.value.resource.type;
  r.name = a.value.resource.name;
  if (a.value.key.is_int()) r.key = Value::number(a.value.key.as_int());
  if (a.value.key.is_string()) r.key = Value::string(a.value.key.as_string());
  return r;
}

}  // namespace

// One error without a source location, printed like any other diagnostic; returns 1.
int fail(Io& io, std::string summary, std::string detail) {
  Diagnostics d;
  d.add(value::Diagnostic::error(std::move(summary), std::move(detail)));
  print_diagnostics(d, nullptr, io);
  return 1;
}

Loaded load(const std::string& dir, const Flags& flags, Io& io) {
  Loaded l;
  auto cfg = config::load_config(dir);
  l.config = std::move(cfg.value);
  if (cfg.diagnostics.has_errors()) {
    print_diagnostics(cfg.diagnostics, l.config.get(), io);
    return l;
  }
  if (auto d = check_required_providers(*l.config, kVersion); d.has_errors()) {
    print_diagnostics(d, l.config.get(), io);
    return l;
  }
  VariableSources sources;
  sources.dir = dir;
  for (const auto& f : flags.ordered())
    if (f.first == "var" || f.first == "var-file") sources.flags.push_back(f);
  for (char** e = environ; e && *e; ++e) sources.environment.emplace_back(*e);
  auto vars = collect_variables(l.config->module, sources);
  Diagnostics all = cfg.diagnostics;
  all.append(vars.diagnostics);
  if (!all.empty()) print_diagnostics(all, l.config.get(), io);
  l.variables = vars.value;
  l.ok = !all.has_errors();
  return l;
}

core::Options engine_options(const Flags& flags, const Loaded& l, Io& io) {
  core::Options o;
  o.root_dir = ".";
  o.variables = l.variables;
  if (auto ws = selected_workspace(); !ws.diagnostics.has_errors()) o.workspace = ws.value.name;
  if (flags.given("parallelism")) {
    try {
      o.parallelism = std::max(1, std::stoi(flags.value("parallelism")));
    } catch (...) {
      o.parallelism = 10;
    }
  }
  o.targets = flags.values("target");
  o.replace = flags.values("replace");
  o.refresh = !flags.given("refresh") || flags.value("refresh") != "false";
  o.provider_factory = core::builtin_provider_factory(
      [&io](const Value& cfg) { return configure_with_embedded(cfg, ".", io.err); });
  bool color = io.color;
  std::ostream* out = &io.out;
  if (io.json) {
    o.on_event = [out](const core::Event& e) {
      render::JsonStream stream(kVersion);
      const render::ResourceAddress r = stream_address(e.address);
      const std::string id_key = e.id.empty() ? "" : "id";
      const double secs = static_cast<double>(e.elapsed.count()) / 1000.0;
      // Each line is flushed as it is written, for whoever follows the run.
      switch (e.kind) {
        case core::Event::Kind::kRefreshStart:
          *out << stream.refresh_start(r, id_key, e.id) << "\n";
          break;
        case core::Event::Kind::kRefreshComplete:
          *out << stream.refresh_complete(r, id_key, e.id) << "\n";
          break;
        case core::Event::Kind::kApplyStart:
          *out << stream.apply_start(r, e.action, id_key, e.id) << "\n";
          break;
        case core::Event::Kind::kApplyComplete:
          *out << stream.apply_complete(r, e.action, id_key, e.id, secs) << "\n";
          break;
        case core::Event::Kind::kApplyErrored:
          *out << stream.apply_errored(r, e.action, secs) << "\n";
          break;
        default:
          return;
      }
      out->flush();
    };
    return o;
  }
  o.on_event = [out, color](const core::Event& e) {
    Value obj = e.id.empty() ? Value::null(value::Type::dynamic())
                             : Value::object({{"id", Value::string(e.id)}});
    switch (e.kind) {
      case core::Event::Kind::kRefreshStart:
        *out << render::refresh_start_line(e.address, obj, color) << "\n";
        break;
      case core::Event::Kind::kApplyStart:
        *out << render::apply_start_line(e.address, e.action, obj, color) << "\n";
        break;
      case core::Event::Kind::kApplyComplete:
        *out << render::apply_complete_line(e.address, e.action, obj, e.elapsed.count() / 1000,
                                            color)
             << "\n";
        break;
      case core::Event::Kind::kImportStart:
        *out << render::apply_import_start_line(e.address, e.id, color) << "\n";
        break;
      default:
        return;  // nothing written: nothing to flush (half the events of a refresh)
    }
    out->flush();
  };
  return o;
}

std::unique_ptr<state::Backend> open_state(const Flags& flags, Io& io,
                                           const config::Config* cfg) {
  auto opened = open_selected_backend(flags, cfg);
  if (!opened.diagnostics.empty()) print_diagnostics(opened.diagnostics, cfg, io);
  return std::move(opened.value);
}

std::optional<state::State> load_state_and_validate(state::Backend& backend, core::Engine& engine,
                                                    const config::Config* config, Io& io) {
  auto loading = std::async(std::launch::async, [&backend] { return backend.load(); });
  // As Terraform: the configuration is validated before anything is refreshed, so a bad
  // configuration costs no API call. Warnings wait for the plan.
  Diagnostics invalid;
  try {
    invalid = engine.validate();
  } catch (...) {
    loading.wait();  // the load uses the backend: it ends before the caller may drop it
    throw;
  }
  auto loaded = loading.get();
  if (!loaded.diagnostics.empty()) print_diagnostics(loaded.diagnostics, nullptr, io);
  if (!loaded.ok()) return std::nullopt;
  if (invalid.has_errors()) {
    print_diagnostics(invalid, config, io);
    return std::nullopt;
  }
  return std::move(loaded.value);
}

bool lock_state(state::Backend& backend, const Flags& flags, const std::string& op, Io& io) {
  if (flags.given("lock") && flags.value("lock") == "false") return true;
  long long timeout = 0;
  if (flags.given("lock-timeout")) {
    auto ms = parse_duration_ms(flags.value("lock-timeout"));
    if (!ms) {
      fail(io, "Invalid -lock-timeout value",
           "\"" + flags.value("lock-timeout") + "\" is not a duration, like 10s or 1m30s.");
      return false;
    }
    timeout = *ms;
  }
  // The lock names the operation the way Terraform's does (backendrun.OperationType's
  // String()), so either engine's "state is locked" message reads the same.
  std::string operation = op;
  if (op == "plan") operation = "OperationTypePlan";
  if (op == "apply" || op == "destroy") operation = "OperationTypeApply";
  if (op == "refresh") operation = "OperationTypeRefresh";
  auto d = backend.lock(operation, std::chrono::milliseconds(timeout));
  if (!d.empty()) print_diagnostics(d, nullptr, io);
  return !d.has_errors();
}

namespace {

Flags plan_flags() {
  Flags f;
  f.repeated("var").repeated("var-file").repeated("target").repeated("replace");
  f.text("out").text("refresh", "true").text("parallelism", "10").text("lock", "true");
  f.text("lock-timeout", "0s").text("state").text("state-out").text("backup");
  f.boolean("destroy").boolean("refresh-only").boolean("detailed-exitcode").boolean("json");
  f.boolean("no-color").boolean("input").boolean("auto-approve").boolean("compact-warnings");
  f.boolean("help").boolean("h");
  return f;
}

std::string plan_help(const std::string& cmd) {
  std::ostringstream s;
  s << "Usage: fgform [global options] " << cmd << " [options]" << (cmd == "apply" ? " [PLAN]" : "")
    << "\n\n";
  if (cmd == "plan") s << "  Generates a speculative execution plan, showing what actions fgform\n"
                          "  would take to apply the current configuration.\n";
  if (cmd == "apply") s << "  Creates or updates infrastructure according to the configuration.\n"
                           "  Given a saved plan (from plan -out=PLAN), applies exactly that plan,\n"
                           "  without asking, unless the state or configuration changed since.\n";
  if (cmd == "destroy") s << "  Destroys every object managed by this configuration.\n";
  if (cmd == "refresh") s << "  Updates the state to match remote systems (same as apply -refresh-only).\n";
  s << "\nOptions:\n\n"
       "  -auto-approve          Skip interactive approval (apply, destroy).\n"
       "  -destroy               Plan to destroy every object.\n"
       "  -refresh-only          Only update the state to match remote objects.\n"
       "  -refresh=false         Skip checking remote objects for changes.\n"
       "  -target=ADDRESS        Limit planning to this resource (repeatable).\n"
       "  -replace=ADDRESS       Force replacement of this instance (repeatable).\n"
       "  -var 'NAME=VALUE'      Set a root module input variable (repeatable).\n"
       "  -var-file=FILENAME     Load variable values from a file (repeatable).\n"
       "  -detailed-exitcode     plan: exit 0 with no changes, 1 on error, 2 with changes.\n"
       "  -out=path              plan: save the plan to a file for fgform apply / show.\n"
       "  -json                  Machine-readable UI stream, one JSON object per line\n"
       "                         (apply and destroy need -auto-approve or a saved plan).\n"
       "  -no-color              No terminal colours (NO_COLOR is honoured too).\n"
       "  -parallelism=n         At most n concurrent operations (default 10).\n"
       "  -lock=false            Do not lock the state (dangerous).\n"
       "  -lock-timeout=0s       How long to retry a held state lock.\n"
       "  -state=PATH            State file (default terraform.tfstate).\n";
  return s.str();
}

bool approve(Io& io, const std::string& question, const std::string& what) {
  io.out << "\n" << question << "\n  fgform will perform the actions described above.\n  "
         << "Only 'yes' will be accepted to " << what << ".\n\n  Enter a value: ";
  io.out.flush();
  std::string answer;
  if (!std::getline(io.in, answer)) answer.clear();
  io.out << "\n";
  return answer == "yes";
}

// Diagnostics, the summary line and the root outputs after an apply.
int finish_apply(const core::ApplyResult& applied, plan::PlanMode mode,
                 const config::Config* config, Io& io) {
  if (!applied.diagnostics.empty()) print_diagnostics(applied.diagnostics, config, io);
  render::ChangeSummary summary;
  summary.add = applied.done.add;
  summary.change = applied.done.change;
  summary.remove = applied.done.destroy;
  summary.import = applied.done.import;
  summary.operation =
      mode == plan::PlanMode::kDestroy ? render::Operation::kDestroy : render::Operation::kApply;
  if (applied.diagnostics.has_errors()) return 1;
  std::vector<render::OutputValue> outs;
  for (const auto& [name, v] : applied.outputs) outs.push_back({name, v, v.is_sensitive()});
  if (io.json) {
    render::JsonStream stream(kVersion);
    io.out << stream.change_summary(summary) << "\n";
    if (!outs.empty()) io.out << stream.outputs(outs) << "\n";
    return 0;
  }
  io.out << "\n" << render::apply_summary(summary, io.color);
  if (!outs.empty()) io.out << render::render_apply_outputs(outs, io.color);
  return 0;
}

bool in_automation() {
  const char* v = std::getenv("TF_IN_AUTOMATION");
  return v && *v;
}

// After a plan with changes: how to apply it (Terraform's PlanNextStep).
std::string plan_next_step(const std::string& out_path, const render::RenderOptions& ro) {
  if (ro.in_automation) return {};
  std::string text =
      out_path.empty()
          ? "Note: You didn't use the -out option to save this plan, so fgform can't guarantee "
            "to take exactly these actions if you run \"fgform apply\" now."
          : "Saved the plan to: " + out_path +
                "\n\nTo perform exactly these actions, run the following command to apply:\n"
                "    fgform apply " + render::go_quote(out_path);
  return render::horizontal_rule(ro) + "\n\n" + render::word_wrap(text, ro.columns) + "\n";
}

// Written next to the target and renamed over it, so a failed write leaves no half plan.
bool write_plan_to(const std::string& path, const core::SavedPlan& saved, Io& io) {
  auto bytes = core::write_plan_file(saved);
  if (!bytes.diagnostics.empty()) print_diagnostics(bytes.diagnostics, nullptr, io);
  if (!bytes.ok()) return false;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << bytes.value;
    f.flush();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      fail(io, "Failed to write plan file",
           "The plan file " + render::go_quote(path) + " could not be written.");
      return false;
    }
  }
  std::error_code ec;
  // A plan holds the values of sensitive variables and attributes: owner-only, like state.
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    fail(io, "Failed to write plan file", ec.message());
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

// `fgform apply FILE`: exactly the saved changes, with the saved variables and no prompt,
// refused when the configuration or the state moved on since the plan was made.
int apply_saved_plan(const std::string& path, const Flags& flags, Io& io) {
  for (const char* refused : {"destroy", "refresh-only", "target", "replace"}) {
    if (flags.given(refused)) {
      return fail(io, "Invalid combination of options",
                  std::string("The -") + refused +
                      " option cannot be used when applying a saved plan file; it was fixed "
                      "when the plan was made.");
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(io, "Failed to load \"" + path + "\" as a plan file",
                "Error: the file does not exist or cannot be read.");
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto saved = core::read_plan_file(bytes.str(), path);
  if (!saved.ok()) {
    print_diagnostics(saved.diagnostics, nullptr, io);
    return 1;
  }
  core::SavedPlan& sp = saved.value;
  auto cfg = config::load_config(".");
  if (cfg.diagnostics.has_errors()) {
    print_diagnostics(cfg.diagnostics, cfg.value.get(), io);
    return 1;
  }
  if (core::config_digest(*cfg.value) != sp.config_digest) {
    return fail(io, "Saved plan does not match the configuration",
                "The configuration files changed after the plan was created. A saved plan can "
                "be applied only to the same configuration it was created from.\n\nCreate a "
                "new plan from the updated configuration.");
  }
  // -var and -var-file may repeat the plan's values but not change them.
  bool var_flags = false;
  for (const auto& f : flags.ordered()) var_flags |= f.first == "var" || f.first == "var-file";
  if (var_flags) {
    Loaded l = load(".", flags, io);
    if (!l.ok) return 1;
    for (const auto& [name, v] : l.variables) {
      auto it = sp.planned.variables.find(name);
      if (it == sp.planned.variables.end() || it->second == v) continue;
      return fail(io, "Can't change variable when applying a saved plan",
                  "The variable " + name +
                      " cannot be set using the -var and -var-file options when applying a "
                      "saved plan file, because a saved plan includes the variable values that "
                      "were set when it was created.");
    }
  }
  Loaded l;
  l.variables = sp.planned.variables;
  core::Options o = engine_options(flags, l, io);
  o.mode = sp.planned.plan.mode;
  o.targets = sp.targets;
  o.replace = sp.replace;
  auto backend = open_state(flags, io, cfg.value.get());
  if (!backend) return 1;
  if (!lock_state(*backend, flags, "apply", io)) return 1;
  auto loaded = backend->load();
  if (!loaded.diagnostics.empty()) print_diagnostics(loaded.diagnostics, nullptr, io);
  if (!loaded.ok()) return 1;
  // Terraform's rule: a plan made from no state only checks the serial.
  const bool first_plan = sp.state_lineage.empty() && sp.state_serial == 0;
  if (!first_plan && loaded.value.lineage != sp.state_lineage) {
    return fail(io, "Saved plan does not match the given state",
                "The given plan file can not be applied because it was created from a "
                "different state lineage.");
  }
  if (loaded.value.serial != sp.state_serial) {
    return fail(io, "Saved plan is stale",
                "The given plan file can no longer be applied because the state was changed by "
                "another operation after the plan was created.");
  }
  if (sp.planned.plan.errored) {
    return fail(io, "Cannot apply incomplete plan",
                "fgform encountered an error when generating this plan, so it cannot be "
                "applied.");
  }
  // The state file keeps its lineage: the plan's prior state is the refreshed copy of it.
  if (!loaded.value.lineage.empty()) {
    sp.planned.prior_state.lineage = loaded.value.lineage;
    sp.planned.prior_state.serial = loaded.value.serial;
  }
  core::Engine engine(*cfg.value, o);
  core::ApplyResult applied = engine.apply(sp.planned, *backend);
  return finish_apply(applied, o.mode, cfg.value.get(), io);
}

int plan_like(const std::string& cmd, const std::vector<std::string>& args, Io& io) {
  Flags flags = plan_flags();
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n\n" << plan_help(cmd);
    return 1;
  }
  if (flags.flag("help") || flags.flag("h")) {
    io.out << plan_help(cmd);
    return 0;
  }
  if (flags.flag("no-color")) io.color = false;
  if (flags.flag("json")) {
    io.json = true;
    io.color = false;
    io.out << render::JsonStream(kVersion).version() << "\n";
    const bool saved_plan = cmd == "apply" && flags.positional().size() == 1;
    if ((cmd == "apply" || cmd == "destroy") && !saved_plan && !flags.flag("auto-approve")) {
      return fail(io, "Plan file or auto-approve required",
                  "fgform cannot ask for interactive approval when -json is set. You can either "
                  "apply a saved plan file, or enable the -auto-approve option.");
    }
  }
  if (!flags.positional().empty()) {
    if (cmd == "apply" && flags.positional().size() == 1)
      return apply_saved_plan(flags.positional()[0], flags, io);
    return fail(io, "Too many command line arguments",
                cmd == "apply" ? "Expected at most one positional argument: a saved plan file."
                               : "This command takes no positional arguments.");
  }
  if (cmd == "plan" && flags.given("out") && flags.value("out").empty()) {
    return fail(io, "Invalid value for -out", "The -out option needs a file name.");
  }
  const bool applying = cmd == "apply" || cmd == "destroy" || cmd == "refresh";
  Loaded l = load(".", flags, io);
  if (!l.ok) return 1;
  core::Options o = engine_options(flags, l, io);
  if (flags.flag("destroy") || cmd == "destroy") o.mode = plan::PlanMode::kDestroy;
  if (flags.flag("refresh-only") || cmd == "refresh") o.mode = plan::PlanMode::kRefreshOnly;
  auto backend = open_state(flags, io, l.config.get());
  if (!backend) return 1;
  if (!lock_state(*backend, flags, cmd, io)) return 1;
  core::Engine engine(*l.config, o);
  auto loaded = load_state_and_validate(*backend, engine, l.config.get(), io);
  if (!loaded) return 1;
  const std::string loaded_lineage = loaded->lineage;
  const std::uint64_t loaded_serial = loaded->serial;
  core::PlanResult planned = engine.plan(std::move(*loaded));
  if (!planned.diagnostics.empty()) print_diagnostics(planned.diagnostics, l.config.get(), io);
  if (planned.plan.errored || planned.diagnostics.has_errors()) return 1;
  render::RenderOptions ro;
  ro.color = io.color;
  ro.in_automation = in_automation();
  if (io.json) {
    render::JsonStream stream(kVersion);
    for (const auto& line : render::plan_stream_lines(planned.plan, stream)) io.out << line << "\n";
  } else if (cmd != "refresh") {
    io.out << render::render_plan(planned.plan, ro);
  }
  const bool empty = planned.plan.empty() &&
                     (o.mode != plan::PlanMode::kRefreshOnly || planned.plan.drift.empty());
  if (!applying) {
    const std::string out_path = flags.given("out") ? flags.value("out") : "";
    if (!out_path.empty()) {
      core::SavedPlan saved;
      saved.planned = planned;
      saved.fgform_version = kVersion;
      saved.config_digest = core::config_digest(*l.config);
      // Serial 0 is a state never written (a fresh lineage is invented on every load): record
      // it as "no state", which apply checks by serial alone, as Terraform does.
      saved.state_lineage = loaded_serial == 0 ? "" : loaded_lineage;
      saved.state_serial = loaded_serial;
      saved.targets = o.targets;
      saved.replace = o.replace;
      if (!write_plan_to(out_path, saved, io)) return 1;
    }
    if (!empty && !io.json) io.out << plan_next_step(out_path, ro);
    if (flags.flag("detailed-exitcode") && !empty) return 2;
    return 0;
  }
  if (!empty && !flags.flag("auto-approve") && cmd != "refresh") {
    std::string q = o.mode == plan::PlanMode::kDestroy
                        ? "Do you really want to destroy all resources?"
                        : "Do you want to perform these actions?";
    if (!approve(io, q, o.mode == plan::PlanMode::kDestroy ? "confirm" : "approve")) {
      io.err << "\nError: " << (o.mode == plan::PlanMode::kDestroy ? "Destroy" : "Apply")
             << " cancelled\n";
      return 1;
    }
  }
  core::ApplyResult applied = engine.apply(planned, *backend);
  return finish_apply(applied, o.mode, l.config.get(), io);
}

std::vector<render::OutputValue> state_outputs(const state::State& st) {
  std::vector<render::OutputValue> out;
  for (const auto& [name, ov] : st.outputs) {
    auto t = value::Type::from_json(ov.type);
    if (!t) continue;
    auto v = value::from_json(ov.value, *t);
    out.push_back({name, ov.sensitive ? v.value.marked_sensitive() : v.value, ov.sensitive});
  }
  return out;
}

int read_state(const Flags& flags, state::State& st, Io& io) {
  auto backend = open_state(flags, io);
  if (!backend) return 1;
  auto loaded = backend->load();
  if (!loaded.diagnostics.empty()) print_diagnostics(loaded.diagnostics, nullptr, io);
  if (!loaded.ok()) return 1;
  st = loaded.value;
  return 0;
}

int output_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.boolean("json").boolean("raw").boolean("no-color").text("state");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  state::State st;
  if (read_state(flags, st, io)) return 1;
  std::string name = flags.positional().empty() ? "" : flags.positional()[0];
  auto format = flags.flag("json")  ? render::OutputFormat::kJson
                : flags.flag("raw") ? render::OutputFormat::kRaw
                                    : render::OutputFormat::kHuman;
  auto r = render::render_output_command(state_outputs(st), name, format);
  io.out << r.text;
  if (!r.diagnostics.empty()) print_diagnostics(r.diagnostics, nullptr, io);
  return r.diagnostics.has_errors() ? 1 : 0;
}

// Terraform's human `show` of a state (jsonformat RenderHumanState): each object as a
// resource block with every attribute, sensitive ones hidden, then the root outputs.
std::string human_state(const state::State& st, bool color) {
  render::HumanOpts opts;
  opts.color = color;
  opts.show_unchanged_children = true;
  std::string out;
  bool first = true;
  for (const auto& a : st.instance_addresses()) {
    const state::InstanceObject* obj = st.find(a);
    const schema::Schema* s = core::schema_for(a.resource.mode, a.resource.type);
    if (!first) out += "\n";
    first = false;
    out += "# " + a.to_string() + (obj->status == state::ObjectStatus::kTainted ? ": (tainted)" : ":") +
           "\n";
    const bool data = a.resource.mode == state::ResourceMode::kData;
    const std::string head = std::string(data ? "data " : "resource ") +
                             render::go_quote(a.resource.type) + " " +
                             render::go_quote(a.resource.name) + " ";
    auto v = s ? value::from_json(obj->attributes.tree(), s->block.implied_type(),
                                  {.ignore_undefined_attributes = true})
               : value::Decoded<Value>{};
    if (!s || !v.ok()) {
      out += head + obj->attributes.dump(4) + "\n";
      continue;
    }
    Value marked = render::mark_schema_sensitive(
        value::mark_paths(v.value, state::sensitive_paths(*obj)), s->block);
    render::StructuredChange change;
    change.before_explicit = change.after_explicit = true;
    change.before = change.after = *render::value_json(marked.without_marks());
    change.unknown = false;
    change.before_sensitive = change.after_sensitive = render::sensitive_mask(marked);
    // non_legacy stays false: compute_block_diff decides it from the schema, as Terraform does
    // (a schema without 0.12 features prints "" as null).
    render::HumanOpts block_opts = opts;
    block_opts.hide_diff_action_symbols = true;
    out += head + render::render_diff(render::compute_block_diff(change, s->block), 0, block_opts) +
           "\n";
  }
  if (!st.outputs.empty()) {
    out += "\n\nOutputs:\n\n";
    for (const auto& o : state_outputs(st)) {
      render::StructuredChange change;
      change.before_explicit = change.after_explicit = true;
      auto j = render::value_json(o.value.without_marks());
      change.before = change.after = j ? *j : render::Json();
      change.unknown = false;
      change.before_sensitive = change.after_sensitive = o.sensitive ? render::Json(true)
                                                                     : render::Json(false);
      out += o.name + " = " + render::render_diff(render::compute_output_diff(change), 0, opts) +
             "\n";
    }
  }
  return out;
}

int show_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.boolean("json").boolean("no-color").text("state");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  if (flags.flag("no-color")) io.color = false;
  if (flags.positional().size() > 1) {
    return fail(io, "Too many command line arguments",
                "Expected at most one positional argument: a saved plan file.");
  }
  if (flags.positional().size() == 1) {
    const std::string& path = flags.positional()[0];
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return fail(io, "Failed to read the given file as a state or plan file",
                  "The file " + render::go_quote(path) + " does not exist or cannot be read.");
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto saved = core::read_plan_file(bytes.str(), path);
    if (!saved.ok()) {
      print_diagnostics(saved.diagnostics, nullptr, io);
      return 1;
    }
    if (flags.flag("json")) {
      io.out << render::plan_to_json(saved.value.planned.plan).dump() << "\n";
    } else {
      render::RenderOptions ro;
      ro.color = io.color;
      ro.in_automation = in_automation();
      io.out << render::render_plan(saved.value.planned.plan, ro);
    }
    return 0;
  }
  state::State st;
  if (read_state(flags, st, io)) return 1;
  if (flags.flag("json")) {
    auto j = state::state_to_json_text(st, core::schema_for);
    io.out << j.value << "\n";
    return j.ok() ? 0 : 1;
  }
  if (st.empty()) {
    io.out << "No state.\n";
    return 0;
  }
  io.out << human_state(st, io.color);
  return 0;
}

int state_command(const std::vector<std::string>& args, Io& io) {
  if (args.empty()) {
    io.out << "Usage: fgform state <subcommand> [options] [args]\n\n"
              "Subcommands:\n    list    List resources in the state\n"
              "    mv      Move an item in the state\n    pull    Print the state\n"
              "    push    Replace the state with a local file\n"
              "    rm      Remove instances from the state\n"
              "    show    Show a resource in the state\n";
    return 0;
  }
  std::string sub = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  Flags flags;
  flags.text("state").text("lock", "true").text("lock-timeout", "0s").boolean("dry-run");
  flags.text("backup").text("state-out").boolean("force").text("id");
  // Terraform takes -no-color on every command, the state subcommands included.
  flags.boolean("no-color");
  if (auto e = flags.parse(rest)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  if (flags.flag("no-color")) io.color = false;
  const auto& pos = flags.positional();
  if (sub == "list" || sub == "show" || sub == "pull") {
    state::State st;
    if (read_state(flags, st, io)) return 1;
    if (sub == "pull") {
      io.out << state::write_state(st);
      return 0;
    }
    for (const auto& a : st.instance_addresses()) {
      std::string s = a.to_string();
      bool match = pos.empty();
      for (const auto& p : pos) match = match || s == p || s.starts_with(p + "[") || s.starts_with(p + ".");
      if (!match) continue;
      if (sub == "list") {
        io.out << s << "\n";
      } else {
        io.out << "# " << s << ":\n" << st.find(a)->attributes.dump(2) << "\n";
      }
    }
    return 0;
  }
  if (sub == "rm" || sub == "mv" || sub == "push") {
    auto backend = open_state(flags, io);
    if (!backend) return 1;
    if (!lock_state(*backend, flags, "state " + sub, io)) return 1;
    auto loaded = backend->load();
    if (!loaded.diagnostics.empty()) print_diagnostics(loaded.diagnostics, nullptr, io);
    if (!loaded.ok()) return 1;
    state::State st = loaded.value;
    Diagnostics d;
    if (sub == "push") {
      if (pos.size() != 1) {
        io.err << "Error: Exactly one argument expected: the path of a state file.\n";
        return 1;
      }
      auto pushed = state::read_state_file(pos[0]);
      if (!pushed.ok()) {
        print_diagnostics(pushed.diagnostics, nullptr, io);
        return 1;
      }
      if (!flags.flag("force") && !st.lineage.empty() && pushed.value.lineage != st.lineage &&
          !st.empty()) {
        io.err << "Error: Failed to write state: cannot import state with lineage \""
               << pushed.value.lineage << "\" over unrelated state with lineage \"" << st.lineage
               << "\" (use -force to override)\n";
        return 1;
      }
      st = pushed.value;
    } else if (sub == "rm") {
      if (pos.empty()) {
        io.err << "Error: At least one address is required.\n";
        return 1;
      }
      int removed = 0;
      for (const auto& p : pos) {
        for (const auto& a : st.instance_addresses()) {
          std::string s = a.to_string();
          if (s == p || s.starts_with(p + "[")) {
            st.remove(a);
            ++removed;
            io.out << "Removed " << s << "\n";
          }
        }
      }
      if (removed == 0) {
        io.err << "Error: Invalid target address\n\nNo matching objects found.\n";
        return 1;
      }
      io.out << "Successfully removed " << removed << " resource instance(s).\n";
    } else {
      if (pos.size() != 2) {
        io.err << "Error: Exactly two arguments expected: SOURCE DESTINATION.\n";
        return 1;
      }
      auto from = state::parse_abs_resource_instance(pos[0]);
      auto to = state::parse_abs_resource_instance(pos[1]);
      d.append(from.diagnostics);
      d.append(to.diagnostics);
      if (!d.has_errors()) {
        if (st.find(from.value)) {
          d.append(st.move(from.value, to.value));
        } else {
          d.append(st.move_resource(from.value.containing(), to.value.containing()));
        }
      }
      if (!d.has_errors()) io.out << "Move \"" << pos[0] << "\" to \"" << pos[1] << "\"\nSuccessfully moved 1 object(s).\n";
    }
    if (!d.has_errors() && !flags.flag("dry-run")) d.append(backend->write(st));
    if (!d.empty()) print_diagnostics(d, nullptr, io);
    return d.has_errors() ? 1 : 0;
  }
  io.err << "Error: unknown state subcommand \"" << sub << "\"\n";
  return 1;
}

int import_command(const std::vector<std::string>& args, Io& io) {
  Flags flags = plan_flags();
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  if (flags.positional().size() != 2) {
    io.err << "Error: The import command expects two arguments: ADDR ID.\n\n"
              "Usage: fgform [global options] import [options] ADDR ID\n";
    return 1;
  }
  Loaded l = load(".", flags, io);
  if (!l.ok) return 1;
  core::Options o = engine_options(flags, l, io);
  auto backend = open_state(flags, io, l.config.get());
  if (!backend) return 1;
  if (!lock_state(*backend, flags, "import", io)) return 1;
  auto loaded = backend->load();
  if (!loaded.ok()) {
    print_diagnostics(loaded.diagnostics, nullptr, io);
    return 1;
  }
  state::State st = loaded.value;
  const std::string& addr = flags.positional()[0];
  io.out << render::import_state_line(addr, flags.positional()[1], io.color) << "\n";
  core::Engine engine(*l.config, o);
  auto d = engine.import(st, addr, flags.positional()[1]);
  if (!d.has_errors()) d.append(backend->write(st));
  if (!d.empty()) print_diagnostics(d, l.config.get(), io);
  if (d.has_errors()) return 1;
  io.out << "\nImport successful!\n\nThe resources that were imported are shown above. These "
            "resources are now in\nyour fgform state and will henceforth be managed by fgform.\n";
  return 0;
}

int validate_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.boolean("json").boolean("no-color");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  auto cfg = config::load_config(".");
  Diagnostics d = cfg.diagnostics;
  if (!d.has_errors()) d.append(check_required_providers(*cfg.value, kVersion));
  if (!d.has_errors()) {
    core::Options o;
    core::Engine engine(*cfg.value, o);
    d.append(engine.validate());
  }
  // Missing root variables are not a validation error (Terraform validates without them).
  Diagnostics kept;
  for (const auto& diag : d)
    if (diag.summary != "No value for required variable") kept.add(diag);
  if (flags.flag("json")) {
    nlohmann::json j{{"format_version", "1.0"}, {"valid", !kept.has_errors()},
                     {"error_count", 0}, {"warning_count", 0}, {"diagnostics", nlohmann::json::array()}};
    int errors = 0, warnings = 0;
    for (const auto& diag : kept) {
      (diag.severity == value::Severity::kError ? errors : warnings)++;
      j["diagnostics"].push_back({{"severity", diag.severity == value::Severity::kError ? "error" : "warning"},
                                  {"summary", diag.summary}, {"detail", diag.detail}});
    }
    j["error_count"] = errors;
    j["warning_count"] = warnings;
    io.out << j.dump(2) << "\n";
    return kept.has_errors() ? 1 : 0;
  }
  if (!kept.empty()) print_diagnostics(kept, cfg.value.get(), io);
  if (kept.has_errors()) return 1;
  io.out << "Success! The configuration is valid.\n";
  return 0;
}

const char* kInitHelp =
    "Usage: fgform [global options] init [options]\n\n"
    "  Prepares the working directory: checks the configuration, the provider (built in)\n"
    "  and the backend. With backend \"pg\" it connects to PostgreSQL and creates the\n"
    "  schema and table Terraform uses, unless the skip_* settings say not to.\n\n"
    "Options:\n\n"
    "  -migrate-state     Copy the local state (terraform.tfstate and every workspace\n"
    "                     under terraform.tfstate.d) into the configured pg backend, then\n"
    "                     empty the local files (kept as .backup).\n"
    "  -force-copy        With -migrate-state: replace a non-empty remote state.\n"
    "  -reconfigure       Use the configured backend and ignore local state.\n"
    "  -lock=false        Don't hold state locks while migrating.\n"
    "  -lock-timeout=0s   Duration to retry a state lock.\n";

int init_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.boolean("input").boolean("no-color").boolean("upgrade").boolean("reconfigure");
  flags.boolean("migrate-state").boolean("force-copy").repeated("backend-config");
  flags.text("backend", "true").text("lock", "true").text("lock-timeout", "0s");
  flags.boolean("help").boolean("h");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  if (flags.flag("help") || flags.flag("h")) {
    io.out << kInitHelp;
    return 0;
  }
  if (flags.flag("no-color")) io.color = false;
  auto cfg = config::load_config(".");
  if (cfg.diagnostics.has_errors()) {
    print_diagnostics(cfg.diagnostics, cfg.value.get(), io);
    return 1;
  }
  auto bc = backend_config(*cfg.value);
  if (bc.diagnostics.has_errors()) {
    print_diagnostics(bc.diagnostics, cfg.value.get(), io);
    return 1;
  }
  if (!flags.values("backend-config").empty()) {
    return fail(io, "Unsupported option -backend-config",
                "fgform reads the backend settings from the backend block and the environment "
                "(PG_CONN_STR, PG_SCHEMA_NAME, ...) on every command and keeps no partial "
                "configuration; put the settings there.");
  }
  if (auto d = check_required_providers(*cfg.value, kVersion); d.has_errors()) {
    print_diagnostics(d, cfg.value.get(), io);
    return 1;
  }
  io.out << "\nInitializing the backend...\n";
  if (bc.value.type == "pg" && flags.value("backend") != "false") {
    auto ws = selected_workspace();
    if (ws.diagnostics.has_errors()) {
      print_diagnostics(ws.diagnostics, nullptr, io);
      return 1;
    }
    // Connects, and creates the schema and table as Terraform's init does.
    auto opened = open_backend(bc.value, ws.value.name, nullptr);
    if (!opened.diagnostics.empty()) print_diagnostics(opened.diagnostics, cfg.value.get(), io);
    if (!opened.value) return 1;
    opened.value.reset();
    long long timeout = 0;
    if (flags.given("lock-timeout")) {
      auto ms = parse_duration_ms(flags.value("lock-timeout"));
      if (!ms) {
        return fail(io, "Invalid -lock-timeout value",
                    "\"" + flags.value("lock-timeout") + "\" is not a duration, like 10s.");
      }
      timeout = *ms;
    }
    if (flags.flag("migrate-state") || flags.flag("force-copy")) {
      if (int rc = migrate_local_state(bc.value, flags.flag("force-copy"), timeout, io)) return rc;
    } else if (!flags.flag("reconfigure")) {
      // Local state left behind would be silently ignored from now on: say so, as
      // Terraform asks whether to copy it.
      BackendConfig local;
      auto probe = open_backend(local, state::kDefaultWorkspace, nullptr);
      auto names = probe.value->workspaces();
      for (const auto& name : names.value) {
        auto b = open_backend(local, name, nullptr);
        auto loaded = b.value->load();
        if (loaded.ok() && !loaded.value.empty()) {
          return fail(io, "Local state found",
                      "Workspace \"" + name + "\" has state in the local backend (" +
                          b.value->describe() +
                          "), and this configuration now keeps state in the pg backend. Run "
                          "\"fgform init -migrate-state\" to copy the local states there, or "
                          "\"fgform init -reconfigure\" to leave them behind.");
        }
      }
    }
    io.out << "\nSuccessfully configured the backend \"pg\"! fgform will automatically\n"
              "use this backend unless the backend configuration changes.\n";
  }
  io.out << "\nInitializing provider plugins...\n"
            "- fgform/functiongraph is built into fgform " << kVersion
         << "\n\nfgform has been successfully initialized!\n";
  return 0;
}

int graph_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.text("type", "plan").boolean("draw-cycles").text("plan");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  auto cfg = config::load_config(".");
  if (cfg.diagnostics.has_errors()) {
    print_diagnostics(cfg.diagnostics, cfg.value.get(), io);
    return 1;
  }
  core::Engine engine(*cfg.value, core::Options{});
  io.out << engine.graph_dot();
  return 0;
}

int force_unlock_command(const std::vector<std::string>& args, Io& io) {
  Flags flags;
  flags.boolean("force").text("state");
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n";
    return 1;
  }
  if (flags.positional().size() != 1) {
    io.err << "Error: Expected a single argument: LOCK_ID\n";
    return 1;
  }
  auto bc = backend_config_in(".");
  auto ws = selected_workspace();
  Diagnostics d = bc.diagnostics;
  d.append(ws.diagnostics);
  if (!d.has_errors() && bc.value.type == "pg") {
    d.add(value::Diagnostic::error(
        "Failed to unlock state",
        "The pg backend's lock is a PostgreSQL session lock: it is released when the session "
        "that holds it ends (a killed fgform or terraform releases it at once), and no other "
        "session can release it. If a session is stuck, end it on the server with "
        "pg_terminate_backend(pid); the lock error names the holder's server process."));
  }
  if (!d.has_errors()) {
    std::string path = flags.value("state");
    if (path.empty()) {
      path = ws.value.name == state::kDefaultWorkspace && !bc.value.path.empty()
                 ? bc.value.path
                 : state::LocalBackendOptions::workspace_state_path(ws.value.name,
                                                                    bc.value.workspace_dir);
    }
    d.append(state::force_unlock(path, flags.positional()[0]));
  }
  if (!d.empty()) print_diagnostics(d, nullptr, io);
  if (d.has_errors()) return 1;
  io.out << "fgform state has been successfully unlocked!\n";
  return 0;
}

}  // namespace

std::string main_help() {
  return "Usage: fgform [global options] <subcommand> [args]\n\n"
         "fgform plans and applies Terraform configurations for Huawei Cloud FunctionGraph,\n"
         "keeping Terraform-format state, with no Terraform installed.\n\n"
         "Main commands:\n"
         "  init          Prepare your working directory for other commands\n"
         "  validate      Check whether the configuration is valid\n"
         "  plan          Show changes required by the current configuration\n"
         "  apply         Create or update infrastructure\n"
         "  destroy       Destroy previously-created infrastructure\n"
         "  drift         Report what changed outside fgform since the last apply\n\n"
         "All other commands:\n"
         "  fmt           Reformat your configuration in the standard style\n"
         "  force-unlock  Release a stuck lock on the current workspace\n"
         "  graph         Generate a Graphviz graph of the steps in an operation\n"
         "  import        Associate existing infrastructure with a resource\n"
         "  output        Show output values from your root module\n"
         "  refresh       Update the state to match remote systems\n"
         "  show          Show the current state\n"
         "  state         Advanced state management\n"
         "  version       Show the current fgform version\n"
         "  workspace     Workspace management\n\n"
         "Global options (use these before the subcommand, if any):\n"
         "  -chdir=DIR    Switch to a different working directory before executing the\n"
         "                given subcommand.\n"
         "  -help         Show this help output, or the help for a specified subcommand.\n"
         "  -version      An alias for the \"version\" subcommand.\n";
}

int run_command(const std::string& name, const std::vector<std::string>& args, Io& io) {
  if (name == "plan" || name == "apply" || name == "destroy" || name == "refresh")
    return plan_like(name, args, io);
  if (name == "drift") return drift_command(args, io);
  if (name == "output") return output_command(args, io);
  if (name == "show") return show_command(args, io);
  if (name == "state") return state_command(args, io);
  if (name == "import") return import_command(args, io);
  if (name == "validate") return validate_command(args, io);
  if (name == "init") return init_command(args, io);
  if (name == "graph") return graph_command(args, io);
  if (name == "force-unlock") return force_unlock_command(args, io);
  if (name == "workspace") return workspace_command(args, io);
  if (name == "fmt") return fmt::run_fmt(args, io.in, io.out, io.err);
  if (name == "version") {
    io.out << "fgform v" << kVersion << "\non " << kPlatform << "\n+ provider fgform/functiongraph v"
           << kVersion << " (built in)\n";
    return 0;
  }
  io.err << "fgform has no command named \"" << name << "\".\n\n" << main_help();
  return 1;
}

}  // namespace fgform::cli
