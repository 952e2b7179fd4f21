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

TEST_CASE("marks: many paths into one object mark each and leave the rest shared") {
  Value inner = Value::object({{"token", Value::string("t")}, {"user", Value::string("u")}});
  Value plain = Value::object({
      {"a", Value::string("1")},
      {"b", Value::string("2")},
      {"c", Value::string("3")},
      {"auth", inner},
      {"list", Value::list(Type::string(), {Value::string("x"), Value::string("y")})},
      {"gone", Value::null(Type::string())},
  });
  // Several paths through the same entries, a path that ends where a longer one goes on, a
  // null marked, and paths that lead nowhere, in no particular order.
  std::vector<Path> paths{Path().attr("c"),
                          Path().attr("auth").attr("token"),
                          Path().attr("a"),
                          Path().attr("list").index(1),
                          Path().attr("auth"),
                          Path().attr("list").index(0),
                          Path().attr("gone"),
                          Path().attr("nope"),
                          Path().attr("auth").attr("nope"),
                          Path().attr("list").index(-1)};
  Value marked = mark_paths(plain, paths);
  CHECK(marked == plain);
  for (const char* name : {"a", "c", "gone", "auth"}) CHECK(marked.attribute(name).is_sensitive());
  CHECK_FALSE(marked.attribute("b").is_sensitive());
  CHECK(marked.attribute("auth").attribute("token").is_sensitive());
  CHECK_FALSE(marked.attribute("auth").attribute("user").is_sensitive());
  CHECK(marked.attribute("list").elements()[0].is_sensitive());
  CHECK(marked.attribute("list").elements()[1].is_sensitive());
  CHECK_FALSE(marked.attribute("list").is_sensitive());
  // The outermost marks, as a state file records them.
  CHECK(sensitive_paths_of(marked).size() == 6);
  // What no path touches is the same content, not a copy.
  CHECK(marked.attribute("b").shares_payload(plain.attribute("b")));
  CHECK(marked.attribute("auth").attribute("user").shares_payload(inner.attribute("user")));
  // Marking path by path gives the same value, marks included.
  Value one_by_one = plain;
  for (const auto& p : paths) one_by_one = mark_paths(one_by_one, {p});
  CHECK(sensitive_paths_of(one_by_one) == sensitive_paths_of(marked));
  // No paths: the value itself.
  CHECK(mark_paths(plain, {}).shares_payload(plain));
}
