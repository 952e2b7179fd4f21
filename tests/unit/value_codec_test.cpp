// msgpack and JSON wire forms of values, byte for byte where Terraform is strict.
#include <catch2/catch.hpp>

#include "value/codec.h"

using namespace fgform::value;

namespace {

std::string hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  return out;
}

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

Value round_trip(const Value& v, const Type& t) {
  auto enc = to_msgpack(v, t);
  REQUIRE(enc.ok());
  auto dec = from_msgpack(enc.value, t);
  REQUIRE(dec.ok());
  return dec.value;
}

const Type kFunction = Type::object({
    {"name", Type::string()},
    {"memory_size", Type::number()},
    {"enabled", Type::boolean()},
    {"tags", Type::map(Type::string())},
    {"depend_list", Type::set(Type::string())},
    {"func_mounts", Type::list(Type::object(
                        {{"local_mount_path", Type::string()}, {"mount_type", Type::string()}}))},
    {"extra", Type::dynamic()},
});

}  // namespace

TEST_CASE("msgpack: null and unknown have Terraform's exact bytes") {
  CHECK(hex(to_msgpack(Value::null(Type::string()), Type::string()).value) == "c0");
  CHECK(hex(to_msgpack(Value::unknown(Type::string()), Type::string()).value) == "d40000");
  CHECK(hex(to_msgpack(Value::unknown(Type::dynamic()), Type::dynamic()).value) == "d40000");
  CHECK(hex(to_msgpack(Value::null(kFunction), kFunction).value) == "c0");
}

TEST_CASE("msgpack: any extension decodes as unknown, including refined unknowns") {
  auto plain = from_msgpack(unhex("d40000"), Type::string());
  REQUIRE(plain.ok());
  CHECK(plain.value.is_unknown());
  // ext 12 with a refinement map {1: false}: "definitely not null"
  auto refined = from_msgpack(unhex("c7030c8101c2"), Type::string());
  REQUIRE(refined.ok());
  CHECK(refined.value.is_unknown());
  CHECK(refined.value.type() == Type::string());
}

TEST_CASE("msgpack: objects carry every attribute, sorted, null where absent") {
  Type t = Type::object({{"b", Type::string()}, {"a", Type::number()}});
  auto enc = to_msgpack(Value::object(t, {{"a", Value::number(1)}}), t);
  REQUIRE(enc.ok());
  // fixmap(2) "a" 1 "b" nil
  CHECK(hex(enc.value) == "82a16101a162c0");
}

TEST_CASE("msgpack: numbers are int, float64, or decimal text beyond both") {
  CHECK(hex(to_msgpack(Value::number(5), Type::number()).value) == "05");
  CHECK(hex(to_msgpack(Value::number(-1), Type::number()).value) == "ff");
  CHECK(hex(to_msgpack(Value::number(*Number::parse("0.5")), Type::number()).value) ==
        "cb3fe0000000000000");
  const Number big = *Number::parse("123456789012345678901234567890");
  CHECK(to_msgpack(Value::number(big), Type::number()).value.substr(1) == big.text());
  CHECK(round_trip(Value::number(big), Type::number()).as_number() == big);
  const Number precise = *Number::parse("0.1000000000000000000001");
  CHECK(round_trip(Value::number(precise), Type::number()).as_number() == precise);
  // Every integer width and float32 decode.
  CHECK(from_msgpack(unhex("cd0100"), Type::number()).value.as_number().text() == "256");
  CHECK(from_msgpack(unhex("d3ffffffffffffffff"), Type::number()).value.as_number().text() == "-1");
  CHECK(from_msgpack(unhex("cfffffffffffffffff"), Type::number()).value.as_number().text() ==
        "18446744073709551615");
  CHECK(from_msgpack(unhex("ca3fc00000"), Type::number()).value.as_number().text() == "1.5");
}

TEST_CASE("msgpack: nested values round-trip, with unknowns and nulls inside") {
  Value v = Value::object(
      kFunction,
      {{"name", Value::string("hello")},
       {"memory_size", Value::number(256)},
       {"enabled", Value::unknown(Type::boolean())},
       {"tags", Value::map(Type::string(),
                           {{"team", Value::string("a")}, {"env", Value::null(Type::string())}})},
       {"depend_list", Value::set(Type::string(), {Value::string("d2"), Value::string("d1")})},
       {"func_mounts",
        Value::list(kFunction.attributes().at("func_mounts").element(),
                    {Value::object(kFunction.attributes().at("func_mounts").element(),
                                   {{"local_mount_path", Value::string("/mnt/a")}})})},
       {"extra", Value::object(
                     {{"k", Value::list(Type::number(), {Value::number(1), Value::number(2)})}})}});
  Value back = round_trip(v, kFunction);
  CHECK(back == v);
  CHECK(back.attribute("enabled").is_unknown());
  CHECK(back.attribute("extra").type() == Type::object({{"k", Type::list(Type::number())}}));
  CHECK(back.attribute("func_mounts").elements()[0].attribute("mount_type").is_null());
}

TEST_CASE("msgpack: dynamic values are [type JSON as bin, value]") {
  auto enc = to_msgpack(Value::string("x"), Type::dynamic());
  REQUIRE(enc.ok());
  // fixarray(2), bin8 len 8 "\"string\"", fixstr "x"
  CHECK(hex(enc.value) == "92c408" + hex("\"string\"") + "a178");
  CHECK(hex(to_msgpack(Value::null(Type::dynamic()), Type::dynamic()).value) == "c0");
}

TEST_CASE("msgpack: bad input is a diagnostic with the attribute path, never a crash") {
  Type t = Type::object({{"name", Type::string()}, {"n", Type::number()}});
  auto wrong = from_msgpack(unhex("82a46e616d6505a16ec0"), t);  // name: 5
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.diagnostics.items()[0].attribute->to_string() == "name");
  auto extra = from_msgpack(unhex("81a17a01"), t);  // {z: 1}
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.diagnostics.items()[0].detail.find("unsupported attribute \"z\"") !=
        std::string::npos);
  for (const char* junk : {"", "82a1", "c1", "dc00", "92c40474797065c0", "0505"}) {
    INFO(junk);
    CHECK_FALSE(from_msgpack(unhex(junk), t).ok());
  }
  std::string deep(400, '\x91');
  deep.push_back('\xc0');
  CHECK_FALSE(from_msgpack(deep, Type::dynamic()).ok());
  auto bad_encode = to_msgpack(Value::number(1), Type::string());
  CHECK_FALSE(bad_encode.ok());
}

TEST_CASE("JSON: state-file form, dynamic as {value,type}, unknown refused") {
  Type t =
      Type::object({{"name", Type::string()}, {"size", Type::number()}, {"any", Type::dynamic()}});
  Value v = Value::object(t, {{"name", Value::string("a")},
                              {"size", Value::number(*Number::parse("1.5"))},
                              {"any", Value::boolean(true)}});
  auto j = to_json(v, t);
  REQUIRE(j.ok());
  CHECK(j.value.dump() == R"({"any":{"type":"bool","value":true},"name":"a","size":1.5})");
  auto back = from_json(j.value, t);
  REQUIRE(back.ok());
  CHECK(back.value == v);

  auto missing = from_json(nlohmann::json::parse(R"({"name":"a"})"), t);
  REQUIRE(missing.ok());
  CHECK(missing.value.attribute("size").is_null());
  auto extra = from_json(nlohmann::json::parse(R"({"name":"a","old":1})"), t);
  CHECK_FALSE(extra.ok());
  CHECK(from_json(nlohmann::json::parse(R"({"name":"a","old":1})"), t, {true}).ok());
  CHECK_FALSE(to_json(Value::unknown(Type::string()), Type::string()).ok());
  CHECK_FALSE(from_json(nlohmann::json::parse(R"({"name":5})"), t).ok());
}

// msgpack-c allocates an array's elements when it reads the header: 5 bytes claiming 2^32 - 1
// elements made it ask for tens of GiB and the process die (found by the msgpack fuzz target;
// reproducer in fuzz/seeds/msgpack). Counts are now bounded by the input's length.
TEST_CASE("msgpack: a header claiming more elements than there are bytes is an error") {
  for (const char* hex : {"ddffffffff", "dfffffffff", "9192a46c697374ddffffffff"}) {
    auto dec = from_msgpack(unhex(hex), Type::dynamic());
    CHECK_FALSE(dec.ok());
  }
  auto list = from_msgpack(unhex("dd000000ff"), Type::list(Type::number()));
  CHECK_FALSE(list.ok());
}
