// templatefile exists only once the template parser (engine/hcl/parser.cpp) does.
#ifdef FGFORM_HAVE_TEMPLATES

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("templatefile", "[functions][filesystem]") {
  CHECK(ok("templatefile", {S("templates/hello.tmpl"), O({{"name", S("Jodie")}})}) ==
        S("Hello, Jodie!"));
  CHECK(ok("templatefile",
           {S("templates/backends.tmpl"),
            O({{"port", N(8080)}, {"ip_addrs", T({S("10.0.0.1"), S("10.0.0.2")})}})}) ==
        S("backend 10.0.0.1:8080\nbackend 10.0.0.2:8080\n"));
  CHECK(ok("templatefile", {S("templates/func.tmpl"),
                            O({{"name", S("a")}, {"items", SL({"x", "y"})}})}) == S("A 2"));
  CHECK(err("templatefile", {S("templates/missing.tmpl"), O({})})
            .rfind("vars map does not contain key \"missing\", referenced at ", 0) == 0);
  CHECK(err("templatefile", {S("templates/hello.tmpl"), S("x")}) ==
        "invalid vars value: must be a map");
  CHECK(err("templatefile", {S("templates/recursive.tmpl"), O({})})
            .find("cannot recursively call templatefile from inside another template function") !=
        std::string::npos);
  CHECK(ok("templatefile", {S("templates/hello.tmpl"), Value::unknown(Type::dynamic())})
            .is_unknown());
}

#endif  // FGFORM_HAVE_TEMPLATES
