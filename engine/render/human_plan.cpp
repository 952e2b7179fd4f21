#include "render/human_plan.h"

#include <map>

#include "render/color.h"
#include "render/json_plan.h"
#include "render/text.h"
#include "render/value_diff.h"
#include "value/marks.h"

namespace fgform::render {
namespace {

using plan::Action;

// One resource instance ready to print: what the plan says plus its computed diff.
struct Entry {
  std::string address;
  std::string type;
  std::string name;
  plan::Mode mode = plan::Mode::kManaged;
  std::string module_address;
  Json index;  // null when the instance has no key
  std::optional<std::string> previous_address;
  std::optional<std::string> import_id;
  plan::ActionReason reason = plan::ActionReason::kNone;
  Action action = Action::kNoOp;
  Diff diff;

  bool moved() const { return previous_address && *previous_address != address; }
  bool importing() const { return import_id.has_value(); }
};

enum class Cause { kChange, kDrift };

// JSON text that never throws, whatever bytes a key holds.
std::string safe_dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Diff diff_for(const Json& change_json, const schema::Schema* s) {
  const auto change = StructuredChange::from_plan_change(change_json);
  if (s) return compute_block_diff(change, s->block);
  return compute_output_diff(change);
}

Entry entry_for(const plan::ResourceInstanceChange& c) {
  Entry e;
  e.address = c.address;
  e.type = c.type;
  e.name = c.name;
  e.mode = c.mode;
  e.module_address = c.module_address;
  if (!c.index_key.is_null() && c.index_key.is_known())
    e.index = value_json(c.index_key).value_or(Json());
  e.previous_address = c.previous_address;
  e.import_id = c.import_id;
  e.reason = c.reason;
  e.action = c.action;
  // An unchanged, unmoved, not imported instance renders as nothing and its diff is "no-op"
  // whatever its values: skip the JSON round trip and the structured diff, which were most of
  // the rendering time of a large no-op plan. Equal values with different sensitivity are not
  // skipped (the engine plans those as no-op, Terraform as an update), nor are unknown values.
  if (c.action == Action::kNoOp && !e.moved() && !e.importing() && c.after.is_wholly_known() &&
      c.before == c.after &&
      value::sensitive_paths_of(c.before) == value::sensitive_paths_of(c.after)) {
    e.diff.action = Action::kNoOp;
    return e;
  }
  e.diff = diff_for(resource_change_json(c)["change"], c.schema);
  return e;
}

Entry entry_for(const plan::ResourceDrift& d) {
  Entry e;
  e.address = d.address;
  e.type = d.type;
  e.name = d.name;
  e.mode = d.mode;
  const Json j = resource_drift_json(d);
  e.action =
      d.after.is_null() ? Action::kDelete : (d.before == d.after ? Action::kNoOp : Action::kUpdate);
  e.diff = diff_for(j["change"], d.schema);
  return e;
}

std::string change_comment(const Entry& r, Action action, Cause cause) {
  const std::string& addr = r.address;
  std::string buf;
  bool printed_moved = false, printed_imported = false;
  using R = plan::ActionReason;
  switch (action) {
    case Action::kCreate:
      buf += "[bold]  # " + addr + "[reset] will be created";
      break;
    case Action::kRead:
      buf += "[bold]  # " + addr + "[reset] will be read during apply";
      if (r.reason == R::kReadBecauseConfigUnknown)
        buf += "\n  # (config refers to values not yet known)";
      else if (r.reason == R::kReadBecauseDependencyPending)
        buf += "\n  # (depends on a resource or a module with changes pending)";
      break;
    case Action::kUpdate:
      buf += "[bold]  # " + addr +
             (cause == Cause::kChange ? "[reset] will be updated in-place" : "[reset] has changed");
      break;
    case Action::kCreateThenDelete:
    case Action::kDeleteThenCreate:
      switch (r.reason) {
        case R::kReplaceBecauseTainted:
          buf += "[bold]  # " + addr + "[reset] is tainted, so must be [bold][red]replaced[reset]";
          break;
        case R::kReplaceByRequest:
          buf += "[bold]  # " + addr + "[reset] will be [bold][red]replaced[reset], as requested";
          break;
        case R::kReplaceByTriggers:
          buf += "[bold]  # " + addr +
                 "[reset] will be [bold][red]replaced[reset] due to changes in "
                 "replace_triggered_by";
          break;
        default:
          buf += "[bold]  # " + addr + "[reset] must be [bold][red]replaced[reset]";
          break;
      }
      break;
    case Action::kForget:
      buf += "[bold] # " + addr +
             "[reset] will no longer be managed by fgform, but [bold][red]will not be "
             "destroyed[reset]";
      buf += "\n # (destroy = false is set in the configuration)";
      break;
    case Action::kDelete:
      buf += "[bold]  # " + addr +
             (cause == Cause::kChange ? "[reset] will be [bold][red]destroyed[reset]"
                                      : "[reset] has been deleted");
      switch (r.reason) {
        case R::kDeleteBecauseNoResourceConfig:
          buf += "\n  # (because " + r.type + "." + r.name + " is not in configuration)";
          break;
        case R::kDeleteBecauseNoModule:
          buf += "\n  # (because " + r.module_address + " is not in configuration)";
          break;
        case R::kDeleteBecauseWrongRepetition:
          if (r.index.is_null()) {
            buf += "\n  # (because resource uses count or for_each)";
          } else if (r.index.is_number()) {
            buf += "\n  # (because resource does not use count)";
          } else {
            buf += "\n  # (because resource does not use for_each)";
          }
          break;
        case R::kDeleteBecauseCountIndex:
          buf += "\n  # (because index [" + safe_dump(r.index) + "] is out of range for count)";
          break;
        case R::kDeleteBecauseEachKey:
          buf += "\n  # (because key [" + safe_dump(r.index) + "] is not in for_each map)";
          break;
        default:
          break;
      }
      break;
    case Action::kNoOp:
      if (r.moved()) {
        buf +=
            "[bold]  # " + *r.previous_address + "[reset] has moved to [bold]" + addr + "[reset]";
        printed_moved = true;
        break;
      }
      if (r.importing()) {
        buf += "[bold]  # " + addr + "[reset] will be imported";
        printed_imported = true;
        break;
      }
      buf += addr + " has an action the plan renderer doesn't support (this is a bug)";
      break;
  }
  buf += "\n";
  if (r.moved() && !printed_moved) buf += "  # [reset](moved from " + *r.previous_address + ")\n";
  if (r.importing() && !printed_imported) {
    buf += r.import_id->empty() ? std::string("  # [reset](will be imported first)\n")
                                : "  # [reset](imported from \"" + *r.import_id + "\")\n";
  }
  if (r.importing() && (action == Action::kCreateThenDelete || action == Action::kDeleteThenCreate))
    buf += "  # [reset][yellow]Warning: this will destroy the imported resource[reset]\n";
  return buf;
}

std::string render_entry(const Entry& e, Cause cause, bool color) {
  HumanOpts opts;
  opts.color = color;
  opts.show_unchanged_children = e.importing();
  const std::string header = std::string(e.mode == plan::Mode::kData ? "data" : "resource") +
                             " \"" + e.type + "\" \"" + e.name + "\"";
  return colorize(change_comment(e, e.action, cause), color) +
         colorize(diff_action_symbol_markup(e.action), color) + " " + header + " " +
         render_diff(e.diff, 0, opts);
}

std::string action_description(Action action) {
  switch (action) {
    case Action::kCreate:
      return "  [green]+[reset] create";
    case Action::kDelete:
      return "  [red]-[reset] destroy";
    case Action::kUpdate:
      return "  [yellow]~[reset] update in-place";
    case Action::kCreateThenDelete:
      return "[green]+[reset]/[red]-[reset] create replacement and then destroy";
    case Action::kDeleteThenCreate:
      return "[red]-[reset]/[green]+[reset] destroy and then create replacement";
    case Action::kRead:
      return " [cyan]<=[reset] read (data resources)";
    default:
      return "";
  }
}

}  // namespace

std::string horizontal_rule(const RenderOptions& options) {
  if (options.columns <= 1) return "\n";
  std::string rule;
  for (int i = 0; i < options.columns - 1; ++i) rule += "\u2500";
  return colorize("[dark_gray]\n" + rule, options.color);
}

std::string render_plan(const plan::Plan& plan, const RenderOptions& options) {
  const bool color = options.color;
  const int width = options.columns;
  const auto col = [color](const std::string& markup) { return colorize(markup, color); };
  std::string out;

  std::vector<Entry> drift;
  for (const auto& d : plan.drift) drift.push_back(entry_for(d));
  // Every change but those that render as nothing and leave the plan empty: an entry is about
  // 1 KB, and keeping one for each unchanged instance was 11 MB of a 10,000-instance plan.
  std::vector<Entry> all_changes;
  for (const auto& c : plan.changes) {
    Entry e = entry_for(c);
    if (e.action == Action::kNoOp && e.diff.action == Action::kNoOp && !e.moved() && !e.importing())
      continue;
    all_changes.push_back(std::move(e));
  }

  std::vector<std::pair<std::string, Diff>> outputs;
  for (const auto& o : plan.outputs) {
    outputs.emplace_back(
        o.name, compute_output_diff(StructuredChange::from_plan_change(output_change_json(o))));
  }

  // "Empty" in Terraform's sense: no computed change anywhere (drift is shown only if not).
  bool diffs_empty = true;
  for (const auto& e : all_changes)
    if (e.diff.action != Action::kNoOp || e.moved()) diffs_empty = false;
  for (const auto& [_, d] : outputs)
    if (d.action != Action::kNoOp) diffs_empty = false;

  // --- drift -----------------------------------------------------------------------------------
  const bool refresh_only = plan.mode == plan::PlanMode::kRefreshOnly;
  std::vector<const Entry*> shown_drift;
  for (const auto& e : drift)
    if (refresh_only || e.diff.action != Action::kNoOp) shown_drift.push_back(&e);
  bool have_refresh_changes = false;
  if (!shown_drift.empty() && (!diffs_empty || refresh_only)) {
    have_refresh_changes = true;
    out += col("\n[bold][cyan]Note:[reset][bold] Objects have changed outside of fgform\n");
    out += "\n";
    out += word_wrap(
        "fgform detected the following changes made outside of fgform since the last \"fgform "
        "apply\" which may have affected this plan:\n",
        width);
    for (const Entry* e : shown_drift) {
      if (e->action == Action::kNoOp && !e->moved()) continue;
      out += "\n" + render_entry(*e, Cause::kDrift, color) + "\n";
    }
    if (refresh_only) {
      out += word_wrap(
                 "\n\nThis is a refresh-only plan, so fgform will not take any actions to undo "
                 "these. If you were expecting these changes then you can apply this plan to "
                 "record the updated values in the fgform state without changing any remote "
                 "objects.",
                 width) +
             "\n";
    } else {
      out += word_wrap(
                 "\n\nUnless you have made equivalent changes to your configuration, or ignored "
                 "the relevant attributes using ignore_changes, the following plan may include "
                 "actions to undo or respond to these changes.",
                 width) +
             "\n";
    }
  }

  // --- which changes print ---------------------------------------------------------------------
  bool will_print_resource_changes = false;
  std::map<Action, int> counts;
  int importing_count = 0;
  std::vector<const Entry*> changes;
  for (const auto& e : all_changes) {
    if (e.action == Action::kNoOp && !e.moved() && !e.importing()) continue;
    // Deleted data sources are an implementation detail.
    if (e.action == Action::kDelete && e.mode != plan::Mode::kManaged) continue;
    changes.push_back(&e);
    if (e.importing()) ++importing_count;
    if (e.action != Action::kNoOp) {
      will_print_resource_changes = true;
      ++counts[e.action];
    }
  }

  std::string outputs_text;
  {
    std::size_t key_width = 0;
    for (const auto& [name, _] : outputs)
      key_width = std::max(key_width, attribute_name(name).size());
    std::vector<std::string> lines;
    HumanOpts opts;
    opts.color = color;
    for (const auto& [name, d] : outputs) {
      if (d.action == Action::kNoOp) continue;
      std::string key = attribute_name(name);
      key.resize(std::max(key.size(), key_width), ' ');
      lines.push_back(col(diff_action_symbol_markup(d.action)) + " " + key + " = " +
                      render_diff(d, 0, opts));
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i) outputs_text += "\n";
      outputs_text += lines[i];
    }
  }

  if (changes.empty() && outputs_text.empty()) {
    if (plan.errored) {
      if (have_refresh_changes) out += horizontal_rule(options) + "\n";
      out +=
          col("\n[reset][bold][red]Planning failed.[reset][bold] fgform encountered an error while "
              "generating this plan.[reset]\n\n");
    } else if (refresh_only) {
      if (have_refresh_changes) return out;
      out += col(
          "\n[reset][bold][green]No changes.[reset][bold] Your infrastructure still matches the "
          "configuration.[reset]\n\n");
      out += word_wrap(
                 "fgform has checked that the real remote objects still match the result of your "
                 "most recent changes, and found no differences.",
                 width) +
             "\n";
    } else if (plan.mode == plan::PlanMode::kDestroy) {
      if (have_refresh_changes) out += horizontal_rule(options) + "\n";
      out +=
          col("\n[reset][bold][green]No changes.[reset][bold] No objects need to be "
              "destroyed.[reset]\n\n");
      out += word_wrap(
                 "Either you have not created any objects yet or the existing objects were "
                 "already deleted outside of fgform.",
                 width) +
             "\n";
    } else {
      if (have_refresh_changes) out += horizontal_rule(options) + "\n";
      out +=
          col("\n[reset][bold][green]No changes.[reset][bold] Your infrastructure matches the "
              "configuration.[reset]\n\n");
      if (have_refresh_changes) {
        // A normal plan never applies drift by itself: point at a refresh-only plan.
        const std::string suggestion =
            options.in_automation ? "." : ":\n  fgform apply -refresh-only";
        out += word_wrap(
                   "Your configuration already matches the changes detected above. If you'd "
                   "like to update the fgform state to match, create and apply a refresh-only "
                   "plan" +
                       suggestion,
                   width) +
               "\n";
        return out;
      }
      out += word_wrap(
                 "fgform has compared your real infrastructure against your configuration and "
                 "found no differences, so no changes are needed.",
                 width) +
             "\n";
    }
  }

  if (have_refresh_changes) out += horizontal_rule(options) + "\n";

  if (will_print_resource_changes) {
    out += word_wrap(
               "\nfgform used the selected providers to generate the following execution plan. "
               "Resource actions are indicated with the following symbols:",
               width) +
           "\n";
    for (Action a : {Action::kCreate, Action::kUpdate, Action::kDelete, Action::kDeleteThenCreate,
                     Action::kCreateThenDelete, Action::kRead}) {
      if (counts[a] > 0) out += col(action_description(a)) + "\n";
    }
  }

  if (!changes.empty()) {
    out += plan.errored ? "\nfgform planned the following actions, but then encountered a "
                          "problem:\n"
                        : "\nfgform will perform the following actions:\n";
    for (const Entry* e : changes) out += "\n" + render_entry(*e, Cause::kChange, color) + "\n";
    const int add = counts[Action::kCreate] + counts[Action::kDeleteThenCreate] +
                    counts[Action::kCreateThenDelete];
    const int change = counts[Action::kUpdate];
    const int destroy = counts[Action::kDelete] + counts[Action::kDeleteThenCreate] +
                        counts[Action::kCreateThenDelete];
    std::string summary = "\n[bold]Plan:[reset] ";
    if (importing_count > 0) summary += std::to_string(importing_count) + " to import, ";
    summary += std::to_string(add) + " to add, " + std::to_string(change) + " to change, " +
               std::to_string(destroy) + " to destroy.\n";
    out += col(summary);
  }

  if (!outputs_text.empty()) {
    out += "\nChanges to Outputs:\n" + outputs_text + "\n";
    if (!will_print_resource_changes) {
      out += word_wrap(
                 "\nYou can apply this plan to save these new output values to the fgform "
                 "state, without changing any real infrastructure.",
                 width) +
             "\n";
    }
  }
  return out;
}

}  // namespace fgform::render
