#include <cstdlib>
#include <regex>

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace fgform::test;

TEST_CASE("file functions resolve against base_dir", "[functions][filesystem]") {
  CHECK(ok("file", {S("hello.txt")}) == S("Hello World"));
  CHECK(ok("file", {S(std::string(FGFORM_FUNCTION_TEST_DATA) + "/hello.txt")}) == S("Hello World"));
  CHECK(err("file", {S("binary.bin")}).find("are not valid UTF-8") != std::string::npos);
  CHECK(err("file", {S("missing.txt")}) ==
        "no file exists at \"" + std::string(FGFORM_FUNCTION_TEST_DATA) +
            "/missing.txt\"; this function works only with files that are distributed as part "
            "of the configuration source code, so if this file will be created by a resource in "
            "this configuration you must instead obtain this result from an attribute of that "
            "resource");
  CHECK(ok("filebase64", {S("hello.txt")}) == S("SGVsbG8gV29ybGQ="));
  CHECK(ok("filebase64", {S("binary.bin")}) == S("//4="));
  CHECK(ok("fileexists", {S("hello.txt")}) == B(true));
  CHECK(ok("fileexists", {S("nope.txt")}) == B(false));
  CHECK(err("fileexists", {S("fileset")}).find("is a directory, not a file") != std::string::npos);
}

TEST_CASE("fileset globs", "[functions][filesystem]") {
  auto set = [](std::vector<std::string> items) {
    std::vector<Value> v;
    for (auto& s : items) v.push_back(S(s));
    return Value::set(Type::string(), std::move(v));
  };
  CHECK(ok("fileset", {S("."), S("fileset/*.txt")}) == set({"fileset/a.txt"}));
  CHECK(ok("fileset", {S("fileset"), S("**/*.txt")}) ==
        set({"a.txt", "sub/c.txt", "sub/deep/d.txt"}));
  CHECK(ok("fileset", {S("fileset"), S("{a.txt,b.json}")}) == set({"a.txt", "b.json"}));
  CHECK(ok("fileset", {S("fileset"), S("*.{txt,json}")}) == set({"a.txt", "b.json"}));
  CHECK(ok("fileset", {S("fileset"), S("sub/?.txt")}) == set({"sub/c.txt"}));
  CHECK(ok("fileset", {S("fileset"), S("[ab].*")}) == set({"a.txt", "b.json"}));
  CHECK(ok("fileset", {S("no-such-dir"), S("*")}) == set({}));
}

TEST_CASE("path functions", "[functions][filesystem]") {
  CHECK(ok("basename", {S("foo/bar/baz.txt")}) == S("baz.txt"));
  CHECK(ok("basename", {S("/foo/bar/")}) == S("bar"));
  CHECK(ok("basename", {S("")}) == S("."));
  CHECK(ok("dirname", {S("foo/bar/baz.txt")}) == S("foo/bar"));
  CHECK(ok("dirname", {S("baz.txt")}) == S("."));
  CHECK(ok("dirname", {S("/")}) == S("/"));
  CHECK(ok("abspath", {S("/a/b/../c/")}) == S("/a/c"));
  const char* home = std::getenv("HOME");
  if (home) CHECK(ok("pathexpand", {S("~/.ssh/id_rsa")}) == S(std::string(home) + "/.ssh/id_rsa"));
  CHECK(ok("pathexpand", {S("/etc/resolv.conf")}) == S("/etc/resolv.conf"));
}

TEST_CASE("hash functions", "[functions][crypto]") {
  CHECK(ok("md5", {S("hello world")}) == S("5eb63bbbe01eeed093cb22bb8f5acdc3"));
  CHECK(ok("sha1", {S("hello world")}) == S("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"));
  CHECK(ok("sha256", {S("hello world")}) ==
        S("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"));
  CHECK(ok("sha512", {S("hello world")}) ==
        S("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da"
          "34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"));
  CHECK(ok("base64sha256", {S("hello world")}) ==
        S("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
  CHECK(ok("base64sha512", {S("hello world")}) ==
        S("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw="
          "="));
  CHECK(ok("filemd5", {S("hello.txt")}) == S("b10a8db164e0754105b7a99be72e3fe5"));
  CHECK(ok("filesha256", {S("hello.txt")}) ==
        S("a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e"));
  CHECK(ok("filebase64sha256", {S("hello.txt")}) ==
        S("pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4="));
  CHECK(ok("sha256", {Value::unknown(Type::string())}).is_unknown());
  const std::string id = ok("uuid", {}).as_string();
  CHECK(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(ok("uuid", {}) != ok("uuid", {}));
}
