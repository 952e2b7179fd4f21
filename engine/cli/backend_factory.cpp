#include "cli/backend_factory.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hcl/body.h"
#include "hcl/eval_context.h"
#include "state/local_backend.h"

namespace fgform::cli {
namespace {

using value::Diagnostic;
using value::Diagnostics;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Go's strconv.ParseBool, which Terraform's backend defaults use for environment variables.
std::optional<bool> parse_bool(const std::string& s) {
  if (s == "1" || s == "t" || s == "T" || s == "true" || s == "TRUE" || s == "True") return true;
  if (s == "0" || s == "f" || s == "F" || s == "false" || s == "FALSE" || s == "False")
    return false;
  return std::nullopt;
}

// A backend argument: a constant (backend blocks cannot refer to anything), null when absent.
std::optional<value::Value> argument(const hcl::BodyContent& content, const std::string& name,
                                     Diagnostics& d) {
  const hcl::Attribute* attr = content.attribute(name);
  if (!attr) return std::nullopt;
  if (!attr->expr->variables().empty()) {
    d.add(Diagnostic::error("Variables not allowed",
                            "Variables may not be used here: a backend configuration is read "
                            "before anything is evaluated.")
              .at(attr->expr->range()));
    return std::nullopt;
  }
  hcl::EvalContext empty;
  auto r = attr->expr->evaluate(empty);
  d.append(r.diagnostics);
  if (!r.ok() || r.value.is_null()) return std::nullopt;
  return r.value;
}

void string_setting(const hcl::BodyContent& content, const std::string& name, std::string& out,
                    Diagnostics& d) {
  auto v = argument(content, name, d);
  if (!v) return;
  if (v->type() == value::Type::string()) {
    out = v->as_string();
    return;
  }
  d.add(Diagnostic::error("Invalid backend configuration",
                          "The argument \"" + name + "\" must be a string.")
            .at(content.attribute(name)->expr->range()));
}

void bool_setting(const hcl::BodyContent& content, const std::string& name, const char* env_var,
                  bool& out, Diagnostics& d) {
  if (auto v = argument(content, name, d)) {
    if (v->type() == value::Type::boolean()) {
      out = v->as_bool();
      return;
    }
    if (v->type() == value::Type::string()) {
      if (auto b = parse_bool(v->as_string())) {
        out = *b;
        return;
      }
    }
    d.add(Diagnostic::error("Invalid backend configuration",
                            "The argument \"" + name + "\" must be a bool.")
              .at(content.attribute(name)->expr->range()));
    return;
  }
  const std::string e = env(env_var);
  if (e.empty()) return;
  if (auto b = parse_bool(e)) {
    out = *b;
  } else {
    d.add(Diagnostic::error(
        "Invalid backend configuration",
        std::string("The environment variable ") + env_var + "=\"" + e + "\" is not a bool."));
  }
}

}  // namespace

value::Decoded<BackendConfig> backend_config(const config::Config& config) {
  value::Decoded<BackendConfig> out;
  const auto& m = config.module;
  if (!m.backend) return out;
  BackendConfig& c = out.value;
  c.type = *m.backend;
  hcl::BodySchema schema;
  if (c.type == "local") {
    schema.attributes = {{"path"}, {"workspace_dir"}};
  } else if (c.type == "pg") {
    schema.attributes = {{"conn_str"},
                         {"schema_name"},
                         {"skip_schema_creation"},
                         {"skip_table_creation"},
                         {"skip_index_creation"}};
  } else {
    out.diagnostics.add(Diagnostic::error(
        "Unsupported backend type", "This configuration uses the \"" + c.type +
                                        "\" backend. fgform supports the local and pg backends."));
    return out;
  }
  if (!m.backend_config) return out;
  auto content = m.backend_config->content(schema);
  out.diagnostics.append(content.diagnostics);
  if (content.diagnostics.has_errors()) return out;
  if (c.type == "local") {
    string_setting(content.value, "path", c.path, out.diagnostics);
    string_setting(content.value, "workspace_dir", c.workspace_dir, out.diagnostics);
    if (c.workspace_dir.empty()) c.workspace_dir = "terraform.tfstate.d";
    return out;
  }
  // pg: Terraform's SDK-like defaults: the argument, else its environment variable.
  state::PgBackendOptions& pg = c.pg;
  string_setting(content.value, "conn_str", pg.conn_str, out.diagnostics);
  if (pg.conn_str.empty()) pg.conn_str = env("PG_CONN_STR");
  std::string schema_name;
  string_setting(content.value, "schema_name", schema_name, out.diagnostics);
  if (schema_name.empty()) schema_name = env("PG_SCHEMA_NAME");
  if (!schema_name.empty()) pg.schema_name = schema_name;
  bool_setting(content.value, "skip_schema_creation", "PG_SKIP_SCHEMA_CREATION",
               pg.skip_schema_creation, out.diagnostics);
  bool_setting(content.value, "skip_table_creation", "PG_SKIP_TABLE_CREATION",
               pg.skip_table_creation, out.diagnostics);
  bool_setting(content.value, "skip_index_creation", "PG_SKIP_INDEX_CREATION",
               pg.skip_index_creation, out.diagnostics);
  return out;
}

value::Decoded<BackendConfig> backend_config_in(const std::string& dir) {
  auto cfg = config::load_config(dir);
  if (!cfg.value) return {};
  bool any_file = false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    any_file |= name.ends_with(".tf") || name.ends_with(".tf.json");
  }
  if (!any_file) return {};
  return backend_config(*cfg.value);
}

bool valid_workspace_name(const std::string& name) {
  if (name.empty()) return false;
  // Go's url.PathEscape leaves exactly these unescaped.
  for (unsigned char c : name) {
    const bool ok = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '$' ||
                    c == '&' || c == '+' || c == ':' || c == '=' || c == '@' || c == '!' ||
                    c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' || c == ';';
    if (!ok) return false;
  }
  return true;
}

std::string data_dir() {
  const std::string d = env("TF_DATA_DIR");
  return d.empty() ? ".terraform" : d;
}

value::Decoded<SelectedWorkspace> selected_workspace(bool allow_invalid) {
  value::Decoded<SelectedWorkspace> out;
  if (const std::string e = env("TF_WORKSPACE"); !e.empty()) {
    out.value.overridden = true;
    if (!valid_workspace_name(e)) {
      out.diagnostics.add(Diagnostic::error("Invalid workspace name",
                                            "Invalid workspace name set using TF_WORKSPACE"));
      return out;
    }
    out.value.name = e;
    return out;
  }
  const std::string file = data_dir() + "/environment";
  std::ifstream in(file);
  std::stringstream buf;
  if (in) buf << in.rdbuf();
  std::string name = buf.str();
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
  if (name.empty()) return out;
  if (!allow_invalid && !valid_workspace_name(name)) {
    out.diagnostics.add(Diagnostic::error(
        "Invalid workspace name",
        "The selected workspace described in \"" + file +
            "\" has an invalid name. This suggests that the file contents were edited by "
            "something other than fgform. To select a different, valid workspace name use "
            "commands `fgform workspace select` or `fgform workspace select -or-create`."));
    return out;
  }
  out.value.name = name;
  return out;
}

value::Diagnostics select_workspace(const std::string& name) {
  Diagnostics d;
  std::error_code ec;
  std::filesystem::create_directories(data_dir(), ec);
  std::ofstream out(data_dir() + "/environment", std::ios::trunc);
  out << name;
  out.close();
  if (ec || !out) {
    d.add(Diagnostic::error("Error selecting workspace",
                            "Cannot write " + data_dir() + "/environment."));
  }
  return d;
}

value::Decoded<std::unique_ptr<state::Backend>> open_backend(const BackendConfig& config,
                                                             const std::string& workspace,
                                                             const Flags* flags) {
  value::Decoded<std::unique_ptr<state::Backend>> out;
  auto given = [&](const char* name) {
    return flags && flags->given(name) && !flags->value(name).empty();
  };
  if (config.type == "pg") {
    if (given("state") || given("state-out") || given("backup")) {
      out.diagnostics.add(Diagnostic::error(
          "Unsupported option for the pg backend",
          "The -state, -state-out and -backup options apply to the local backend only; this "
          "configuration keeps its state in PostgreSQL (backend \"pg\")."));
      return out;
    }
    state::PgBackendOptions o = config.pg;
    o.workspace = workspace;
    auto opened = state::PgBackend::open(o);
    out.diagnostics = std::move(opened.diagnostics);
    out.value = std::move(opened.value);
    return out;
  }
  state::LocalBackendOptions o;
  o.workspace = workspace;
  o.workspace_dir = config.workspace_dir;
  const bool is_default = workspace == state::kDefaultWorkspace;
  o.state_path =
      is_default && !config.path.empty()
          ? config.path
          : state::LocalBackendOptions::workspace_state_path(workspace, config.workspace_dir);
  if (given("state")) o.state_path = flags->value("state");
  if (flags && flags->given("state-out")) o.state_out_path = flags->value("state-out");
  if (flags && flags->given("backup")) o.backup_path = flags->value("backup");
  if (!is_default) {
    // As Terraform's local StateMgr: the workspace's directory exists once it is used.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(o.state_path).parent_path(), ec);
  }
  out.value = std::make_unique<state::LocalBackend>(std::move(o));
  return out;
}

value::Decoded<std::unique_ptr<state::Backend>> open_selected_backend(
    const Flags& flags, const config::Config* config) {
  value::Decoded<std::unique_ptr<state::Backend>> out;
  auto bc = config ? backend_config(*config) : backend_config_in(".");
  out.diagnostics = bc.diagnostics;
  auto ws = selected_workspace();
  out.diagnostics.append(ws.diagnostics);
  if (out.diagnostics.has_errors()) return out;
  auto opened = open_backend(bc.value, ws.value.name, &flags);
  out.diagnostics.append(opened.diagnostics);
  out.value = std::move(opened.value);
  return out;
}

}  // namespace fgform::cli
