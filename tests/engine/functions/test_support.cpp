#include "test_support.h"

#include <filesystem>

#include <catch2/catch.hpp>

namespace fgform::test {

const hcl::FunctionTable& builtins() {
  static const hcl::FunctionTable table = lang::builtin_functions(
      lang::FunctionOptions{std::filesystem::path(FGFORM_FUNCTION_TEST_DATA)});
  return table;
}

hcl::FunctionCallResult call(const std::string& name, std::vector<Value> args) {
  auto it = builtins().find(name);
  if (it == builtins().end()) {
    FAIL("no function " << name);
  }
  return hcl::call(it->second, args);
}

Value ok(const std::string& name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  if (r.error) FAIL(name << " failed: " << r.error->message);
  return r.value;
}

std::string err(const std::string& name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  if (!r.error) FAIL(name << " succeeded with " << r.value.debug_string());
  return r.error->message;
}

}  // namespace fgform::test
