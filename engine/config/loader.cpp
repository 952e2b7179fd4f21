// Loading a module directory: every file's top-level blocks sorted into the Module model, with
// Terraform's structural rules (labels, meta-arguments, duplicates) checked here so later
// stages can rely on them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config.h"
#include "hcl/json.h"
#include "config/type_constraint.h"
#include "value/convert.h"

namespace fgform::config {
namespace {

namespace fs = std::filesystem;
using value::Diagnostic;
using value::Diagnostics;

const hcl::BodySchema& file_schema() {
  static const hcl::BodySchema schema{
      {},
      {{"terraform", {}},
       {"provider", {"name"}},
       {"variable", {"name"}},
       {"locals", {}},
       {"output", {"name"}},
       {"resource", {"type", "name"}},
       {"data", {"type", "name"}},
       {"module", {"name"}},
       {"import", {}},
       {"moved", {}},
       {"removed", {}},
       {"check", {"name"}}}};
  return schema;
}

const hcl::Expression* unwrap(const hcl::Expression* e) {
  while (auto* p = dynamic_cast<const hcl::ParenthesesExpr*>(e)) e = p->wrapped.get();
  return e;
}

// A constant value of an argument that must not refer to anything (descriptions, flags).
std::optional<value::Value> constant(const hcl::Attribute& attr, Diagnostics& diags) {
  if (!attr.expr->variables().empty()) {
    diags.add(Diagnostic::error("Variables not allowed",
                                "Variables may not be used here.")
                  .at(attr.expr->range()));
    return std::nullopt;
  }
  hcl::EvalContext empty;
  auto r = attr.expr->evaluate(empty);
  diags.append(r.diagnostics);
  if (!r.ok()) return std::nullopt;
  return r.value;
}

std::optional<std::string> constant_string(const hcl::Attribute& attr, Diagnostics& diags) {
  auto v = constant(attr, diags);
  if (!v) return std::nullopt;
  if (v->is_null() || v->type() != value::Type::string()) {
    diags.add(Diagnostic::error("Invalid value", "A string is required for \"" + attr.name + "\".")
                  .at(attr.expr->range()));
    return std::nullopt;
  }
  return v->as_string();
}

std::optional<bool> constant_bool(const hcl::Attribute& attr, Diagnostics& diags) {
  auto v = constant(attr, diags);
  if (!v) return std::nullopt;
  if (v->is_null() || v->type() != value::Type::boolean()) {
    diags.add(Diagnostic::error("Invalid value", "A bool is required for \"" + attr.name + "\".")
                  .at(attr.expr->range()));
    return std::nullopt;
  }
  return v->as_bool();
}

// `[a.b, c.d]` as static references (depends_on, ignore_changes).
std::vector<hcl::Traversal> traversal_list(const hcl::Attribute& attr, Diagnostics& diags,
                                           const std::string& what) {
  std::vector<hcl::Traversal> out;
  auto* tuple = dynamic_cast<const hcl::TupleConsExpr*>(unwrap(attr.expr.get()));
  if (!tuple) {
    diags.add(Diagnostic::error("Invalid expression",
                                "A static list expression is required for " + what + ".")
                  .at(attr.expr->range()));
    return out;
  }
  for (const auto& item : tuple->items) {
    auto* t = dynamic_cast<const hcl::ScopeTraversalExpr*>(unwrap(item.get()));
    if (!t) {
      diags.add(Diagnostic::error("Invalid expression",
                                  "A single static variable reference is required: only attribute "
                                  "access and indexing with constant keys. No calculations, "
                                  "function calls, template expressions, etc are allowed here.")
                    .at(item->range()));
      continue;
    }
    out.push_back(t->traversal);
  }
  return out;
}

std::optional<hcl::Traversal> traversal_of(const hcl::Attribute& attr, Diagnostics& diags) {
  auto* t = dynamic_cast<const hcl::ScopeTraversalExpr*>(unwrap(attr.expr.get()));
  if (!t) {
    diags.add(Diagnostic::error("Invalid expression",
                                "A static reference is required for \"" + attr.name + "\".")
                  .at(attr.expr->range()));
    return std::nullopt;
  }
  return t->traversal;
}

bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

void check_name(const hcl::Block& block, std::size_t label, Diagnostics& diags) {
  if (label < block.labels.size() && !valid_name(block.labels[label])) {
    diags.add(Diagnostic::error("Invalid name",
                                "A name must start with a letter or underscore and may contain "
                                "only letters, digits, underscores, and dashes.")
                  .at(block.label_ranges[label]));
  }
}

void duplicate(const std::string& what, const std::string& name, const SourceRange& first,
               const SourceRange& again, Diagnostics& diags) {
  diags.add(Diagnostic::error("Duplicate " + what + " configuration",
                              "A " + what + " named \"" + name + "\" was already declared at " +
                                  first.filename + ":" + std::to_string(first.start.line) +
                                  ",1-1. " + what + " names must be unique within a module.")
                .at(again));
}

void load_terraform_block(const hcl::Block& block, Module& m, Diagnostics& diags) {
  auto content = block.body->content(hcl::BodySchema{
      {{"required_version", false}, {"experiments", false}, {"language", false}},
      {{"required_providers", {}}, {"backend", {"type"}}, {"cloud", {}},
       {"provider_meta", {"provider"}}}});
  diags.append(content.diagnostics);
  for (const auto& b : content.value.blocks) {
    if (b.type == "required_providers") {
      auto attrs = b.body->just_attributes();
      diags.append(attrs.diagnostics);
      for (const auto& a : attrs.value) {
        auto v = constant(a, diags);
        if (!v) continue;
        RequiredProvider rp{a.name, "", "", a.range};
        if (v->is_known() && !v->is_null() && v->type() == value::Type::string()) {
          rp.version = v->as_string();  // legacy `name = "version"`
        } else if (v->is_known() && !v->is_null() &&
                   v->type().kind() == value::Type::Kind::kObject) {
          auto src = v->attribute("source");
          if (src.is_known() && !src.is_null() && src.type() == value::Type::string())
            rp.source = src.as_string();
          if (v->type().has_attribute("version")) {
            auto ver = v->attribute("version");
            if (ver.is_known() && !ver.is_null() && ver.type() == value::Type::string())
              rp.version = ver.as_string();
          }
        }
        m.required_providers[a.name] = rp;
      }
    } else if (b.type == "backend") {
      if (m.backend) {
        diags.add(Diagnostic::error("Duplicate backend configuration",
                                    "A module may have only one backend configuration.")
                      .at(b.def_range));
      }
      m.backend = b.labels[0];
      m.backend_config = b.body;
    }
  }
}

void load_variable(const hcl::Block& block, Module& m, Diagnostics& diags) {
  auto content = block.body->content(hcl::BodySchema{
      {{"description", false}, {"default", false}, {"type", false}, {"sensitive", false},
       {"nullable", false}, {"ephemeral", false}},
      {{"validation", {}}}});
  diags.append(content.diagnostics);
  Variable v;
  v.name = block.labels[0];
  v.range = block.def_range;
  const auto& c = content.value;
  if (auto* a = c.attribute("type")) {
    auto t = parse_type_constraint(*a->expr);
    diags.append(t.diagnostics);
    v.type = t.value;
    v.has_type = t.ok();
  }
  if (auto* a = c.attribute("description"))
    if (auto s = constant_string(*a, diags)) v.description = *s;
  if (auto* a = c.attribute("sensitive"))
    if (auto b = constant_bool(*a, diags)) v.sensitive = *b;
  if (auto* a = c.attribute("nullable"))
    if (auto b = constant_bool(*a, diags)) v.nullable = *b;
  if (auto* a = c.attribute("default")) {
    if (auto d = constant(*a, diags)) {
      auto converted = value::convert(*d, v.type);
      if (!converted.ok()) {
        diags.add(Diagnostic::error("Invalid default value for variable",
                                    "This default value is not compatible with the variable's "
                                    "type constraint: " + converted.error + ".")
                      .at(a->expr->range()));
      } else {
        v.default_value = converted.value;
      }
    }
  }
  for (const auto& b : c.blocks) {
    auto vc = b.body->content(
        hcl::BodySchema{{{"condition", true}, {"error_message", true}}, {}});
    diags.append(vc.diagnostics);
    if (!vc.ok()) continue;
    v.validations.push_back(VariableValidation{vc.value.attribute("condition")->expr,
                                               vc.value.attribute("error_message")->expr,
                                               b.def_range});
  }
  if (auto it = m.variables.find(v.name); it != m.variables.end()) {
    duplicate("variable", v.name, it->second.range, v.range, diags);
    return;
  }
  m.variables.emplace(v.name, std::move(v));
}

void load_lifecycle(const hcl::Block& block, Lifecycle& lc, Mode mode, Diagnostics& diags) {
  auto content = block.body->content(hcl::BodySchema{
      {{"create_before_destroy", false}, {"prevent_destroy", false}, {"ignore_changes", false},
       {"replace_triggered_by", false}},
      {{"precondition", {}}, {"postcondition", {}}}});
  diags.append(content.diagnostics);
  const auto& c = content.value;
  if (mode == Mode::kData) {
    for (const auto& a : c.attributes)
      diags.add(Diagnostic::error("Invalid data resource lifecycle argument",
                                  "The lifecycle argument \"" + a.name +
                                      "\" is defined only for managed resources (\"resource\" "
                                      "blocks), and is not valid for data resources.")
                    .at(a.name_range));
    return;
  }
  if (auto* a = c.attribute("create_before_destroy"))
    if (auto b = constant_bool(*a, diags)) lc.create_before_destroy = *b;
  if (auto* a = c.attribute("prevent_destroy"))
    if (auto b = constant_bool(*a, diags)) lc.prevent_destroy = *b;
  if (auto* a = c.attribute("ignore_changes")) {
    auto* kw = dynamic_cast<const hcl::ScopeTraversalExpr*>(unwrap(a->expr.get()));
    if (kw && kw->traversal.root == "all" && kw->traversal.steps.empty()) {
      lc.ignore_all_changes = true;
    } else {
      lc.ignore_changes = traversal_list(*a, diags, "ignore_changes");
    }
  }
  if (auto* a = c.attribute("replace_triggered_by")) {
    auto* tuple = dynamic_cast<const hcl::TupleConsExpr*>(unwrap(a->expr.get()));
    if (!tuple) {
      diags.add(Diagnostic::error("Invalid replace_triggered_by expression",
                                  "A static list of references is required.")
                    .at(a->expr->range()));
    } else {
      lc.replace_triggered_by = tuple->items;
    }
  }
}

void load_resource(const hcl::Block& block, Mode mode, Module& m, Diagnostics& diags) {
  check_name(block, 1, diags);
  auto partial = block.body->partial_content(hcl::BodySchema{
      {{"count", false}, {"for_each", false}, {"depends_on", false}, {"provider", false}},
      {{"lifecycle", {}}, {"provisioner", {"type"}}, {"connection", {}}}});
  diags.append(partial.diagnostics);
  const auto& c = partial.value.content;
  Resource r;
  r.mode = mode;
  r.type = block.labels[0];
  r.name = block.labels[1];
  r.range = block.def_range;
  r.config = partial.value.remain;
  if (auto* a = c.attribute("count")) r.count = a->expr;
  if (auto* a = c.attribute("for_each")) r.for_each = a->expr;
  if (r.count && r.for_each) {
    diags.add(Diagnostic::error("Invalid combination of \"count\" and \"for_each\"",
                                "The \"count\" and \"for_each\" meta-arguments are mutually "
                                "exclusive, only one should be used to be explicit about the "
                                "number of resources to be created.")
                  .at(c.attribute("for_each")->name_range));
  }
  if (auto* a = c.attribute("depends_on")) r.depends_on = traversal_list(*a, diags, "depends_on");
  if (auto* a = c.attribute("provider")) {
    if (auto t = traversal_of(*a, diags)) {
      if (!t->steps.empty() && t->steps[0].kind == hcl::TraversalStep::Kind::kAttribute)
        r.provider_alias = t->steps[0].name;
    }
  }
  for (const auto& b : c.blocks) {
    if (b.type == "lifecycle") {
      load_lifecycle(b, r.lifecycle, mode, diags);
    } else {
      diags.add(Diagnostic::error("Provisioners are not supported",
                                  "fgform does not run provisioners or connections; use a "
                                  "resource of the platform instead.")
                    .at(b.def_range));
    }
  }
  auto key = r.key();
  if (auto it = m.resources.find(key); it != m.resources.end()) {
    diags.add(Diagnostic::error(
                  mode == Mode::kData ? "Duplicate data \"" + r.type + "\" configuration"
                                      : "Duplicate resource \"" + r.type + "\" configuration",
                  "A " + std::string(mode == Mode::kData ? "data" : "resource") + " \"" + r.type +
                      "\" \"" + r.name + "\" was already declared at " +
                      it->second.range.filename + ":" +
                      std::to_string(it->second.range.start.line) +
                      ". Resource names must be unique per type in each module.")
                  .at(r.range));
    return;
  }
  m.resources.emplace(key, std::move(r));
}

void load_module_call(const hcl::Block& block, Module& m, Diagnostics& diags) {
  check_name(block, 0, diags);
  auto partial = block.body->partial_content(hcl::BodySchema{
      {{"source", true}, {"version", false}, {"count", false}, {"for_each", false},
       {"depends_on", false}, {"providers", false}},
      {}});
  diags.append(partial.diagnostics);
  const auto& c = partial.value.content;
  ModuleCall call;
  call.name = block.labels[0];
  call.range = block.def_range;
  if (auto* a = c.attribute("source"))
    if (auto s = constant_string(*a, diags)) call.source = *s;
  if (auto* a = c.attribute("count")) call.count = a->expr;
  if (auto* a = c.attribute("for_each")) call.for_each = a->expr;
  if (auto* a = c.attribute("depends_on")) call.depends_on = traversal_list(*a, diags, "depends_on");
  if (partial.value.remain) {
    auto attrs = partial.value.remain->just_attributes();
    diags.append(attrs.diagnostics);
    call.inputs = attrs.value;
  }
  if (m.module_calls.count(call.name)) {
    duplicate("module", call.name, m.module_calls[call.name].range, call.range, diags);
    return;
  }
  m.module_calls.emplace(call.name, std::move(call));
}

void load_block(const hcl::Block& block, Module& m, Diagnostics& diags) {
  const std::string& t = block.type;
  if (t == "terraform") {
    load_terraform_block(block, m, diags);
  } else if (t == "variable") {
    check_name(block, 0, diags);
    load_variable(block, m, diags);
  } else if (t == "locals") {
    auto attrs = block.body->just_attributes();
    diags.append(attrs.diagnostics);
    for (const auto& a : attrs.value) {
      if (auto it = m.locals.find(a.name); it != m.locals.end()) {
        duplicate("local value", a.name, it->second.range, a.range, diags);
        continue;
      }
      m.locals.emplace(a.name, Local{a.name, a.expr, a.range});
    }
  } else if (t == "output") {
    check_name(block, 0, diags);
    auto content = block.body->content(hcl::BodySchema{
        {{"value", true}, {"description", false}, {"sensitive", false}, {"depends_on", false},
         {"ephemeral", false}},
        {{"precondition", {}}}});
    diags.append(content.diagnostics);
    Output o;
    o.name = block.labels[0];
    o.range = block.def_range;
    const auto& c = content.value;
    if (auto* a = c.attribute("value")) o.expr = a->expr;
    if (auto* a = c.attribute("description"))
      if (auto s = constant_string(*a, diags)) o.description = *s;
    if (auto* a = c.attribute("sensitive"))
      if (auto b = constant_bool(*a, diags)) o.sensitive = *b;
    if (auto* a = c.attribute("depends_on")) o.depends_on = traversal_list(*a, diags, "depends_on");
    if (!o.expr) return;
    if (auto it = m.outputs.find(o.name); it != m.outputs.end()) {
      duplicate("output", o.name, it->second.range, o.range, diags);
      return;
    }
    m.outputs.emplace(o.name, std::move(o));
  } else if (t == "provider") {
    auto partial = block.body->partial_content(
        hcl::BodySchema{{{"alias", false}, {"version", false}}, {}});
    diags.append(partial.diagnostics);
    ProviderBlock p{block.labels[0], "", partial.value.remain, block.def_range};
    if (auto* a = partial.value.content.attribute("alias"))
      if (auto s = constant_string(*a, diags)) p.alias = *s;
    for (const auto& other : m.providers) {
      if (other.name == p.name && other.alias == p.alias) {
        diags.add(Diagnostic::error("Duplicate provider configuration",
                                    "A default (non-aliased) provider configuration for \"" +
                                        p.name + "\" was already given at " +
                                        other.range.filename + ":" +
                                        std::to_string(other.range.start.line) +
                                        ". If multiple configurations are required, set the "
                                        "\"alias\" argument for alternative configurations.")
                      .at(p.range));
      }
    }
    m.providers.push_back(std::move(p));
  } else if (t == "resource") {
    load_resource(block, Mode::kManaged, m, diags);
  } else if (t == "data") {
    load_resource(block, Mode::kData, m, diags);
  } else if (t == "module") {
    load_module_call(block, m, diags);
  } else if (t == "import") {
    auto content = block.body->content(hcl::BodySchema{
        {{"to", true}, {"id", true}, {"provider", false}, {"for_each", false}}, {}});
    diags.append(content.diagnostics);
    if (!content.ok()) return;
    auto to = traversal_of(*content.value.attribute("to"), diags);
    if (to) m.imports.push_back(Import{*to, content.value.attribute("id")->expr, block.def_range});
  } else if (t == "moved") {
    auto content = block.body->content(hcl::BodySchema{{{"from", true}, {"to", true}}, {}});
    diags.append(content.diagnostics);
    if (!content.ok()) return;
    auto from = traversal_of(*content.value.attribute("from"), diags);
    auto to = traversal_of(*content.value.attribute("to"), diags);
    if (from && to) m.moved.push_back(Moved{*from, *to, block.def_range});
  } else if (t == "removed") {
    auto content = block.body->content(
        hcl::BodySchema{{{"from", true}}, {{"lifecycle", {}}, {"provisioner", {"type"}}}});
    diags.append(content.diagnostics);
    if (!content.ok()) return;
    Removed r;
    r.range = block.def_range;
    auto from = traversal_of(*content.value.attribute("from"), diags);
    if (!from) return;
    r.from = *from;
    for (const auto& b : content.value.blocks) {
      if (b.type != "lifecycle") continue;
      auto lc = b.body->content(hcl::BodySchema{{{"destroy", false}}, {}});
      diags.append(lc.diagnostics);
      if (auto* a = lc.value.attribute("destroy"))
        if (auto d = constant_bool(*a, diags)) r.destroy = *d;
    }
    m.removed.push_back(std::move(r));
  }
  // `check` blocks are accepted and not evaluated yet.
}

std::string read_file(const fs::path& p, Diagnostics& diags) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    diags.add(Diagnostic::error("Failed to read file",
                                "The file " + p.string() + " could not be read."));
    return {};
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

value::Decoded<std::unique_ptr<Config>> load_tree(
    const std::string& dir, std::vector<std::string> path,
    const std::shared_ptr<std::map<std::string, std::shared_ptr<hcl::File>>>& files, int depth) {
  auto config = std::make_unique<Config>();
  config->path = path;
  config->files = files;
  config->module.dir = dir;
  Diagnostics diags;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.add(Diagnostic::error("Module directory does not exist",
                                "The directory " + dir + " does not exist or is not a directory."));
    return {std::move(config), diags};
  }
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.empty() || name[0] == '.' || name.back() == '~') continue;
    if (name.size() > 3 && name.ends_with(".tf")) names.push_back(entry.path());
    if (name.size() > 8 && name.ends_with(".tf.json")) names.push_back(entry.path());
  }
  std::sort(names.begin(), names.end());
  for (const auto& p : names) {
    const std::string display = (fs::path(dir) / p.filename()).lexically_normal().string();
    std::string source = read_file(p, diags);
    auto parsed = p.string().ends_with(".json") ? hcl::parse_json_config(source, display)
                                                : hcl::parse_config(source, display);
    diags.append(parsed.diagnostics);
    if (!parsed.value) continue;
    (*files)[display] = parsed.value;
    auto content = parsed.value->body->content(file_schema());
    diags.append(content.diagnostics);
    for (const auto& block : content.value.blocks) load_block(block, config->module, diags);
  }
  if (names.empty() && path.empty()) {
    diags.add(Diagnostic::error("No configuration files",
                                "The directory " + dir + " contains no .tf files."));
  }
  for (const auto& [name, call] : config->module.module_calls) {
    if (!(call.source.starts_with("./") || call.source.starts_with("../"))) {
      diags.add(Diagnostic::error("Unsupported module source",
                                  "Module \"" + name + "\" has source \"" + call.source +
                                      "\". fgform loads local modules only (a path starting "
                                      "with ./ or ../).")
                    .at(call.range));
      continue;
    }
    if (depth > 32) {
      diags.add(Diagnostic::error("Module nesting too deep",
                                  "Modules call each other more than 32 levels deep; is there a "
                                  "module that calls itself?")
                    .at(call.range));
      continue;
    }
    auto child_path = path;
    child_path.push_back(name);
    const std::string child_dir = (fs::path(dir) / call.source).lexically_normal().string();
    auto child = load_tree(child_dir, child_path, files, depth + 1);
    diags.append(child.diagnostics);
    config->children.emplace(name, std::move(child.value));
  }
  return {std::move(config), diags};
}

}  // namespace

value::Decoded<std::unique_ptr<Config>> load_config(const std::string& dir) {
  auto files = std::make_shared<std::map<std::string, std::shared_ptr<hcl::File>>>();
  return load_tree(dir, {}, files, 0);
}

}  // namespace fgform::config
