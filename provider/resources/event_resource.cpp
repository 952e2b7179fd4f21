// functiongraph_function_event: a named test payload of a function. The platform keeps `content`
// exactly as sent (base64 of JSON text, as in the official provider), so reading it back shows
// any change made outside the configuration.
#include "event_resource.h"

#include <re2/re2.h>
#include <chrono>

#include "cloud/crypto.h"
#include "cloud/time_format.h"
#include "json_values.h"
#include "planner.h"

namespace fgform::resources {
namespace {

using cloud::Json;
using value::Diagnostic;
using value::Path;

// The largest decoded payload the platform takes (an assumption: docs/design.md says why).
constexpr std::size_t kMaxEventBytes = 6u << 20;

// last_modified is Unix seconds (an integer, or a float in some SDK models). Null when absent,
// of another type, or outside years 0..9999 (no time to format).
Value updated_at(const Json& event) {
  const double t = cloud::number_of(event, "last_modified", -1e18);
  if (t < -62167219200.0 || t > 253402300799.0) return Value::null(value::Type::string());
  const auto seconds = std::chrono::seconds(static_cast<long long>(t));
  return Value::string(
      cloud::format_utc(std::chrono::system_clock::time_point(seconds), "%Y-%m-%dT%H:%M:%SZ"));
}

class FunctionEventResource : public Resource {
 public:
  const schema::Schema& schema() const override {
    return builtin_schema("functiongraph_function_event");
  }

  Diagnostics validate(const Value& config) const override {
    Diagnostics d;
    if (config.is_null() || !config.is_known()) return d;
    const Value content = config.attribute("content");
    if (!content.is_known() || content.is_null()) return d;
    std::string decoded;
    std::string problem;
    if (!cloud::base64_decode(content.as_string(), decoded)) {
      problem = "It is not base64: write base64encode(jsonencode({...})).";
    } else if (decoded.size() > kMaxEventBytes) {
      problem = "It decodes to " + std::to_string(decoded.size()) +
                " bytes; the platform takes at most 6 MB.";
    } else if (Json::parse(decoded, nullptr, false).is_discarded()) {
      problem = "It decodes, but not to JSON: the platform keeps JSON events only.";
    }
    if (!problem.empty())
      d.add(
          Diagnostic::error("Invalid test event content", problem).at(Path::attribute("content")));
    return d;
  }

  Outcome create(Platform& p, const Value& planned) override {
    Outcome out{Value::null(planned.type()), {}};
    const std::string urn = text_or(planned, "function_urn");
    auto r = p.functiongraph().create_event(urn, body_of(planned));
    if (!r) {
      out.diagnostics.add(api_error("creating test event " + text_or(planned, "name"), r.error()));
      return out;
    }
    const std::string id = cloud::text_of(*r, "id");
    if (id.empty()) {
      out.diagnostics.add(created_without_id("creating test event " + text_or(planned, "name"),
                                             "\"id\" text", "<function URN>/<event name>"));
      return out;
    }
    auto back = p.functiongraph().get_event(urn, id);
    if (!back || !back->is_object()) {
      // It exists: keep it in the state with what is known, and say why the rest is missing.
      out.value = with(
          planned, {{"id", Value::string(id)}, {"updated_at", Value::null(value::Type::string())}});
      out.diagnostics.add(
          back ? answer_error("reading back test event " + id, "the event is not a JSON object")
               : api_error("reading back test event " + id, back.error()));
      return out;
    }
    out.value = state_of(with(planned, {{"id", Value::string(id)}}), *back);
    return out;
  }

  Outcome read(Platform& p, const Value& current) override {
    auto r = p.functiongraph().get_event(text_or(current, "function_urn"), text_or(current, "id"));
    if (!r)
      return failed_read(current, "reading test event " + text_or(current, "name"), r.error());
    if (!r->is_object())
      return unusable_read(current, "reading test event " + text_or(current, "name"),
                           "the event is not a JSON object");
    return Outcome{state_of(current, *r), {}};
  }

  Outcome update(Platform& p, const Value& prior, const Value& planned) override {
    Outcome out{prior, {}};
    auto r = p.functiongraph().update_event(text_or(prior, "function_urn"), text_or(prior, "id"),
                                            body_of(planned));
    if (!r) {
      out.diagnostics.add(api_error("updating test event " + text_or(prior, "name"), r.error()));
      return out;
    }
    // The answer is the event as stored (SDK model: id, name, content, last_modified); read it
    // back when an older platform answers less.
    if (cloud::field_of(*r, "content") && cloud::field_of(*r, "last_modified")) {
      out.value = state_of(planned, *r);
      return out;
    }
    auto back = read(p, planned);
    out.diagnostics.append(back.diagnostics);
    if (!back.value.is_null()) out.value = back.value;
    return out;
  }

  Diagnostics remove(Platform& p, const Value& prior) override {
    auto r = p.functiongraph().delete_event(text_or(prior, "function_urn"), text_or(prior, "id"));
    return delete_result(r, "deleting test event " + text_or(prior, "name"));
  }

  // `<function URN>/<event name>` as the official provider, or `<function URN>/<event ID>`. A
  // URN has no '/', and an ID (a 36-character UUID) is longer than any event name.
  Outcome import(Platform& p, const std::string& id) override {
    Outcome out{Value::null(schema().block.implied_type()), {}};
    const auto slash = id.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == id.size()) {
      out.diagnostics.add(Diagnostic::error(
          "Invalid import ID", "\"" + id + "\" is not <function URN>/<event name or ID>."));
      return out;
    }
    const std::string urn = id.substr(0, slash);
    std::string event = id.substr(slash + 1);
    static const re2::RE2 uuid("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    if (!re2::RE2::FullMatch(event, uuid)) {
      auto all = p.functiongraph().list_events(urn);
      if (!all) {
        out.diagnostics.add(api_error("listing the test events of " + urn, all.error()));
        return out;
      }
      std::string found;
      for (const auto& e : *all) {
        if (cloud::text_of(e, "name") == event) found = cloud::text_of(e, "id");
      }
      if (found.empty()) {
        out.diagnostics.add(
            Diagnostic::error("Test event not found",
                              "Function " + urn + " has no test event named \"" + event + "\"."));
        return out;
      }
      event = found;
    }
    out.value = conform(schema().block, Value::object({{"id", Value::string(event)},
                                                       {"function_urn", Value::string(urn)}}));
    return out;
  }

  // Names are unique within a function, so a create cut short is found again by name.
  std::optional<std::string> natural_id(Platform&, const Value& planned) override {
    if (!is_set(planned, "function_urn") || !is_set(planned, "name")) return std::nullopt;
    return text_or(planned, "function_urn") + "/" + text_or(planned, "name");
  }

 private:
  static Json body_of(const Value& planned) {
    return Json{{"name", text_or(planned, "name")}, {"content", text_or(planned, "content")}};
  }

  Value with(const Value& base, Value::Entries changes) const {
    Value::Entries e = base.entries();
    for (auto& [k, v] : changes) e[k] = std::move(v);
    return Value::object(schema().block.implied_type(), std::move(e));
  }

  // The ID and name the answer gives, else the known ones (an answer may leave them out).
  Value state_of(const Value& known, const Json& event) const {
    auto identity = [&](const char* key) {
      Value v = string_field(event, key);
      return v.is_null() ? known.attribute(key) : v;
    };
    return Value::object(schema().block.implied_type(),
                         {{"id", identity("id")},
                          {"function_urn", known.attribute("function_urn")},
                          {"name", identity("name")},
                          {"content", string_field_keep_empty(event, "content")},
                          {"updated_at", updated_at(event)}});
  }
};

}  // namespace

std::unique_ptr<Resource> make_function_event_resource() {
  return std::make_unique<FunctionEventResource>();
}

}  // namespace fgform::resources
