// functiongraph_version (publish, look up, delete) and functiongraph_alias (CRUD with weights or
// rule-based routing to an additional version).
#include "version_alias_resources.h"
#include "cloud/urn.h"
#include "json_values.h"
#include "planner.h"
#include "schema/registry.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using cloud::object_of;
using cloud::text_of;
using value::Diagnostic;
using value::Type;

std::optional<cloud::FunctionUrn> function_of(const Value& v, Diagnostics& d) {
  auto urn = cloud::FunctionUrn::parse(text_or(v, "function_urn"));
  if (!urn) {
    d.add(Diagnostic::error("Invalid function URN",
                            "\"" + text_or(v, "function_urn") + "\" is not a function URN.")
              .at(value::Path::attribute("function_urn")));
  }
  return urn;
}

bool java_runtime(const std::string& runtime) {
  return runtime.rfind("Java", 0) == 0;
}

class VersionResource : public Resource {
 public:
  const schema::Schema& schema() const override { return builtin_schema("functiongraph_version"); }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto fn = function_of(planned, out.diagnostics);
    if (!fn) return out;
    const std::string version = text_or(planned, "version");
    const bool snapshot = wants_snapshot(planned);
    if (snapshot) {
      // Checked before publishing: a version left behind by a refused switch cannot be
      // published again without a change to the function.
      auto cfg = p.functiongraph().get_function_config(fn->unqualified());
      if (!cfg) {
        out.diagnostics.add(api_error("reading function " + fn->name, cfg.error()));
        return out;
      }
      if (!java_runtime(text_of(*cfg, "runtime"))) {
        out.diagnostics.add(
            Diagnostic::error("Snapshots need a Java runtime",
                              "enable_snapshot is available on the Java runtimes only, not " +
                                  text_of(*cfg, "runtime") + ".")
                .at(value::Path::attribute("enable_snapshot")));
        return out;
      }
    }
    auto r = p.functiongraph().publish_version(fn->unqualified(), version,
                                               text_or(planned, "description"));
    if (!r && r.error().kind == cloud::ErrorKind::kOutcomeUnknown) {
      // The answer was lost: the version name is ours, so one that exists now is the one asked
      // for (see docs/design.md "Creates that survive a crash").
      if (auto versions = p.functiongraph().list_versions(fn->unqualified())) {
        for (const auto& v : *versions) {
          if (text_of(v, "version") == version) {
            r = v;
            break;
          }
        }
      }
    }
    if (!r) {
      out.diagnostics.add(
          api_error("publishing version " + version + " of " + fn->name, r.error()));
      return out;
    }
    out.value = state_of(planned, *fn, *r, Value::boolean(false));
    if (snapshot) set_snapshot(p, *fn, version, true, out);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto fn = function_of(current, out.diagnostics);
    if (!fn) return out;
    auto versions = p.functiongraph().list_versions(fn->unqualified());
    if (!versions)
      return failed_read(current, "reading the versions of " + fn->name, versions.error());
    for (const auto& v : *versions) {
      if (text_of(v, "version") != text_or(current, "version")) continue;
      // Only Java versions can have a snapshot: the others cost no call.
      Value snapshot = Value::boolean(false);
      if (java_runtime(text_of(v, "runtime"))) {
        auto state =
            p.functiongraph().get_snapshot_state(fn->with_qualifier(text_of(v, "version")));
        if (!state)
          return failed_read(
              current,
              "reading the snapshot state of " + fn->name + ":" + text_or(current, "version"),
              state.error());
        snapshot = Value::boolean(text_of(*state, "state") == "enable");
      }
      out.value = state_of(current, *fn, v, snapshot);
    }
    return out;
  }

  // Everything but the snapshot switch replaces the version.
  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    auto fn = function_of(planned, out.diagnostics);
    if (!fn) return out;
    if (planned.attribute("enable_snapshot") != prior.attribute("enable_snapshot")) {
      set_snapshot(p, *fn, text_or(prior, "version"), wants_snapshot(planned), out);
      if (out.diagnostics.has_errors()) return out;
    }
    auto read_back = read(p, planned);
    read_back.diagnostics.append(out.diagnostics);
    return read_back;
  }

  std::optional<std::string> natural_id(Platform&, const Value& planned) override {
    Diagnostics ignored;
    auto fn = function_of(planned, ignored);
    const std::string version = text_or(planned, "version");
    if (!fn || version.empty()) return std::nullopt;
    return fn->with_qualifier(version);
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto fn = function_of(prior, d);
    if (!fn) return d;
    auto r = p.functiongraph().delete_version(fn->unqualified(), text_or(prior, "version"));
    d.append(delete_result(r, "deleting version " + text_or(prior, "version") + " of " + fn->name));
    return d;
  }

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto urn = cloud::FunctionUrn::parse(id);
    if (!urn || urn->qualifier.empty() || urn->is_alias() || urn->qualifier == "latest") {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID",
          "\"" + id + "\" is not a version URN (...:function:{app}:{name}:{version})."));
      return out;
    }
    out.value =
        conform(schema().block, Value::object({{"id", Value::string(id)},
                                               {"function_urn", Value::string(urn->unqualified())},
                                               {"version", Value::string(urn->qualifier)}}));
    return out;
  }

 private:
  static bool wants_snapshot(const Value& v) {
    return is_set(v, "enable_snapshot") && v.attribute("enable_snapshot").as_bool();
  }

  // Switches the snapshot; on success `out.value` says so, on failure it keeps what it was.
  void set_snapshot(Platform& p, const cloud::FunctionUrn& fn, const std::string& version,
                    bool enabled, Outcome& out) const {
    auto r = p.functiongraph().set_snapshot(fn.with_qualifier(version), enabled);
    if (!r) {
      out.diagnostics.add(api_error(std::string(enabled ? "enabling" : "disabling") +
                                        " the snapshot of " + fn.name + ":" + version,
                                    r.error()));
      return;
    }
    Value::Entries e = out.value.entries();
    e["enable_snapshot"] = Value::boolean(enabled);
    out.value = Value::object(out.value.type(), std::move(e));
  }

  Value state_of(const Value& known, const cloud::FunctionUrn& fn, const Json& v,
                 Value snapshot) const {
    const std::string version = text_of(v, "version", text_or(known, "version"));
    Value description = string_field(v, "version_description");
    return Value::object(
        schema().block.implied_type(),
        {{"id", Value::string(fn.with_qualifier(version))},
         {"function_urn", known.attribute("function_urn")},
         {"version", Value::string(version)},
         {"description",
          description.is_null() && is_set(known, "description") ? Value::string("") : description},
         {"source_code_hash", known.attribute("source_code_hash")},
         {"enable_snapshot", std::move(snapshot)},
         {"version_urn", Value::string(fn.with_qualifier(version))},
         {"last_modified", string_field(v, "last_modified")}});
  }
};

class AliasResource : public Resource {
 public:
  const schema::Schema& schema() const override { return builtin_schema("functiongraph_alias"); }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (is_set(config, "additional_version_weights") &&
        config.attribute("additional_version_weights").length() > 0 &&
        is_set(config, "rule_strategy")) {
      d.add(
          Diagnostic::error("Conflicting routing",
                            "Use additional_version_weights or a rule_strategy block, not both."));
    }
    if (is_set(config, "additional_version_weights")) {
      for (const auto& [version, weight] :
           config.attribute("additional_version_weights").entries()) {
        if (!weight.is_known() || weight.is_null()) continue;
        const auto& n = weight.as_number();
        if (!n.is_integer() || n < value::Number::from_int(0) || value::Number::from_int(100) < n) {
          d.add(Diagnostic::error("Invalid weight", "The weight of " + version +
                                                        " must be a whole number from 0 to 100.")
                    .at(value::Path::attribute("additional_version_weights").key(version)));
        }
      }
    }
    return d;
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto fn = function_of(planned, out.diagnostics);
    if (!fn) return out;
    Json body = routing_body(planned);
    body["name"] = text_or(planned, "name");
    auto r = p.functiongraph().create_alias(fn->unqualified(), body);
    if (!r && r.error().kind == cloud::ErrorKind::kOutcomeUnknown) {
      // The answer was lost: an alias of this name now is the one just asked for.
      if (auto found = p.functiongraph().get_alias(fn->unqualified(), text_or(planned, "name")))
        r = std::move(found);
    }
    if (!r) {
      out.diagnostics.add(
          api_error("creating alias " + text_or(planned, "name") + " of " + fn->name, r.error()));
      return out;
    }
    if (text_of(*r, "alias_urn").empty()) {
      out.diagnostics.add(
          created_without_id("creating alias " + text_or(planned, "name") + " of " + fn->name,
                             "\"alias_urn\" text", "<alias URN>"));
      return out;
    }
    out.value = state_of(planned, *r);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto fn = function_of(current, out.diagnostics);
    if (!fn) return out;
    auto r = p.functiongraph().get_alias(fn->unqualified(), text_or(current, "name"));
    if (!r) return failed_read(current, "reading alias " + text_or(current, "name"), r.error());
    if (!r->is_object())
      return unusable_read(current, "reading alias " + text_or(current, "name"),
                           "the alias is not a JSON object");
    out.value = state_of(current, *r);
    return out;
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    auto fn = function_of(prior, out.diagnostics);
    if (!fn) return out;
    auto r = p.functiongraph().update_alias(fn->unqualified(), text_or(prior, "name"),
                                            routing_body(planned));
    // The platform deletes a version's aliases with it, so an alias whose version was just
    // replaced (deleted, then published again under the same name) is gone by the time its
    // own update runs. Creating it again under its name is what the plan asked for.
    if (!r && r.error().kind == cloud::ErrorKind::kNotFound) {
      Json body = routing_body(planned);
      body["name"] = text_or(prior, "name");
      r = p.functiongraph().create_alias(fn->unqualified(), body);
    }
    if (!r) {
      out.diagnostics.add(api_error("updating alias " + text_or(prior, "name"), r.error()));
      return out;
    }
    if (!r->is_object()) {  // an answer without the alias: read it back instead
      auto back = read(p, planned);
      out.diagnostics.append(back.diagnostics);
      if (!back.value.is_null()) out.value = back.value;
      return out;
    }
    out.value = state_of(planned, *r);
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    Diagnostics d;
    auto fn = function_of(prior, d);
    if (!fn) return d;
    auto r = p.functiongraph().delete_alias(fn->unqualified(), text_or(prior, "name"));
    d.append(delete_result(r, "deleting alias " + text_or(prior, "name")));
    return d;
  }

  std::optional<std::string> natural_id(Platform&, const Value& planned) override {
    Diagnostics ignored;
    auto fn = function_of(planned, ignored);
    const std::string name = text_or(planned, "name");
    if (!fn || name.empty()) return std::nullopt;
    return fn->with_qualifier("!" + name);
  }

  Outcome import(Platform&, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    auto urn = cloud::FunctionUrn::parse(id);
    if (!urn || !urn->is_alias()) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID",
          "\"" + id + "\" is not an alias URN (...:function:{app}:{name}:!{alias})."));
      return out;
    }
    out.value =
        conform(schema().block, Value::object({{"id", Value::string(id)},
                                               {"function_urn", Value::string(urn->unqualified())},
                                               {"name", Value::string(urn->alias_name())}}));
    return out;
  }

 private:
  static Json routing_body(const Value& v) {
    Json body{{"version", text_or(v, "version")}, {"description", text_or(v, "description")}};
    Json weights = Json::object();
    if (is_set(v, "additional_version_weights")) {
      for (const auto& [version, w] : v.attribute("additional_version_weights").entries()) {
        weights[version] = w.as_number().to_int64().value_or(0);
      }
    }
    body["additional_version_weights"] = weights;
    Json strategy = Json::object();
    if (is_set(v, "rule_strategy")) {
      Value s = v.attribute("rule_strategy");
      Json rules = Json::array();
      for (const auto& r : s.attribute("rule").elements()) {
        rules.push_back({{"rule_type", text_or(r, "type", "Header")},
                         {"param", text_or(r, "param")},
                         {"op", text_or(r, "op")},
                         {"value", text_or(r, "value")}});
      }
      strategy[text_or(s, "version")] = {{"combine_type", text_or(s, "combine_type", "and")},
                                         {"rules", rules}};
    }
    body["additional_version_strategy"] = strategy;
    return body;
  }

  Value state_of(const Value& known, const Json& a) const {
    const auto& block = schema().block;
    Value::Entries weights;
    for (const auto& [version, weight] : object_of(a, "additional_version_weights").items()) {
      if (auto n = cloud::integer_value(weight)) weights.emplace(version, Value::number(*n));
    }
    Value strategy = Value::null(block.block("rule_strategy")->block.implied_type());
    const Json& s = object_of(a, "additional_version_strategy");
    if (!s.empty()) {
      const auto& sblock = block.block("rule_strategy")->block;
      const auto rule_type = sblock.block("rule")->block.implied_type();
      Value::Elements rules;
      for (const auto& r : cloud::array_of(*s.begin(), "rules")) {
        if (!r.is_object()) continue;  // not a rule: an item of another shape
        rules.push_back(Value::object(rule_type, {{"type", string_field(r, "rule_type")},
                                                  {"param", string_field(r, "param")},
                                                  {"op", string_field(r, "op")},
                                                  {"value", string_field(r, "value")}}));
      }
      strategy = Value::object(sblock.implied_type(),
                               {{"version", Value::string(s.begin().key())},
                                {"combine_type", string_field(*s.begin(), "combine_type")},
                                {"rule", Value::list(rule_type, std::move(rules))}});
    }
    Value description = string_field(a, "description");
    // What identifies the alias: the answer's, else the known value (an answer may leave it out).
    auto identity = [&](const char* key, const char* attribute) {
      Value v = string_field(a, key);
      return v.is_null() ? known.attribute(attribute) : v;
    };
    return Value::object(
        block.implied_type(),
        {{"id", identity("alias_urn", "id")},
         {"function_urn", known.attribute("function_urn")},
         {"name", identity("name", "name")},
         {"version", string_field(a, "version")},
         {"description",
          description.is_null() && is_set(known, "description") ? Value::string("") : description},
         {"additional_version_weights",
          weights.empty() && !is_set(known, "additional_version_weights")
              ? Value::null(Type::map(Type::number()))
              : Value::map(Type::number(), std::move(weights))},
         {"rule_strategy", strategy},
         {"alias_urn", identity("alias_urn", "alias_urn")},
         {"last_modified", string_field(a, "last_modified")}});
  }
};

}  // namespace

std::unique_ptr<Resource> make_version_resource() {
  return std::make_unique<VersionResource>();
}
std::unique_ptr<Resource> make_alias_resource() {
  return std::make_unique<AliasResource>();
}

}  // namespace fgform::resources
