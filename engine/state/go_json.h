// JSON text exactly as Go's encoding/json writes it, so files Terraform reads and writes compare
// byte for byte: `<`, `>`, `&`, U+2028 and U+2029 escaped as \u003c.., control characters as
// \u00XX except \b \f \n \r \t, invalid UTF-8 as \ufffd, numbers in plain decimal (cty writes
// 1e21 as 1000000000000000000000), 2-space indentation with `"key": value`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace fgform::state {

// Appends `s` as a quoted Go JSON string.
void go_json_string(std::string& out, const std::string& s);

// Appends `j`. indent < 0 writes compact JSON; otherwise nested lines are indented by
// 2 * (level + 1) spaces. Object keys come out sorted (as cty and Go maps write them), except
// that a cty dynamic wrapper {"value", "type"} keeps cty's order: value first.
void go_json_value(std::string& out, const nlohmann::json& j, int indent, int level);
// The same for documents built in a fixed field order (Go structs): keys in insertion order.
void go_json_value(std::string& out, const nlohmann::ordered_json& j, int indent, int level);

// A newline plus 2 * level spaces (indented) or nothing (compact).
void go_json_newline(std::string& out, int indent, int level);

}  // namespace fgform::state
