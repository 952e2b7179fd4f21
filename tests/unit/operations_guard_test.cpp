// The operations both fronts call (resources/operations.h) never let an exception out: one from
// a resource (a bug, or an answer of a shape no reader expected) becomes an error diagnostic
// naming the type, and the value known to be true is kept.
#include <catch2/catch.hpp>

#include "resources/operations.h"

using namespace fgform;
using resources::Outcome;
using resources::Platform;
using resources::Value;

namespace {

// What nlohmann throws when an answer has another type than the code reads.
[[noreturn]] void read_a_number_as_text() {
  (void)nlohmann::json(5).get<std::string>();
  throw std::logic_error("unreachable");
}

class ThrowingResource : public resources::Resource {
 public:
  const schema::Schema& schema() const override {
    return resources::builtin_schema("functiongraph_vpc");
  }
  Outcome create(Platform&, const Value&) override { read_a_number_as_text(); }
  Outcome read(Platform&, const Value&) override { read_a_number_as_text(); }
  Outcome update(Platform&, const Value&, const Value&) override { read_a_number_as_text(); }
  value::Diagnostics remove(Platform&, const Value&) override { read_a_number_as_text(); }
  Outcome import(Platform&, const std::string&) override { read_a_number_as_text(); }
  std::vector<Outcome> read_many(Platform&, const std::vector<Value>&) override {
    read_a_number_as_text();
  }
};

class ThrowingDataSource : public resources::DataSource {
 public:
  const schema::Schema& schema() const override {
    return resources::builtin_data_source_schema("functiongraph_functions");
  }
  Outcome read(Platform&, const Value&) override { throw std::runtime_error("secret=abc"); }
};

Value vpc(const std::string& id) {
  const auto& block = resources::builtin_schema("functiongraph_vpc").block;
  return resources::conform(
      block, Value::object({{"id", Value::string(id)}, {"name", Value::string("v")}}));
}

// The one error, which names the type and what was being done.
void check_error(const value::Diagnostics& d, const std::string& doing, const std::string& type) {
  REQUIRE(d.has_errors());
  REQUIRE(d.items().size() == 1);
  const auto& e = d.items()[0];
  CHECK(e.summary == "Unexpected error " + doing + " " + type);
  CHECK(e.detail.find("type_error") != std::string::npos);
}

}  // namespace

TEST_CASE("operations: an exception from a resource becomes an error diagnostic") {
  Platform platform{cloud::ClientConfig{}};
  ThrowingResource r;
  const Value current = vpc("v1");
  const Value null = Value::null(current.type());

  auto read = resources::read_resource(platform, r, current);
  check_error(read.diagnostics, "reading", "functiongraph_vpc");
  CHECK(read.value == current);  // kept, not gone

  auto batch = resources::read_resources(platform, r, {current, null, vpc("v2")});
  REQUIRE(batch.size() == 3);
  check_error(batch[0].diagnostics, "reading", "functiongraph_vpc");
  CHECK(batch[0].value == current);
  CHECK_FALSE(batch[1].diagnostics.has_errors());
  CHECK(batch[1].value.is_null());
  CHECK(batch[2].value == vpc("v2"));

  auto created = resources::apply_resource_change(platform, r, null, current);
  check_error(created.diagnostics, "applying", "functiongraph_vpc");
  CHECK(created.value.is_null());
  auto updated = resources::apply_resource_change(platform, r, current, vpc("v1"));
  check_error(updated.diagnostics, "applying", "functiongraph_vpc");
  CHECK(updated.value == current);
  auto deleted = resources::apply_resource_change(platform, r, current, null);
  check_error(deleted.diagnostics, "applying", "functiongraph_vpc");
  CHECK(deleted.value == current);  // still there as far as anyone knows

  auto imported = resources::import_resource(platform, r, "v1");
  check_error(imported.diagnostics, "importing", "functiongraph_vpc");
}

TEST_CASE("operations: other exceptions are reported without their text") {
  Platform platform{cloud::ClientConfig{}};
  ThrowingDataSource ds;
  const auto& block = ds.schema().block;
  const Value config = resources::conform(block, Value::object(block.implied_type(), {}));
  auto read = resources::read_data_source(platform, ds, config);
  REQUIRE(read.diagnostics.has_errors());
  const auto& e = read.diagnostics.items()[0];
  CHECK(e.summary == "Unexpected error reading functiongraph_functions");
  CHECK(e.detail.find("secret") == std::string::npos);  // may quote configuration or answers
}
