#include "cli/drift_command.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/command_support.h"
#include "drift/analyze.h"
#include "drift/render_report.h"
#include "fgform_version.h"

namespace fgform::cli {

namespace {

namespace fs = std::filesystem;
using value::Diagnostics;

constexpr const char* kIgnoreFile = ".fgformignore";

Flags drift_flags() {
  Flags f;
  f.repeated("var").repeated("var-file").repeated("target").repeated("ignore").repeated("report");
  f.text("format", "human").text("ignore-file").text("parallelism", "10").text("lock", "true");
  f.text("lock-timeout", "0s").text("state").text("state-out").text("backup");
  f.boolean("json").boolean("update-state").boolean("no-color").boolean("input");
  f.boolean("help").boolean("h");
  return f;
}

std::optional<drift::Format> parse_format(const std::string& name) {
  if (name == "human" || name == "text") return drift::Format::kHuman;
  if (name == "json") return drift::Format::kJson;
  if (name == "markdown" || name == "md") return drift::Format::kMarkdown;
  if (name == "junit" || name == "xml") return drift::Format::kJunit;
  return std::nullopt;
}

struct ReportFile {
  drift::Format format;
  std::string path;
};

// Reads the site rules: -ignore flags, then -ignore-file (or .fgformignore when present).
bool read_rules(const Flags& flags, drift::IgnoreRules& rules, Io& io) {
  Diagnostics d;
  for (const auto& r : flags.values("ignore")) d.append(rules.add(r, "-ignore"));
  std::string file = flags.value("ignore-file");
  const bool explicit_file = flags.given("ignore-file");
  if (!explicit_file) file = fs::exists(kIgnoreFile) ? kIgnoreFile : "";
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      d.add(value::Diagnostic::error("Cannot read the ignore file",
                                     "\"" + file + "\" could not be opened."));
    } else {
      std::ostringstream text;
      text << in.rdbuf();
      d.append(rules.add_file(text.str(), file));
    }
  }
  if (!d.empty()) print_diagnostics(d, nullptr, io);
  return !d.has_errors();
}

bool write_file(const std::string& path, const std::string& text, Io& io) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    fail(io, "Cannot write the drift report", "\"" + path + "\" could not be written.");
    return false;
  }
  return true;
}

}  // namespace

std::string drift_help() {
  return "Usage: fgform [global options] drift [options]\n\n"
         "  Checks whether the infrastructure still matches what was last applied: refreshes\n"
         "  every resource, then reports each difference between the last-applied state, the\n"
         "  live object and the configuration, attribute by attribute. Each finding is one of\n\n"
         "    changed         changed outside fgform (drift)\n"
         "    deleted         deleted outside fgform (drift)\n"
         "    config_changed  the configuration changed since the last apply (not drift)\n\n"
         "  Computed-only attributes (ids, timestamps) are never drift; the code digest is.\n"
         "  lifecycle.ignore_changes is honoured. The state is not written unless\n"
         "  -update-state is given.\n\n"
         "Exit codes: 0 no drift, 2 drift detected, 1 error.\n\n"
         "Options:\n\n"
         "  -format=FORMAT         human (default), json, markdown or junit.\n"
         "  -json                  The same as -format=json.\n"
         "  -report=FORMAT=PATH    Also write the report in FORMAT to PATH (repeatable), e.g.\n"
         "                         -report=junit=drift.xml -report=markdown=drift.md.\n"
         "  -ignore=ADDR[.ATTR]    Do not report this difference (repeatable). `*` matches any\n"
         "                         characters; an address without [key] covers every instance:\n"
         "                         -ignore=functiongraph_function.api.description, "
         "-ignore='*.tags'.\n"
         "  -ignore-file=PATH      Rules, one per line, # comments (default: .fgformignore in\n"
         "                         the working directory, when present).\n"
         "  -update-state          Write the refreshed state (as apply -refresh-only would).\n"
         "  -target=ADDRESS        Check only this resource (repeatable).\n"
         "  -var 'NAME=VALUE'      Set a root module input variable (repeatable).\n"
         "  -var-file=FILENAME     Load variable values from a file (repeatable).\n"
         "  -parallelism=n         At most n concurrent operations (default 10).\n"
         "  -lock=false            Do not lock the state.\n"
         "  -lock-timeout=0s       How long to retry a held state lock.\n"
         "  -state=PATH            State file (default terraform.tfstate).\n"
         "  -no-color              No terminal colours (NO_COLOR is honoured too).\n";
}

int drift_command(const std::vector<std::string>& args, Io& io) {
  Flags flags = drift_flags();
  if (auto e = flags.parse(args)) {
    io.err << "Error: " << *e << "\n\n" << drift_help();
    return 1;
  }
  if (flags.flag("help") || flags.flag("h")) {
    io.out << drift_help();
    return 0;
  }
  if (flags.flag("no-color")) io.color = false;
  if (!flags.positional().empty())
    return fail(io, "Too many command line arguments", "drift takes no positional arguments.");
  auto format = parse_format(flags.flag("json") ? "json" : flags.value("format"));
  if (!format) {
    return fail(io, "Invalid value for -format",
                "\"" + flags.value("format") +
                    "\" is not a report format: use human, json, "
                    "markdown or junit.");
  }
  std::vector<ReportFile> files;
  for (const auto& r : flags.values("report")) {
    auto eq = r.find('=');
    auto f = eq == std::string::npos ? std::nullopt : parse_format(r.substr(0, eq));
    if (!f || eq + 1 >= r.size()) {
      return fail(io, "Invalid value for -report",
                  "\"" + r +
                      "\" is not FORMAT=PATH, such as junit=drift.xml (formats: human, "
                      "json, markdown, junit).");
    }
    files.push_back({*f, r.substr(eq + 1)});
  }
  drift::IgnoreRules rules;
  if (!read_rules(flags, rules, io)) return 1;

  Loaded l = load(".", flags, io);
  if (!l.ok) return 1;
  core::Options o = engine_options(flags, l, io);
  o.mode = plan::PlanMode::kNormal;
  o.refresh = true;
  o.on_event = nullptr;  // stdout carries the report alone
  auto backend = open_state(flags, io, l.config.get());
  if (!backend) return 1;
  if (!lock_state(*backend, flags, flags.flag("update-state") ? "refresh" : "plan", io)) return 1;
  core::Engine engine(*l.config, o);
  auto prior = load_state_and_validate(*backend, engine, l.config.get(), io);
  if (!prior) return 1;
  core::PlanResult planned = engine.plan(*prior);
  if (!planned.diagnostics.empty()) print_diagnostics(planned.diagnostics, l.config.get(), io);
  if (planned.plan.errored || planned.diagnostics.has_errors()) return 1;

  drift::Report report = drift::analyze({*prior, planned.plan, l.config.get(), &rules});
  drift::RenderContext context;
  context.fgform_version = kVersion;
  context.workspace = o.workspace;
  context.color = io.color && *format == drift::Format::kHuman;
  io.out << drift::render(report, *format, context);
  io.out.flush();
  context.color = false;
  for (const auto& f : files) {
    if (!write_file(f.path, drift::render(report, f.format, context), io)) return 1;
  }
  if (flags.flag("update-state")) {
    state::State refreshed = planned.prior_state;
    if (auto d = backend->write(refreshed); !d.empty()) {
      print_diagnostics(d, nullptr, io);
      if (d.has_errors()) return 1;
    }
  }
  return report.drifted() ? 2 : 0;
}

}  // namespace fgform::cli
