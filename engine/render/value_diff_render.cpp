// The human rendering half of value_diff.h: Terraform's computed/renderers, one function per
// renderer, with the same spacing and suffix rules.
#include <algorithm>
#include <sstream>

#include "render/color.h"
#include "render/text.h"
#include "render/value_diff.h"

namespace fgform::render {
namespace {

using plan::Action;

std::string c(const HumanOpts& o, std::string_view markup) {
  return colorize(markup, o.color);
}

std::string null_suffix(Action action, const HumanOpts& o) {
  if (!o.override_null_suffix && action == Action::kDelete)
    return c(o, " [dark_gray]-> null[reset]");
  return "";
}

std::string forces_replacement(bool replace, const HumanOpts& o) {
  if ((replace || o.force_forces_replacement) && !o.forbid_forces_replacement)
    return c(o, " [red]# forces replacement[reset]");
  return "";
}

std::string indent_str(int indent) {
  return std::string(static_cast<std::size_t>(indent) * 4, ' ');
}

std::string unchanged(const char* keyword, std::size_t count, const HumanOpts& o) {
  std::string text = "[dark_gray]# (" + std::to_string(count) + " unchanged " + keyword +
                     (count == 1 ? "" : "s") + " hidden)[reset]";
  return c(o, text);
}

std::string symbol(Action action, const HumanOpts& o) {
  if (o.hide_diff_action_symbols) return "";
  return c(o, diff_action_symbol_markup(action)) + " ";
}

std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

bool important_attribute(const std::string& name) {
  return name == "id" || name == "name" || name == "tags";
}

// --- primitives -------------------------------------------------------------------------------

struct EvaluatedString {
  std::string text;
  std::optional<Json> json;
  bool multiline = false;
  bool is_null = false;

  std::string render_simple() const { return is_null ? text : go_quote(text); }
};

EvaluatedString evaluate_string(const Json& v, const HumanOpts& o) {
  EvaluatedString e;
  if (v.is_null() || !v.is_string()) {
    e.text = c(o, "[dark_gray]null[reset]");
    e.is_null = true;
    return e;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (!s.empty() && (s[0] == '{' || s[0] == '[')) {
    Json parsed = Json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
      e.text = s;
      e.json = std::move(parsed);
      return e;
    }
  }
  if (s.find('\n') != std::string::npos) {
    e.text = trim_space(s);
    e.multiline = true;
    return e;
  }
  e.text = s;
  return e;
}

std::string render_primitive_value(const Json& v, Diff::Prim prim, const HumanOpts& o) {
  if (v.is_null()) return c(o, "[dark_gray]null[reset]");
  if (prim == Diff::Prim::kBool && v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& lines, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += sep;
    out += lines[i];
  }
  return out;
}

std::string render_string_as_json(const Diff& diff, int indent, const HumanOpts& o,
                                  const EvaluatedString& before, const EvaluatedString& after) {
  StructuredChange ch;
  ch.before_explicit = diff.action != Action::kCreate;
  ch.after_explicit = diff.action != Action::kDelete;
  ch.before = before.json.value_or(Json());
  ch.after = after.json.value_or(Json());
  ch.unknown = false;
  ch.before_sensitive = false;
  ch.after_sensitive = false;
  const Diff json_diff = compute_output_diff(ch);

  Action action = diff.action;
  HumanOpts json_opts = o.clone();
  json_opts.override_null_suffix = true;
  std::string whitespace, replace;
  if (json_diff.action == Action::kNoOp && diff.action == Action::kUpdate) {
    // Only whitespace changed: the JSON diff alone would show nothing.
    whitespace = diff.replace ? " # whitespace changes force replacement" : " # whitespace changes";
    json_opts.show_unchanged_children = true;
    action = Action::kNoOp;
  } else {
    replace = forces_replacement(diff.replace, o);
  }
  const std::string rendered = render_diff(json_diff, indent + 1, json_opts);
  if (diff.action == Action::kCreate || diff.action == Action::kDelete) action = Action::kNoOp;
  if (rendered.find('\n') != std::string::npos) {
    return "jsonencode(" + whitespace + "\n" + indent_str(indent + 1) + symbol(action, o) +
           rendered + replace + "\n" + indent_str(indent) + symbol(Action::kNoOp, o) + ")" +
           null_suffix(diff.action, o);
  }
  return "jsonencode(" + rendered + ")" + whitespace + replace;
}

std::string render_string(const Diff& diff, int indent, const HumanOpts& o) {
  std::vector<std::string> lines;
  const std::string line_prefix = indent_str(indent + 1) + symbol(Action::kNoOp, o);
  auto heredoc_lines = [&](const std::string& text) {
    for (const auto& l : split_lines(text)) lines.push_back(line_prefix + l);
  };
  switch (diff.action) {
    case Action::kCreate:
    case Action::kNoOp: {
      const auto str = evaluate_string(diff.after, o);
      if (str.json) {
        return diff.action == Action::kNoOp
                   ? render_string_as_json(diff, indent, o, str, str)
                   : render_string_as_json(diff, indent, o, EvaluatedString{}, str);
      }
      if (!str.multiline) return str.render_simple() + forces_replacement(diff.replace, o);
      heredoc_lines(str.text);
      break;
    }
    case Action::kDelete: {
      const auto str = evaluate_string(diff.before, o);
      if (str.is_null) return str.render_simple() + forces_replacement(diff.replace, o);
      if (str.json) return render_string_as_json(diff, indent, o, str, EvaluatedString{});
      if (!str.multiline)
        return str.render_simple() + null_suffix(diff.action, o) +
               forces_replacement(diff.replace, o);
      heredoc_lines(str.text);
      break;
    }
    default: {
      const auto b = evaluate_string(diff.before, o);
      const auto a = evaluate_string(diff.after, o);
      if (b.json && a.json) return render_string_as_json(diff, indent, o, b, a);
      if (b.json || a.json) {
        // One side is JSON and the other is not: show it as a type change.
        Diff tc;
        tc.kind = Diff::Kind::kTypeChange;
        tc.action = diff.action;
        tc.replace = diff.replace;
        Diff del, add;
        del.action = Action::kDelete;
        del.prim = add.prim = Diff::Prim::kString;
        del.before = diff.before;
        add.action = Action::kCreate;
        add.after = diff.after;
        tc.children = {del, add};
        return render_diff(tc, indent, o);
      }
      if (!b.multiline && !a.multiline) {
        return b.render_simple() + " " + c(o, "[yellow]->[reset]") + " " + a.render_simple() +
               forces_replacement(diff.replace, o);
      }
      const auto before_lines = split_lines(b.text), after_lines = split_lines(a.text);
      std::vector<Json> bj(before_lines.begin(), before_lines.end());
      std::vector<Json> aj(after_lines.begin(), after_lines.end());
      const std::string base = indent_str(indent + 1);
      // Line-level diff, pairing lines like list elements.
      auto process = [&](std::size_t bi, std::size_t ai) {
        if (bi >= before_lines.size()) {
          lines.push_back(base + symbol(Action::kCreate, o) + after_lines[ai]);
        } else if (ai >= after_lines.size()) {
          lines.push_back(base + symbol(Action::kDelete, o) + before_lines[bi]);
        } else if (before_lines[bi] != after_lines[ai]) {
          lines.push_back(base + symbol(Action::kDelete, o) + before_lines[bi]);
          lines.push_back(base + symbol(Action::kCreate, o) + after_lines[ai]);
        } else {
          lines.push_back(base + symbol(Action::kNoOp, o) + before_lines[bi]);
        }
      };
      process_slice(bj, aj, process, [](const Json&) { return false; });
      break;
    }
  }
  return "<<-EOT" + forces_replacement(diff.replace, o) + "\n" + join(lines, "\n") + "\n" +
         indent_str(indent) + symbol(Action::kNoOp, o) + "EOT" + null_suffix(diff.action, o);
}

std::string render_primitive(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.prim == Diff::Prim::kString) return render_string(diff, indent, o);
  const std::string before = render_primitive_value(diff.before, diff.prim, o);
  const std::string after = render_primitive_value(diff.after, diff.prim, o);
  switch (diff.action) {
    case Action::kCreate:
      return after + forces_replacement(diff.replace, o);
    case Action::kDelete:
      return before + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
    case Action::kNoOp:
      return before + forces_replacement(diff.replace, o);
    default:
      return before + " " + c(o, "[yellow]->[reset]") + " " + after +
             forces_replacement(diff.replace, o);
  }
}

// --- collections ------------------------------------------------------------------------------

std::string warnings_prefix(const Diff& d, int indent, const HumanOpts& o);

std::string render_list(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.elements.empty())
    return "[]" + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
  HumanOpts element_opts = o.clone();
  element_opts.override_null_suffix = true;
  HumanOpts unchanged_opts = o.clone();
  unchanged_opts.show_unchanged_children = true;
  std::vector<const Diff*> unchanged_elements;
  bool render_next = false;
  std::string out = "[" + forces_replacement(diff.replace, o) + "\n";
  for (const auto& element : diff.elements) {
    if (element.action == Action::kNoOp && !render_next && !o.show_unchanged_children) {
      unchanged_elements.push_back(&element);
      continue;
    }
    render_next = false;
    HumanOpts eo = element_opts;
    // Show one unchanged element before a change, for context, and count the rest.
    if (unchanged_elements.size() > 1) {
      out += indent_str(indent + 1) + symbol(Action::kNoOp, eo) +
             unchanged("element", unchanged_elements.size() - 1, eo) + "\n";
    }
    if (!unchanged_elements.empty()) {
      const Diff& last = *unchanged_elements.back();
      out += indent_str(indent + 1) + symbol(last.action, unchanged_opts) +
             render_diff(last, indent + 1, unchanged_opts) + ",\n";
    }
    unchanged_elements.clear();
    if (element.action == Action::kNoOp) {
      eo = unchanged_opts;
    } else {
      render_next = true;
    }
    out += warnings_prefix(element, indent + 1, eo);
    out += indent_str(indent + 1) + symbol(element.action, eo) +
           render_diff(element, indent + 1, eo) + ",\n";
  }
  if (!unchanged_elements.empty()) {
    out += indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("element", unchanged_elements.size(), o) + "\n";
  }
  out += indent_str(indent) + symbol(Action::kNoOp, o) + "]" + null_suffix(diff.action, o);
  return out;
}

std::string render_set(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.elements.empty())
    return "[]" + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
  HumanOpts element_opts = o.clone();
  element_opts.override_null_suffix = true;
  std::size_t unchanged_count = 0;
  std::string out = "[" + forces_replacement(diff.replace, o) + "\n";
  for (const auto& element : diff.elements) {
    if (element.action == Action::kNoOp && !o.show_unchanged_children) {
      ++unchanged_count;
      continue;
    }
    out += warnings_prefix(element, indent + 1, o);
    out += indent_str(indent + 1) + symbol(element.action, element_opts) +
           render_diff(element, indent + 1, element_opts) + ",\n";
  }
  if (unchanged_count > 0) {
    out += indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("element", unchanged_count, o) + "\n";
  }
  out += indent_str(indent) + symbol(Action::kNoOp, o) + "]" + null_suffix(diff.action, o);
  return out;
}

std::string render_map(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.members.empty())
    return "{}" + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
  std::size_t width = 0;
  for (const auto& [k, _] : diff.members) width = std::max(width, go_quote(k).size());
  HumanOpts element_opts = o.clone();
  element_opts.override_null_suffix = diff.action == Action::kDelete;
  std::size_t unchanged_count = 0;
  std::string out = "{" + forces_replacement(diff.replace, o) + "\n";
  for (const auto& [k, element] : diff.members) {
    if (element.action == Action::kNoOp && !o.show_unchanged_children) {
      ++unchanged_count;
      continue;
    }
    out += warnings_prefix(element, indent + 1, o);
    const std::string comma = element.kind == Diff::Kind::kObject ? "," : "";
    out += indent_str(indent + 1) + symbol(element.action, element_opts) +
           pad_right(go_quote(k), width) + " = " + render_diff(element, indent + 1, element_opts) +
           comma + "\n";
  }
  if (unchanged_count > 0) {
    out += indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("element", unchanged_count, o) + "\n";
  }
  out += indent_str(indent) + symbol(Action::kNoOp, o) + "}" + null_suffix(diff.action, o);
  return out;
}

std::string render_object(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.members.empty())
    return "{}" + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
  HumanOpts attribute_opts = o.clone();
  attribute_opts.override_null_suffix = true;
  std::size_t width = 0;
  for (const auto& [k, _] : diff.members) width = std::max(width, attribute_name(k).size());
  std::size_t unchanged_count = 0;
  std::string out = "{" + forces_replacement(diff.replace, o) + "\n";
  for (const auto& [k, attr] : diff.members) {
    if (important_attribute(k)) {
      HumanOpts io = attribute_opts.clone();
      io.show_unchanged_children = true;
      out += warnings_prefix(attr, indent + 1, io);
      out += indent_str(indent + 1) + symbol(attr.action, io) +
             pad_right(attribute_name(k), width) + " = " + render_diff(attr, indent + 1, io) + "\n";
      continue;
    }
    if (attr.action == Action::kNoOp && !o.show_unchanged_children) {
      ++unchanged_count;
      continue;
    }
    out += warnings_prefix(attr, indent + 1, o);
    out += indent_str(indent + 1) + symbol(attr.action, attribute_opts) +
           pad_right(attribute_name(k), width) + " = " +
           render_diff(attr, indent + 1, attribute_opts) + "\n";
  }
  if (unchanged_count > 0) {
    out += indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("attribute", unchanged_count, o) + "\n";
  }
  out += indent_str(indent) + symbol(Action::kNoOp, o) + "}" + null_suffix(diff.action, o);
  return out;
}

// --- blocks -----------------------------------------------------------------------------------

std::string render_block(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.members.empty() && diff.blocks.empty())
    return "{}" + forces_replacement(diff.replace, o);
  std::size_t width = 0;
  // Block attribute names are padded by their escaped length but printed raw, as Terraform.
  for (const auto& [k, _] : diff.members) width = std::max(width, attribute_name(k).size());
  HumanOpts important_opts = o.clone();
  important_opts.show_unchanged_children = true;
  const HumanOpts attribute_opts = o.clone();
  std::size_t unchanged_attributes = 0, unchanged_blocks = 0;
  std::string out = "{" + forces_replacement(diff.replace, o) + "\n";
  for (const auto& [k, attr] : diff.members) {
    if (important_attribute(k)) {
      out += warnings_prefix(attr, indent + 1, important_opts);
      out += indent_str(indent + 1) + symbol(attr.action, important_opts) + pad_right(k, width) +
             " = " + render_diff(attr, indent + 1, important_opts) + "\n";
      continue;
    }
    if (attr.action == Action::kNoOp && !o.show_unchanged_children) {
      ++unchanged_attributes;
      continue;
    }
    out += warnings_prefix(attr, indent + 1, o);
    out += indent_str(indent + 1) + symbol(attr.action, attribute_opts) +
           pad_right(attribute_name(k), width) + " = " +
           render_diff(attr, indent + 1, attribute_opts) + "\n";
  }
  if (unchanged_attributes > 0) {
    out += indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("attribute", unchanged_attributes, o) + "\n";
  }
  for (const auto& [key, group] : diff.blocks) {
    bool found_changed_block = false;
    auto render_one = [&](Diff d, const std::string& map_key, const HumanOpts& bo_in) {
      const bool creating_sensitive = d.action == Action::kCreate && group.after_sensitive;
      const bool deleting_sensitive = d.action == Action::kDelete && group.before_sensitive;
      const bool modifying_sensitive = (d.action == Action::kUpdate || d.action == Action::kNoOp) &&
                                       (group.after_sensitive || group.before_sensitive);
      if (creating_sensitive || deleting_sensitive || modifying_sensitive) {
        Action action = d.action;
        if (d.action == Action::kNoOp && group.before_sensitive != group.after_sensitive)
          action = Action::kUpdate;
        Diff wrapped;
        wrapped.kind = Diff::Kind::kSensitiveBlock;
        wrapped.action = action;
        wrapped.replace = d.replace;
        wrapped.before_sensitive = group.before_sensitive;
        wrapped.after_sensitive = group.after_sensitive;
        wrapped.children.push_back(std::move(d));
        d = std::move(wrapped);
      }
      if (d.action == Action::kNoOp && !bo_in.show_unchanged_children) {
        ++unchanged_blocks;
        return;
      }
      if (!found_changed_block && !diff.members.empty()) {
        // A blank line between the attributes and each group of blocks.
        out += "\n";
        found_changed_block = true;
      }
      HumanOpts bo = bo_in.clone();
      bo.force_forces_replacement = group.replace;
      out += warnings_prefix(d, indent + 1, bo);
      out += indent_str(indent + 1) + symbol(d.action, bo) + attribute_name(key) + map_key + " " +
             render_diff(d, indent + 1, bo) + "\n";
    };
    if (group.unknown && group.nesting != schema::Nesting::kSingle &&
        group.nesting != schema::Nesting::kGroup) {
      Diff u;
      u.kind = Diff::Kind::kUnknown;
      u.action = diff.action;
      render_one(u, "", o);
    }
    switch (group.nesting) {
      case schema::Nesting::kMap:
        for (const auto& [mk, d] : group.keyed) render_one(d, " " + go_quote(mk), o);
        break;
      default:
        for (const auto& d : group.items) render_one(d, "", o);
        break;
    }
  }
  if (unchanged_blocks > 0) {
    out += "\n" + indent_str(indent + 1) + symbol(Action::kNoOp, o) +
           unchanged("block", unchanged_blocks, o) + "\n";
  }
  out += indent_str(indent) + symbol(Action::kNoOp, o) + "}";
  return out;
}

// --- wrappers ---------------------------------------------------------------------------------

std::string render_sensitive(const Diff& diff, const HumanOpts& o) {
  return "(sensitive value)" + null_suffix(diff.action, o) + forces_replacement(diff.replace, o);
}

std::string render_sensitive_block(const Diff& diff, int indent, const HumanOpts& o) {
  const std::string prefix = indent_str(indent) + symbol(Action::kNoOp, o);
  return "{" + forces_replacement(diff.replace, o) + "\n" + prefix +
         "  # At least one attribute in this block is (or was) sensitive,\n" + prefix +
         "  # so its contents will not be displayed.\n" + prefix + "}";
}

std::string render_unknown(const Diff& diff, int indent, const HumanOpts& o) {
  if (diff.action == Action::kCreate || diff.children.empty())
    return "(known after apply)" + forces_replacement(diff.replace, o);
  HumanOpts before_opts = o.clone();
  before_opts.override_null_suffix = true;
  if (diff.replace) before_opts.forbid_forces_replacement = true;
  return render_diff(diff.children[0], indent, before_opts) + " -> (known after apply)" +
         forces_replacement(diff.replace, o);
}

std::string render_type_change(const Diff& diff, int indent, HumanOpts o) {
  o.override_null_suffix = true;  // never a "-> null" inside a type change
  return render_diff(diff.children[0], indent, o) + " " + c(o, "[yellow]->[reset]") + " " +
         render_diff(diff.children[1], indent, o);
}

// WarningsHuman: only sensitive wrappers warn, when the sensitivity itself changes.
std::string warnings_prefix(const Diff& d, int indent, const HumanOpts& o) {
  if (d.kind != Diff::Kind::kSensitive && d.kind != Diff::Kind::kSensitiveBlock) return "";
  if (d.before_sensitive == d.after_sensitive || d.children.empty()) return "";
  const Action inner = d.children[0].action;
  if (inner == Action::kCreate || inner == Action::kDelete) return "";
  const char* what = d.kind == Diff::Kind::kSensitive ? "attribute value" : "block";
  std::string warning;
  if (d.before_sensitive) {
    warning = c(o, std::string("  # [yellow]Warning[reset]: this ") + what +
                       " will no longer be marked as sensitive\n" + indent_str(indent) +
                       "  # after applying this change.");
  } else {
    warning = c(o, std::string("  # [yellow]Warning[reset]: this ") + what +
                       " will be marked as sensitive and will not\n" + indent_str(indent) +
                       "  # display in UI output after applying this change.");
  }
  if (d.kind == Diff::Kind::kSensitive && inner == Action::kNoOp)
    warning += " The value is unchanged.";
  return indent_str(indent) + warning + "\n";
}

}  // namespace

std::string render_diff(const Diff& diff, int indent, const HumanOpts& opts) {
  switch (diff.kind) {
    case Diff::Kind::kPrimitive:
      return render_primitive(diff, indent, opts);
    case Diff::Kind::kList:
      return render_list(diff, indent, opts);
    case Diff::Kind::kSet:
      return render_set(diff, indent, opts);
    case Diff::Kind::kMap:
      return render_map(diff, indent, opts);
    case Diff::Kind::kObject:
      return render_object(diff, indent, opts);
    case Diff::Kind::kBlock:
      return render_block(diff, indent, opts);
    case Diff::Kind::kSensitive:
      return render_sensitive(diff, opts);
    case Diff::Kind::kSensitiveBlock:
      return render_sensitive_block(diff, indent, opts);
    case Diff::Kind::kUnknown:
      return render_unknown(diff, indent, opts);
    case Diff::Kind::kTypeChange:
      return render_type_change(diff, indent, opts);
  }
  return "";
}

}  // namespace fgform::render
