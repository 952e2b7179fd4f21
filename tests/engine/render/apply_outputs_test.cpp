// Apply progress lines, the apply summary, the Outputs block and `fgform output`, against real
// Terraform 1.11.4 transcripts where there is one (testdata/tf_apply_*.txt).
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/apply_progress.h"
#include "render/outputs.h"

namespace fgform::render::test {
namespace {

using plan::Action;

Value input(std::int64_t a, const std::string& b, const std::string& doc,
            std::vector<std::string> l, Value::Entries m, const std::string& script) {
  Value::Elements items;
  for (auto& s : l) items.push_back(str(s));
  return obj({{"a", num(a)},
              {"b", str(b)},
              {"bad key", str("q")},
              {"doc", str(doc)},
              {"flag", Value::boolean(true)},
              {"l", Value::tuple(std::move(items))},
              {"m", obj(std::move(m))},
              {"script", str(script)}});
}

Value with_id(const std::string& id) {
  return obj({{"id", str(id)}, {"input", str("x")}});
}

std::vector<OutputValue> outputs(std::int64_t a, Value unk) {
  return {
      {"o_obj", obj({{"a", num(a)}, {"b", Value::tuple({str("x")})}}), false},
      {"o_sec", str("hunter3").marked_sensitive(), true},
      {"o_str", str("plain"), false},
      {"o_unk", std::move(unk), false},
  };
}

}  // namespace

TEST_CASE("apply transcript matches terraform apply") {
  const std::string r_old = "2984f3b6-e0eb-b45f-5e6f-fccc216c2344";
  const std::string gone = "4ff31ec4-11d0-ca48-2dda-2fd72a06b143";
  const std::string s2 = "649a2963-953f-743d-05bd-4e45499e4fdc";
  const std::string f = "3a8cc1a6-fd02-9e69-ae22-4b85e33d7b6a";
  const std::string r_new = "e9c7e69c-05ba-9f7d-7fde-99d0982fd0e2";
  const Value none = Value::null(with_id("x").type());
  std::string out;
  const auto add = [&out](const std::string& line) { out += line + "\n"; };
  add(apply_start_line("terraform_data.r", Action::kDelete, with_id(r_old), false));
  add(apply_complete_line("terraform_data.r", Action::kDelete, none, 0, false));
  add(apply_start_line("terraform_data.gone[0]", Action::kDelete, with_id(gone), false));
  add(apply_start_line("terraform_data.s2", Action::kUpdate, with_id(s2), false));
  add(apply_complete_line("terraform_data.s2", Action::kUpdate, with_id(s2), 0, false));
  add(apply_complete_line("terraform_data.gone[0]", Action::kDelete, none, 0, false));
  add(apply_start_line("terraform_data.f", Action::kUpdate, with_id(f), false));
  add(apply_start_line("terraform_data.r", Action::kCreate, none, false));
  add(apply_complete_line("terraform_data.f", Action::kUpdate, with_id(f), 0, false));
  add(apply_complete_line("terraform_data.r", Action::kCreate, with_id(r_new), 0, false));
  out += apply_summary({1, 2, 0, 2, Operation::kApply}, false);
  out += render_apply_outputs(
      outputs(2, input(2, "y", "{\"x\":2,\"y\":[1,2],\"z\":\"zz\"}", {"p", "q", "R", "s", "t", "u"},
                       {{"k", str("v")}, {"k3", str("v3")}}, "line one\nline 2\nline three\n")),
      false);
  CHECK(out == read_testdata("tf_apply_update.txt"));
  CHECK(out.find("hunter") == std::string::npos);
}

TEST_CASE("Outputs block matches terraform: quoted keys, tuples, heredocs, <sensitive>") {
  const std::string block = render_apply_outputs(
      outputs(1, input(1, "x", "{\"x\":1,\"y\":[1,2],\"z\":\"zz\"}", {"p", "q", "r", "s", "t"},
                       {{"k", str("v")}, {"k2", str("v2")}}, "line one\nline two\n")),
      false);
  CHECK("\n" + read_testdata("tf_apply_outputs.txt") == block);
}

TEST_CASE("progress lines: still running, reads, refresh, imports, colour") {
  const Value fn = obj({{"id", str("urn:fss:f")}, {"name", str("hello")}});
  CHECK(apply_still_running_line("functiongraph_function.f", Action::kCreate,
                                 Value::null(fn.type()), 10, false) ==
        "functiongraph_function.f: Still creating... [10s elapsed]");
  CHECK(apply_still_running_line("functiongraph_function.f", Action::kUpdate, fn, 75, false) ==
        "functiongraph_function.f: Still modifying... [id=urn:fss:f, 1m15s elapsed]");
  CHECK(apply_start_line("data.functiongraph_functions.all", Action::kRead, Value::null(fn.type()),
                         false) == "data.functiongraph_functions.all: Reading...");
  CHECK(apply_complete_line("data.functiongraph_functions.all", Action::kRead,
                            obj({{"id", str("all")}}), 0, false) ==
        "data.functiongraph_functions.all: Read complete after 0s [id=all]");
  CHECK(refresh_start_line("functiongraph_function.f", fn, false) ==
        "functiongraph_function.f: Refreshing state... [id=urn:fss:f]");
  // From terraform apply with an import block (the provider against the emulator).
  CHECK(apply_import_start_line("functiongraph_vpc.imp", "fe525da5", false) ==
        "functiongraph_vpc.imp: Importing... [id=fe525da5]");
  CHECK(apply_import_complete_line("functiongraph_vpc.imp", "fe525da5", false) ==
        "functiongraph_vpc.imp: Import complete [id=fe525da5]");
  CHECK(import_state_line("functiongraph_vpc.imp", "fe525da5", false) ==
        "functiongraph_vpc.imp: Importing from ID \"fe525da5\"...");
  CHECK(
      apply_start_line("functiongraph_function.f", Action::kCreate, Value::null(fn.type()), true) ==
      "\x1b[0m\x1b[1mfunctiongraph_function.f: Creating...\x1b[0m\x1b[0m");
  CHECK(apply_summary({0, 0, 0, 2, Operation::kDestroy}, false) ==
        "\nDestroy complete! Resources: 2 destroyed.\n");
  CHECK(apply_summary({1, 0, 1, 0, Operation::kApply}, false) ==
        "\nApply complete! Resources: 1 imported, 1 added, 0 changed, 0 destroyed.\n");
  CHECK(apply_summary({1, 0, 0, 0, Operation::kApply}, true) ==
        "\x1b[0m\x1b[1m\x1b[32m\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n"
        "\x1b[0m");
}

TEST_CASE("ids: sensitive ids are not shown, names are used when there is no id") {
  const Value secret_id = obj({{"id", str("s").marked_sensitive()}});
  CHECK(apply_start_line("x.y", Action::kUpdate, secret_id, false) == "x.y: Modifying...");
  const Value named = obj({{"name", str("n")}});
  CHECK(apply_start_line("x.y", Action::kDelete, named, false) == "x.y: Destroying... [name=n]");
  const Value tagged =
      obj({{"tags", Value::map(Type::string(), {{"Name", str("web")}})}, {"x", num(1)}});
  CHECK(object_value_id_or_name(tagged) == std::pair<std::string, std::string>{"tags.Name", "web"});
  CHECK(object_value_id(tagged).first.empty());
  const std::string long_id(100, 'a');
  const std::string t = truncate_id(long_id + "b");
  CHECK(t.size() == 80);
  CHECK(t.substr(39, 3) == "...");
  CHECK(t.back() == 'b');
}

TEST_CASE("fgform output: human, -json and -raw") {
  const std::vector<OutputValue> outs = {
      {"count", num(2), false},
      {"flag", Value::boolean(true), false},
      {"list", Value::list(Type::string(), {str("a")}), false},
      {"name", str("hello"), false},
      {"secret", str("hunter2"), true},
      {"nothing", Value::null(Type::string()), false},
  };
  auto all = render_output_command(outs, "", OutputFormat::kHuman);
  CHECK(all.text ==
        "count = 2\nflag = true\nlist = tolist([\n  \"a\",\n])\nname = \"hello\"\n"
        "nothing = tostring(null)\nsecret = <sensitive>\n");
  // Asked for by name, a sensitive output is shown, as Terraform does.
  CHECK(render_output_command(outs, "secret", OutputFormat::kHuman).text == "\"hunter2\"\n");
  CHECK(render_output_command(outs, "name", OutputFormat::kRaw).text == "hello");
  CHECK(render_output_command(outs, "count", OutputFormat::kRaw).text == "2");
  CHECK(render_output_command(outs, "flag", OutputFormat::kRaw).text == "true");
  auto raw_list = render_output_command(outs, "list", OutputFormat::kRaw);
  REQUIRE(raw_list.diagnostics.has_errors());
  CHECK(raw_list.diagnostics.items()[0].summary == "Unsupported value for raw output");
  CHECK(raw_list.diagnostics.items()[0].detail ==
        "The -raw option only supports strings, numbers, and boolean values, but output value "
        "\"list\" is list of string.\n\nUse the -json option for machine-readable "
        "representations of output values that have complex types.");
  CHECK(raw_list.text.empty());
  auto raw_null = render_output_command(outs, "nothing", OutputFormat::kRaw);
  REQUIRE(raw_null.diagnostics.has_errors());
  CHECK(raw_null.diagnostics.items()[0].detail ==
        "The value for output value \"nothing\" is null, so -raw mode cannot print it.");
  CHECK(render_output_command(outs, "", OutputFormat::kRaw).diagnostics.has_errors());
  auto missing = render_output_command(outs, "nope", OutputFormat::kHuman);
  REQUIRE(missing.diagnostics.has_errors());
  CHECK(missing.diagnostics.items()[0].summary == "Output \"nope\" not found");
  CHECK(render_output_command({}, "", OutputFormat::kHuman).diagnostics.items()[0].summary ==
        "No outputs found");
  CHECK(render_output_command(outs, "list", OutputFormat::kJson).text == "[\"a\"]\n");
  const auto j = nlohmann::json::parse(render_output_command(outs, "", OutputFormat::kJson).text);
  CHECK(j["secret"]["sensitive"] == true);
  CHECK(j["secret"]["value"] == "hunter2");
  CHECK(j["list"]["type"] == nlohmann::json::parse("[\"list\",\"string\"]"));
  CHECK(j["count"]["value"] == 2);
}

TEST_CASE("format_value: nulls, unknowns, marks, maps, sets, heredoc delimiters") {
  CHECK(format_value(Value::unknown(Type::string())) == "(known after apply)");
  CHECK(format_value(str("x").marked_sensitive()) == "(sensitive value)");
  CHECK(format_value(Value::null(Type::map(Type::number()))) == "tomap(null) /* of number */");
  CHECK(format_value(Value::null(Type::dynamic())) == "null");
  CHECK(format_value(Value::map(Type::string(), {{"k", str("v")}})) ==
        "tomap({\n  \"k\" = \"v\"\n})");
  CHECK(format_value(Value::set(Type::number(), {num(2), num(1)})) == "toset([\n  1,\n  2,\n])");
  CHECK(format_value(Value::tuple({})) == "[]");
  CHECK(format_value(str("a\nEOT\nb")) == "<<EOT_\na\nEOT\nb\nEOT_");
  CHECK(format_value(str("tab\there \"q\"")) == "\"tab\\there \\\"q\\\"\"");
}

}  // namespace fgform::render::test
