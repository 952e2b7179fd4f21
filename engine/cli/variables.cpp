#include "cli/variables.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hcl/json.h"
#include "hcl/parser.h"

namespace fgform::cli {
namespace {

namespace fs = std::filesystem;
using value::Diagnostic;
using value::Diagnostics;
using value::Value;

// Terraform takes -var and TF_VAR_ values literally when the variable is a primitive type,
// and parses them as HCL expressions otherwise.
std::optional<Value> raw_value(const config::Module& root, const std::string& name,
                               const std::string& text, const std::string& origin,
                               Diagnostics& d) {
  auto it = root.variables.find(name);
  if (it != root.variables.end() && it->second.type.is_primitive()) return Value::string(text);
  auto parsed = hcl::parse_expression(text, origin);
  d.append(parsed.diagnostics);
  if (!parsed.ok()) return std::nullopt;
  auto v = parsed.value->evaluate(hcl::EvalContext{});
  d.append(v.diagnostics);
  if (!v.ok()) return std::nullopt;
  return v.value;
}

void read_file_values(const config::Module& root, const std::string& path,
                      std::map<std::string, Value>& out, Diagnostics& d, bool explicit_file) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (explicit_file)
      d.add(Diagnostic::error("Failed to read variables file",
                              "Given variables file " + path + " does not exist."));
    return;
  }
  std::ostringstream s;
  s << in.rdbuf();
  std::string source = s.str();
  auto file = path.ends_with(".json") ? hcl::parse_json_config(source, path)
                                      : hcl::parse_config(source, path);
  d.append(file.diagnostics);
  if (!file.value) return;
  auto attrs = file.value->body->just_attributes();
  d.append(attrs.diagnostics);
  for (const auto& a : attrs.value) {
    auto v = a.expr->evaluate(hcl::EvalContext{});
    d.append(v.diagnostics);
    if (!v.ok()) continue;
    if (!root.variables.count(a.name)) {
      d.add(Diagnostic::warning("Value for undeclared variable",
                                "The root module does not declare a variable named \"" + a.name +
                                    "\" but a value was found in file \"" + path +
                                    "\". To use this value, add a \"variable\" block to the "
                                    "configuration.")
                .at(a.name_range));
      continue;
    }
    out[a.name] = v.value;
  }
}

}  // namespace

value::Decoded<std::map<std::string, Value>> collect_variables(const config::Module& root,
                                                               const VariableSources& sources) {
  std::map<std::string, Value> out;
  Diagnostics d;
  for (const auto& entry : sources.environment) {
    if (!entry.starts_with("TF_VAR_")) continue;
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string name = entry.substr(7, eq - 7);
    if (!root.variables.count(name)) continue;  // Terraform ignores undeclared TF_VAR_s
    if (auto v = raw_value(root, name, entry.substr(eq + 1), "<value for var." + name + ">", d))
      out[name] = *v;
  }
  const fs::path dir(sources.dir);
  read_file_values(root, (dir / "terraform.tfvars").string(), out, d, false);
  read_file_values(root, (dir / "terraform.tfvars.json").string(), out, d, false);
  std::vector<std::string> auto_files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string n = e.path().filename().string();
    if (n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
      auto_files.push_back(e.path().string());
  }
  std::sort(auto_files.begin(), auto_files.end());
  for (const auto& f : auto_files) read_file_values(root, f, out, d, false);
  for (const auto& [kind, text] : sources.flags) {
    if (kind == "var-file") {
      read_file_values(root, text, out, d, true);
      continue;
    }
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      d.add(Diagnostic::error("Invalid -var option",
                              "The given -var option \"" + text +
                                  "\" is not correctly specified. Must be a variable name and "
                                  "value separated by an equals sign, like -var=\"key=value\"."));
      continue;
    }
    std::string name = text.substr(0, eq);
    if (!root.variables.count(name)) {
      d.add(Diagnostic::error("Value for undeclared variable",
                              "A variable named \"" + name +
                                  "\" was assigned on the command line, but the root module does "
                                  "not declare a variable of that name. To use this value, add a "
                                  "\"variable\" block to the configuration."));
      continue;
    }
    if (auto v = raw_value(root, name, text.substr(eq + 1), "<value for var." + name + ">", d))
      out[name] = *v;
  }
  return {out, d};
}

}  // namespace fgform::cli
