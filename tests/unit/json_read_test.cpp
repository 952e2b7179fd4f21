// The tolerant readers of platform answers (cloud/json_read.h): every shape of answer gives a
// value or the fallback, never an exception.
#include <catch2/catch.hpp>

#include "cloud/json_read.h"
#include "resources/json_values.h"

using namespace fgform;
using cloud::array_of;
using cloud::bool_of;
using cloud::field_of;
using cloud::integer_of;
using cloud::number_of;
using cloud::object_of;
using cloud::text_of;
using Json = nlohmann::json;

namespace {

// Answers of every JSON type, to read every field from.
const Json kOdd = Json::parse(R"({
  "text": "abc", "empty": "", "int": 12, "float_int": 12.0, "float": 12.5, "big": 1e300,
  "negative": -3, "huge_unsigned": 18446744073709551615, "yes": true, "no": false,
  "null": null, "object": {"a": 1}, "array": [1, "x", {"b": 2}],
  "number_text": "12", "true_text": "true"
})");

const Json kNotObjects[] = {Json(),   Json(5), Json("text"), Json(true), Json::array({1, 2}),
                            Json(1.5)};

}  // namespace

TEST_CASE("json_read: text is read only from text fields") {
  CHECK(text_of(kOdd, "text") == "abc");
  CHECK(text_of(kOdd, "empty", "fb") == "");  // "" is text: the caller decides what it means
  CHECK(text_of(kOdd, "missing", "fb") == "fb");
  CHECK(text_of(kOdd, "null", "fb") == "fb");
  // Another type is absent, not converted.
  CHECK(text_of(kOdd, "int", "fb") == "fb");
  CHECK(text_of(kOdd, "yes", "fb") == "fb");
  CHECK(text_of(kOdd, "object", "fb") == "fb");
  CHECK(text_of(kOdd, "array", "fb") == "fb");
}

TEST_CASE("json_read: integers are integral numbers that fit in 64 bits") {
  CHECK(integer_of(kOdd, "int") == 12);
  CHECK(integer_of(kOdd, "float_int") == 12);
  CHECK(integer_of(kOdd, "negative") == -3);
  CHECK(integer_of(kOdd, "float", -1) == -1);
  CHECK(integer_of(kOdd, "big", -1) == -1);
  CHECK(integer_of(kOdd, "huge_unsigned", -1) == -1);
  CHECK(integer_of(kOdd, "number_text", -1) == -1);
  CHECK(integer_of(kOdd, "yes", -1) == -1);
  CHECK(integer_of(kOdd, "null", -1) == -1);
  CHECK(integer_of(kOdd, "missing", -1) == -1);
  CHECK(integer_of(Json::parse("{\"n\":-9223372036854775808}"), "n") == INT64_MIN);
  CHECK(integer_of(Json::parse("{\"n\":9.3e18}"), "n", -1) == -1);
}

TEST_CASE("json_read: numbers, booleans, objects and arrays keep their own type") {
  CHECK(number_of(kOdd, "float") == 12.5);
  CHECK(number_of(kOdd, "int") == 12);
  CHECK(number_of(kOdd, "number_text", -1) == -1);
  CHECK(bool_of(kOdd, "yes") == true);
  CHECK(bool_of(kOdd, "no", true) == false);
  CHECK(bool_of(kOdd, "true_text", false) == false);
  CHECK(bool_of(kOdd, "int", true) == true);
  CHECK(object_of(kOdd, "object").size() == 1);
  CHECK(object_of(kOdd, "array").is_object());
  CHECK(object_of(kOdd, "array").empty());
  CHECK(array_of(kOdd, "array").size() == 3);
  CHECK(array_of(kOdd, "object").is_array());
  CHECK(array_of(kOdd, "object").empty());
  CHECK(array_of(kOdd, "text").empty());
  CHECK(field_of(kOdd, "null") == nullptr);
  CHECK(field_of(kOdd, "missing") == nullptr);
  REQUIRE(field_of(kOdd, "int") != nullptr);
  CHECK(*field_of(kOdd, "int") == 12);
  // Reading on from what the readers give never throws either.
  CHECK(text_of(object_of(object_of(kOdd, "missing"), "deeper"), "x", "fb") == "fb");
  CHECK(integer_of(array_of(kOdd, "array")[0], "x", 7) == 7);  // a list item that is a number
}

TEST_CASE("json_read: a container that is not an object has no fields") {
  for (const Json& odd : kNotObjects) {
    INFO(odd.dump());
    CHECK_NOTHROW(text_of(odd, "text"));
    CHECK(text_of(odd, "text", "fb") == "fb");
    CHECK(integer_of(odd, "int", 9) == 9);
    CHECK(number_of(odd, "int", 9) == 9);
    CHECK(bool_of(odd, "yes", true) == true);
    CHECK(object_of(odd, "object").empty());
    CHECK(array_of(odd, "array").empty());
    CHECK(field_of(odd, "text") == nullptr);
    CHECK(cloud::as_object(odd).is_object());
    // The schema-typed readers of the resources follow the same rules.
    CHECK(resources::string_field(odd, "text").is_null());
    CHECK(resources::number_field(odd, "int").is_null());
    CHECK(resources::bool_field(odd, "yes").is_null());
  }
  CHECK(cloud::as_array(Json::array({1})).size() == 1);
  CHECK(cloud::as_array(Json::object()).empty());
}

TEST_CASE("json_values: typed fields are null for absent and for another type") {
  CHECK(resources::string_field(kOdd, "text").as_string() == "abc");
  CHECK(resources::string_field(kOdd, "empty").is_null());
  CHECK(resources::string_field_keep_empty(kOdd, "empty").as_string().empty());
  CHECK(resources::string_field(kOdd, "int").is_null());
  CHECK(resources::number_field(kOdd, "int").as_number() == value::Number::from_int(12));
  CHECK(resources::number_field(kOdd, "number_text").is_null());
  CHECK(resources::number_field(kOdd, "float").is_known());
  CHECK(resources::bool_field(kOdd, "true_text").is_null());
  CHECK(resources::bool_field(kOdd, "no").as_bool() == false);
}
