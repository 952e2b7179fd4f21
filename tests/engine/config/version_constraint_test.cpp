#include "config/version_constraint.h"

#include <catch2/catch.hpp>

using fgform::config::parse_version;
using fgform::config::parse_version_constraint;

namespace {

bool allows(const char* constraint, const char* version) {
  auto c = parse_version_constraint(constraint);
  REQUIRE(c.constraint);
  auto v = parse_version(version);
  REQUIRE(v);
  return c.constraint->allows(*v);
}

}  // namespace

TEST_CASE("versions: three numbers, an optional pre-release, build metadata ignored") {
  CHECK(parse_version("0.1.0"));
  CHECK(parse_version("10.20.30"));
  CHECK(parse_version("1.0.0-beta.1")->prerelease == "beta.1");
  CHECK(parse_version("1.0.0+build.5")->prerelease.empty());
  CHECK_FALSE(parse_version("1.0"));
  CHECK_FALSE(parse_version("1.0.0.0"));
  CHECK_FALSE(parse_version("v1.0.0"));
  CHECK_FALSE(parse_version("01.0.0"));
  CHECK_FALSE(parse_version("1.0.0-"));
  CHECK_FALSE(parse_version(""));
}

TEST_CASE("constraints: comparison operators") {
  CHECK(allows("0.1.0", "0.1.0"));
  CHECK(allows("= 0.1.0", "0.1.0"));
  CHECK_FALSE(allows("= 0.1.1", "0.1.0"));
  CHECK(allows("!= 0.2.0", "0.1.0"));
  CHECK_FALSE(allows("!= 0.1.0", "0.1.0"));
  CHECK(allows(">= 0.1", "0.1.0"));
  CHECK_FALSE(allows("> 0.1.0", "0.1.0"));
  CHECK(allows("< 1.0.0", "0.9.9"));
  CHECK(allows("<= 0.1.0", "0.1.0"));
  CHECK_FALSE(allows(">= 99.0", "0.1.0"));
}

TEST_CASE("constraints: ~> allows only the last number written to grow") {
  CHECK(allows("~> 0.1", "0.1.0"));
  CHECK(allows("~> 0.1", "0.9.3"));
  CHECK_FALSE(allows("~> 0.1", "1.0.0"));
  CHECK_FALSE(allows("~> 0.2", "0.1.0"));
  CHECK(allows("~> 1.2.3", "1.2.9"));
  CHECK_FALSE(allows("~> 1.2.3", "1.3.0"));
  CHECK_FALSE(allows("~> 1.2.3", "1.2.2"));
  CHECK(allows("~> 1", "1.7.0"));
  CHECK_FALSE(allows("~> 1", "2.0.0"));
}

TEST_CASE("constraints: every comma-separated condition must hold") {
  CHECK(allows(">= 0.1, < 0.2", "0.1.5"));
  CHECK_FALSE(allows(">= 0.1, < 0.2", "0.2.0"));
  CHECK(allows(" >=0.1 ,<1 ", "0.5.0"));
}

TEST_CASE("constraints: a pre-release is chosen only by name") {
  CHECK(allows("= 1.0.0-beta", "1.0.0-beta"));
  CHECK_FALSE(allows(">= 0.9", "1.0.0-beta"));
  CHECK(allows(">= 0.9", "1.0.0"));
}

TEST_CASE("constraints: bad text says what is wrong") {
  for (const char* bad : {"", ",", ">= 1.0,", "~>", "latest", ">= x.1", "1.2.3.4", "=> 1.0"}) {
    INFO(bad);
    auto c = parse_version_constraint(bad);
    CHECK_FALSE(c.constraint);
    CHECK_FALSE(c.error.empty());
  }
}
