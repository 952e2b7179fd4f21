// The saved-plan reader (`fgform apply FILE`, `fgform show FILE`). A plan it accepts must write
// and read back.
//
// plan_file.cpp is compiled into this target rather than linking the whole engine library; the
// one engine function it calls, schema_for, is given here from the same built-in schema registry
// the resource catalogue serves its schemas from.
#include "core/plan_file.h"
#include "fuzz_input.h"
#include "schema/registry.h"

namespace fgform::core {
const schema::Schema* schema_for(state::ResourceMode mode, const std::string& type) {
  const auto& registry = schema::Registry::builtin();
  return mode == state::ResourceMode::kManaged ? registry.resource(type)
                                               : registry.data_source(type);
}
}  // namespace fgform::core

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  auto plan = core::read_plan_file(fuzz::text(data, size), "fuzz.tfplan");
  if (!plan.ok()) return 0;
  auto written = core::write_plan_file(plan.value);
  if (!written.ok()) fuzz::fail("a plan that was read does not write");
  auto again = core::read_plan_file(written.value, "written.tfplan");
  if (!again.ok()) fuzz::fail("a plan that was read and written does not read again");
  return 0;
}
