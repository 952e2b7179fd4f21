#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("every documented built-in is registered", "[functions]") {
  for (const char* name : {"format",
                           "formatlist",
                           "join",
                           "split",
                           "replace",
                           "regex",
                           "regexall",
                           "lower",
                           "upper",
                           "title",
                           "trim",
                           "trimspace",
                           "trimprefix",
                           "trimsuffix",
                           "chomp",
                           "substr",
                           "strrev",
                           "indent",
                           "startswith",
                           "endswith",
                           "strcontains",
                           "length",
                           "concat",
                           "merge",
                           "lookup",
                           "keys",
                           "values",
                           "flatten",
                           "distinct",
                           "zipmap",
                           "contains",
                           "element",
                           "index",
                           "slice",
                           "range",
                           "setunion",
                           "setintersection",
                           "setsubtract",
                           "setproduct",
                           "coalesce",
                           "coalescelist",
                           "compact",
                           "chunklist",
                           "reverse",
                           "sort",
                           "one",
                           "alltrue",
                           "anytrue",
                           "sum",
                           "transpose",
                           "matchkeys",
                           "tolist",
                           "toset",
                           "tomap",
                           "tostring",
                           "tonumber",
                           "tobool",
                           "jsonencode",
                           "jsondecode",
                           "base64encode",
                           "base64decode",
                           "urlencode",
                           "yamlencode",
                           "csvdecode",
                           "file",
                           "filebase64",
                           "fileexists",
                           "fileset",
                           "basename",
                           "dirname",
                           "abspath",
                           "pathexpand",
                           "md5",
                           "sha1",
                           "sha256",
                           "sha512",
                           "base64sha256",
                           "base64sha512",
                           "filemd5",
                           "filesha1",
                           "filesha256",
                           "filesha512",
                           "filebase64sha256",
                           "uuid",
                           "abs",
                           "ceil",
                           "floor",
                           "log",
                           "max",
                           "min",
                           "parseint",
                           "pow",
                           "signum",
                           "sensitive",
                           "nonsensitive",
                           "issensitive",
                           "timestamp",
                           "formatdate",
                           "timeadd",
                           "timecmp"}) {
    INFO(name);
    CHECK(builtins().count(name) == 1);
  }
}

TEST_CASE("unknown arguments give unknown results of the right type", "[functions][unknown]") {
  const Value unknown_string = Value::unknown(Type::string());
  const Value unknown_list = Value::unknown(Type::list(Type::string()));
  CHECK(ok("join", {S(","), unknown_list}) == unknown_string);
  CHECK(ok("join", {S(","), L(Type::string(), {S("a"), unknown_string})}) == unknown_string);
  CHECK(ok("split", {S(","), unknown_string}) == unknown_list);
  CHECK(ok("keys", {Value::unknown(Type::map(Type::number()))}) == unknown_list);
  CHECK(ok("keys", {Value::unknown(Type::object({{"a", Type::string()}}))}) == T({S("a")}));
  CHECK(ok("element", {SL({"a"}), Value::unknown(Type::number())}) == unknown_string);
  CHECK(ok("concat", {SL({"a"}), unknown_list}).is_unknown());
  CHECK(ok("sort", {L(Type::string(), {S("b"), unknown_string})}) == unknown_list);
  CHECK(ok("sum", {T({N(1), Value::unknown(Type::number())})}) == Value::unknown(Type::number()));
  CHECK(ok("contains", {L(Type::string(), {S("a"), unknown_string}), S("a")}) == B(true));
  CHECK(ok("contains", {L(Type::string(), {S("a"), unknown_string}), S("b")}) ==
        Value::unknown(Type::boolean()));
  CHECK(ok("tonumber", {unknown_string}) == Value::unknown(Type::number()));
  CHECK(ok("md5", {Value::unknown(Type::dynamic())}).is_unknown());
  CHECK(ok("formatdate", {S("YYYY"), unknown_string}) == unknown_string);
  CHECK(ok("merge", {O({{"a", N(1)}}), Value::unknown(Type::dynamic())}).is_unknown());

  // Marks travel through calls that do not inspect them.
  CHECK(ok("join", {S(","), SL({"a", "b"}).marked_sensitive()}).is_sensitive());
  CHECK(ok("jsonencode", {O({{"p", S("secret").marked_sensitive()}})}).is_sensitive());
  CHECK(ok("length", {S("abc").marked_sensitive()}).is_sensitive());
  CHECK_FALSE(ok("length", {S("abc")}).is_sensitive());
}
