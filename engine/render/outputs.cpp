#include "render/outputs.h"

#include <algorithm>

#include "render/color.h"
#include "render/structured.h"
#include "render/text.h"
#include "value/convert.h"

namespace fgform::render {
namespace {

using value::Type;
using value::Value;

std::string spaces(int n) {
  return std::string(static_cast<std::size_t>(std::max(n, 0)), ' ');
}

std::optional<std::string> multiline_string(const std::string& s, int indent) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const auto nl = s.find('\n', start);
    lines.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (lines.size() < 2) return std::nullopt;
  std::string delimiter = "EOT";
  // A line equal to the delimiter would end the heredoc early: lengthen it until unique.
  bool clash = true;
  while (clash) {
    clash = false;
    for (const auto& l : lines)
      if (trim_space(l) == delimiter) {
        delimiter += "_";
        clash = true;
        break;
      }
  }
  std::string out = indent > 0 ? "<<-" : "<<";
  out += delimiter;
  for (const auto& l : lines) out += "\n" + spaces(indent) + l;
  out += "\n" + spaces(indent) + delimiter;
  return out;
}

std::string format_sequence(const Value& v, int indent) {
  std::string out = "[";
  indent += 2;
  for (const auto& e : v.elements()) out += "\n" + spaces(indent) + format_value(e, indent) + ",";
  indent -= 2;
  if (!v.elements().empty()) out += "\n" + spaces(indent);
  return out + "]";
}

std::string format_mapping(const Value& v, int indent) {
  std::string out = "{";
  indent += 2;
  for (const auto& [k, e] : v.entries())
    out += "\n" + spaces(indent) + go_quote(k) + " = " + format_value(e, indent);
  indent -= 2;
  if (!v.entries().empty()) out += "\n" + spaces(indent);
  return out + "}";
}

std::string friendly(const Type& t) {
  return t.friendly_name();
}

}  // namespace

std::string format_value(const Value& v, int indent) {
  if (!v.is_known()) return "(known after apply)";
  if (v.is_sensitive()) return "(sensitive value)";
  const Type& t = v.type();
  if (v.is_null()) {
    switch (t.kind()) {
      case Type::Kind::kDynamic:
        return "null";
      case Type::Kind::kString:
        return "tostring(null)";
      case Type::Kind::kNumber:
        return "tonumber(null)";
      case Type::Kind::kBool:
        return "tobool(null)";
      case Type::Kind::kList:
        return "tolist(null) /* of " + friendly(t.element()) + " */";
      case Type::Kind::kSet:
        return "toset(null) /* of " + friendly(t.element()) + " */";
      case Type::Kind::kMap:
        return "tomap(null) /* of " + friendly(t.element()) + " */";
      default:
        return "null /* " + friendly(t) + " */";
    }
  }
  switch (t.kind()) {
    case Type::Kind::kString:
      if (auto m = multiline_string(v.as_string(), indent)) return *m;
      return go_quote(v.as_string());
    case Type::Kind::kNumber:
      return v.as_number().text();
    case Type::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Type::Kind::kObject:
      return format_mapping(v, indent);
    case Type::Kind::kTuple:
      return format_sequence(v, indent);
    case Type::Kind::kList:
      return "tolist(" + format_sequence(v, indent) + ")";
    case Type::Kind::kSet:
      return "toset(" + format_sequence(v, indent) + ")";
    case Type::Kind::kMap:
      return "tomap(" + format_mapping(v, indent) + ")";
    case Type::Kind::kDynamic:
      break;
  }
  return v.debug_string();
}

std::string render_apply_outputs(const std::vector<OutputValue>& outputs, bool color) {
  if (outputs.empty()) return "";
  std::vector<const OutputValue*> sorted;
  for (const auto& o : outputs) sorted.push_back(&o);
  std::sort(sorted.begin(), sorted.end(),
            [](const OutputValue* a, const OutputValue* b) { return a->name < b->name; });
  std::string body;
  for (const OutputValue* o : sorted) {
    body += o->name + " = " + (o->sensitive ? "<sensitive>" : format_value(o->value, 0)) + "\n";
  }
  return colorize("[reset][bold][green]\nOutputs:\n\n", color) + trim_space(body) + "\n";
}

OutputCommandResult render_output_command(const std::vector<OutputValue>& outputs,
                                          const std::string& name, OutputFormat format) {
  OutputCommandResult r;
  const OutputValue* chosen = nullptr;
  if (!name.empty()) {
    for (const auto& o : outputs)
      if (o.name == name) chosen = &o;
    if (!chosen) {
      r.diagnostics.add(value::Diagnostic::error(
          "Output " + go_quote(name) + " not found",
          "The output variable requested could not be found in the state file. If you "
          "recently added this to your configuration, be sure to run `fgform apply`, since the "
          "state won't be updated with new output variables until that command is run."));
      return r;
    }
  } else if (outputs.empty() && format != OutputFormat::kJson) {
    r.diagnostics.add(value::Diagnostic::warning(
        "No outputs found",
        "The state file either has no outputs defined, or all the defined outputs are empty. "
        "Please define an output in your configuration with the `output` keyword and run "
        "`fgform refresh` for it to become available. If you are using interpolation, please "
        "verify the interpolated value is not empty. You can use the `fgform console` command "
        "to assist."));
    return r;
  }

  switch (format) {
    case OutputFormat::kHuman: {
      if (chosen) {
        r.text = format_value(chosen->value.without_marks(), 0) + "\n";
        return r;
      }
      std::string body = render_apply_outputs(outputs, false);
      // Drop the "\nOutputs:\n\n" heading: the command prints just the lines.
      r.text = body.substr(std::string("\nOutputs:\n\n").size());
      return r;
    }
    case OutputFormat::kJson: {
      if (chosen) {
        r.text = value_json(chosen->value)
                     .value_or(Json())
                     .dump(-1, ' ', false, Json::error_handler_t::replace) +
                 "\n";
        return r;
      }
      Json all = Json::object();
      for (const auto& o : outputs) {
        all[o.name] = {{"sensitive", o.sensitive},
                       {"type", o.value.type().to_json()},
                       {"value", value_json(o.value).value_or(Json())}};
      }
      r.text = all.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
      return r;
    }
    case OutputFormat::kRaw: {
      if (!chosen) {
        r.diagnostics.add(
            value::Diagnostic::error("Raw output format is only supported for single outputs"));
        return r;
      }
      const Value v = chosen->value.without_marks();
      const auto converted = value::convert(v, Type::string());
      if (!converted.ok()) {
        r.diagnostics.add(value::Diagnostic::error(
            "Unsupported value for raw output",
            "The -raw option only supports strings, numbers, and boolean values, but output "
            "value " +
                go_quote(name) + " is " + friendly(v.type()) +
                ".\n\nUse the -json option for machine-readable representations of output "
                "values that have complex types."));
        return r;
      }
      if (converted.value.is_null()) {
        r.diagnostics.add(value::Diagnostic::error("Unsupported value for raw output",
                                                   "The value for output value " + go_quote(name) +
                                                       " is null, so -raw mode cannot print it."));
        return r;
      }
      if (!converted.value.is_known()) {
        r.diagnostics.add(value::Diagnostic::error(
            "Unsupported value for raw output",
            "The value for output value " + go_quote(name) +
                " won't be known until after a successful fgform apply, so -raw mode cannot "
                "print it."));
        return r;
      }
      r.text = converted.value.as_string();
      return r;
    }
  }
  return r;
}

}  // namespace fgform::render
