// A small resource type and plans made by hand, so the drift analysis is tested without an
// engine or a platform.
#pragma once

#include "plan/plan.h"
#include "schema/schema.h"
#include "state/address.h"
#include "state/state.h"
#include "value/value.h"

namespace drift_fixtures {

using fgform::value::Type;
using fgform::value::Value;

inline fgform::schema::Attribute attribute(std::string name, Type type, bool optional,
                                           bool computed, bool sensitive = false,
                                           bool reports_drift = false) {
  fgform::schema::Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.optional = optional;
  a.computed = computed;
  a.sensitive = sensitive;
  a.reports_drift = reports_drift;
  a.description = "test";
  return a;
}

// t_thing: id and last_modified are computed-only noise, digest is computed but reports drift.
inline const fgform::schema::Schema& thing_schema() {
  static const fgform::schema::Schema schema = [] {
    fgform::schema::Schema built;
    built.type_name = "t_thing";
    built.block.attributes = {
        attribute("id", Type::string(), false, true),
        attribute("description", Type::string(), true, false),
        attribute("memory_size", Type::number(), true, true),
        attribute("secret", Type::string(), true, false, true),
        attribute("tags", Type::map(Type::string()), true, false),
        attribute("last_modified", Type::string(), false, true),
        attribute("digest", Type::string(), false, true, false, true),
    };
    built.block.cache_implied_types();
    return built;
  }();
  return schema;
}

struct Thing {
  std::string description = "d";
  long long memory = 128;
  std::string secret = "s3cret";
  std::map<std::string, std::string> tags = {{"team", "a"}};
  std::string last_modified = "2026-01-01";
  std::string digest = "abc";

  Value value() const {
    Value::Entries t;
    for (const auto& [k, v] : tags) t.emplace(k, Value::string(v));
    Value::Entries e{{"id", Value::string("urn:1")},
                     {"description", Value::string(description)},
                     {"memory_size", Value::number(memory)},
                     {"secret", Value::string(secret)},
                     {"tags", Value::map(Type::string(), std::move(t))},
                     {"last_modified", Value::string(last_modified)},
                     {"digest", Value::string(digest)}};
    return Value::object(thing_schema().block.implied_type(), std::move(e));
  }
};

inline fgform::plan::ResourceDrift drift_of(const std::string& address, const Value& before,
                                            const Value& after) {
  fgform::plan::ResourceDrift d;
  d.address = address;
  d.type = "t_thing";
  d.before = before;
  d.after = after;
  d.schema = &thing_schema();
  return d;
}

inline fgform::plan::ResourceInstanceChange change_of(const std::string& address,
                                                      fgform::plan::Action action,
                                                      const Value& before, const Value& after) {
  fgform::plan::ResourceInstanceChange c;
  c.address = address;
  c.type = "t_thing";
  c.action = action;
  c.before = before;
  c.after = after;
  c.schema = &thing_schema();
  return c;
}

inline fgform::state::State state_with(const std::vector<std::string>& addresses) {
  auto st = fgform::state::State::create("1.11.4");
  for (const auto& a : addresses) {
    auto parsed = fgform::state::parse_abs_resource_instance(a);
    st.set(parsed.value, fgform::state::InstanceObject{}, "provider[\"x/y\"]");
  }
  return st;
}

inline Value null_thing() {
  return Value::null(thing_schema().block.implied_type());
}

}  // namespace drift_fixtures
