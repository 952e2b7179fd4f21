// templatefile: renders a file as a template with the given variables and the built-in
// functions (except templatefile itself, which Terraform forbids inside templates).
#include <algorithm>
#include <memory>

#include "hcl/parser.h"
#include "lang/functions/helpers.h"

namespace fgform::lang::functions {
namespace {

// hcl.Range's String(): "file:3,5-9" or "file:3,5-4,2".
std::string range_text(const value::SourceRange& r) {
  std::string out =
      r.filename + ":" + std::to_string(r.start.line) + "," + std::to_string(r.start.column) + "-";
  if (r.end.line != r.start.line) out += std::to_string(r.end.line) + ",";
  return out + std::to_string(r.end.column);
}

// hcl.Diagnostics' Error(): the first error, and how many more there are.
std::string diagnostics_text(const value::Diagnostics& diags) {
  std::vector<const value::Diagnostic*> errors;
  for (const auto& d : diags) {
    if (d.severity == value::Severity::kError) errors.push_back(&d);
  }
  if (errors.empty()) return "";
  const auto& d = *errors.front();
  std::string out = (d.range ? range_text(*d.range) + ": " : "") + d.summary;
  if (!d.detail.empty()) out += "; " + d.detail;
  if (errors.size() > 1) {
    out += ", and " + std::to_string(errors.size() - 1) + " other diagnostic(s)";
  }
  return out;
}

bool valid_identifier(const std::string& s) {
  if (s.empty()) return false;
  auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (!letter(s[0])) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return letter(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
  });
}

}  // namespace

void add_templatefile_function(FunctionTable& table, const FunctionOptions& options) {
  // The functions a template sees: a snapshot of the table, with templatefile refusing to run.
  auto inner = std::make_shared<FunctionTable>(table);
  Function refuse;
  refuse.params = {param("path", Type::string()), param("vars", Type::dynamic())};
  refuse.return_type = [](const Args&) -> TypeResult {
    return error("cannot recursively call templatefile from inside another template function");
  };
  (*inner)["templatefile"] = refuse;

  Function f;
  f.params = {param("path", Type::string()), param("vars", Type::dynamic())};
  f.return_type = [](const Args&) -> TypeResult { return Type::dynamic(); };
  f.impl = [inner, options](const Args& a) -> Result {
    const std::string& path = a[0].as_string();
    auto content = read_file(options, path);
    if (auto* e = std::get_if<FunctionError>(&content)) return *e;
    const std::string& text = std::get<std::string>(content);
    if (!valid_utf8(text)) {
      return error("contents of \"" + path +
                   "\" are not valid UTF-8; use the filebase64 function "
                   "to obtain the Base64 encoded contents or the other file functions (e.g. "
                   "filemd5, filesha256) to obtain file hashing results instead");
    }
    auto parsed = hcl::parse_template(text, path);
    if (!parsed.ok()) return error(diagnostics_text(parsed.diagnostics), 0);
    const Value& vars = a[1];
    if (!is_mapping(vars.type())) return error("invalid vars value: must be a map", 1);
    if (!vars.is_wholly_known()) return Value::unknown(Type::dynamic());
    hcl::EvalContext ctx;
    for (const auto& [name, v] : vars.entries()) {
      if (!valid_identifier(name)) {
        return error("invalid template variable name \"" + name +
                         "\": must start with a letter, followed by zero or more letters, "
                         "digits, and underscores",
                     1);
      }
      ctx.variables.emplace(name, v);
    }
    for (const auto& traversal : parsed.value->variables()) {
      if (!vars.entries().count(traversal.root)) {
        return error("vars map does not contain key \"" + traversal.root + "\", referenced at " +
                         range_text(traversal.root_range),
                     1);
      }
    }
    ctx.functions = inner.get();
    auto result = parsed.value->evaluate(ctx);
    if (!result.ok()) return error(diagnostics_text(result.diagnostics));
    return result.value;
  };
  table["templatefile"] = f;
}

}  // namespace fgform::lang::functions
