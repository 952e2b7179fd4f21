// Shared test fixtures: the built-in terraform_data schema (so plans can be compared with real
// Terraform 1.11.4 output saved under testdata/), value builders and golden-file helpers.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "render/text.h"
#include "schema/schema.h"
#include "value/value.h"

namespace fgform::render::test {

using value::Type;
using value::Value;

inline const schema::Schema& terraform_data_schema() {
  static const schema::Schema s = [] {
    schema::Schema sc;
    sc.type_name = "terraform_data";
    const auto attr = [](const char* name, Type type, bool optional, bool computed) {
      schema::Attribute a;
      a.name = name;
      a.type = std::move(type);
      a.optional = optional;
      a.computed = computed;
      return a;
    };
    sc.block.attributes = {attr("id", Type::string(), false, true),
                           attr("input", Type::dynamic(), true, false),
                           attr("output", Type::dynamic(), false, true),
                           attr("triggers_replace", Type::dynamic(), true, false)};
    return sc;
  }();
  return s;
}

inline Value str(const std::string& s) {
  return Value::string(s);
}
inline Value num(std::int64_t n) {
  return Value::number(n);
}

inline Value obj(Value::Entries e) {
  return Value::object(std::move(e));
}

// A terraform_data object; `output` defaults to unknown of the input's type, as Terraform plans.
inline Value tfdata(Value id, Value input, Value output, Value triggers) {
  return obj({{"id", std::move(id)},
              {"input", std::move(input)},
              {"output", std::move(output)},
              {"triggers_replace", std::move(triggers)}});
}

inline Value unknown_string() {
  return Value::unknown(Type::string());
}
inline Value null_dynamic() {
  return Value::null(Type::dynamic());
}

inline plan::ResourceInstanceChange tfdata_change(const std::string& name, plan::Action action,
                                                  Value before, Value after) {
  plan::ResourceInstanceChange c;
  c.address = "terraform_data." + name;
  c.type = "terraform_data";
  c.name = name;
  c.provider_address = "provider[\"terraform.io/builtin/terraform\"]";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  c.schema = &terraform_data_schema();
  return c;
}

inline std::string read_testdata(const std::string& name) {
  std::ifstream in(std::string(RENDER_TESTDATA_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

// Terraform's prose paragraphs as it wraps them at 78 columns.
inline const std::vector<std::string>& terraform_paragraphs() {
  static const std::vector<std::string> p = {
      "\nTerraform used the selected providers to generate the following execution plan. "
      "Resource actions are indicated with the following symbols:",
      "Terraform has compared your real infrastructure against your configuration and found no "
      "differences, so no changes are needed.",
      "Terraform has checked that the real remote objects still match the result of your most "
      "recent changes, and found no differences.",
      "Terraform detected the following changes made outside of Terraform since the last "
      "\"terraform apply\" which may have affected this plan:\n",
      "\n\nThis is a refresh-only plan, so Terraform will not take any actions to undo these. If "
      "you were expecting these changes then you can apply this plan to record the updated "
      "values in the Terraform state without changing any remote objects.",
  };
  return p;
}

// Turns a real Terraform transcript into what fgform should print: "Terraform" becomes
// "fgform" and the prose is re-wrapped (shorter words wrap differently).
inline std::string fgformify(std::string text) {
  for (const auto& p : terraform_paragraphs()) {
    const std::string wrapped = word_wrap(p, 78);
    if (text.find(wrapped) != std::string::npos)
      text = replace_all(
          text, wrapped,
          word_wrap(replace_all(replace_all(p, "Terraform", "fgform"), "terraform", "fgform"), 78));
  }
  return replace_all(text, "Terraform", "fgform");
}

}  // namespace fgform::render::test
