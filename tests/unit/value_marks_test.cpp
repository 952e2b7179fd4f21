// Sensitive marks to paths and back (state sensitive_attributes, saved plans).
#include <catch2/catch.hpp>

#include "value/marks.h"

using namespace fgform::value;

TEST_CASE("marks: paths of sensitive values, and marking them again") {
  Value plain = Value::object({
      {"name", Value::string("f")},
      {"env", Value::map(Type::string(), {{"user", Value::string("u")},
                                          {"password", Value::string("p")}})},
      {"keys", Value::list(Type::string(), {Value::string("a"), Value::string("b")})},
      {"later", Value::unknown(Type::string())},
  });
  CHECK(sensitive_paths_of(plain).empty());

  std::vector<Path> paths{Path().attr("env").key("password"), Path().attr("keys").index(1),
                          Path().attr("missing"), Path().attr("keys").index(7)};
  Value marked = mark_paths(plain, paths);
  CHECK(marked == plain);  // marks do not change the content
  CHECK(marked.attribute("env").entries().at("password").is_sensitive());
  CHECK_FALSE(marked.attribute("env").entries().at("user").is_sensitive());
  CHECK(marked.attribute("keys").elements()[1].is_sensitive());
  CHECK_FALSE(marked.attribute("name").is_sensitive());

  // Only the paths that exist come back, and they round-trip.
  auto back = sensitive_paths_of(marked);
  REQUIRE(back.size() == 2);
  CHECK(mark_paths(plain, back).attribute("keys").elements()[1].is_sensitive());
  CHECK(sensitive_paths_of(mark_paths(plain, back)).size() == 2);

  // A wholly sensitive value is the empty path; marking through an unknown is a no-op.
  CHECK(sensitive_paths_of(plain.marked_sensitive()).size() == 1);
  CHECK(sensitive_paths_of(plain.marked_sensitive())[0].steps().empty());
  CHECK(sensitive_paths_of(mark_paths(plain, {Path().attr("later").attr("x")})).empty());
  // An outer mark survives marking inside it.
  Value outer = plain.marked_sensitive();
  CHECK(mark_paths(outer, {Path().attr("env").key("user")}).is_sensitive());
}
