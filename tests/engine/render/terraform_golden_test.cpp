// The generic rendering rules checked against real Terraform 1.11.4 output for the built-in
// terraform_data resource (testdata/tf_*.txt, captured with `terraform plan`), with
// "Terraform" said as "fgform".
#include <cstdlib>

#include <catch2/catch.hpp>

#include "fixtures.h"
#include "render/human_plan.h"

namespace fgform::render::test {
namespace {

using plan::Action;

Value input_v1() {
  return obj({{"a", num(1)},
              {"b", str("x")},
              {"bad key", str("q")},
              {"doc", str("{\"x\":1,\"y\":[1,2],\"z\":\"zz\"}")},
              {"flag", Value::boolean(true)},
              {"l", Value::tuple({str("p"), str("q"), str("r"), str("s"), str("t")})},
              {"m", obj({{"k", str("v")}, {"k2", str("v2")}})},
              {"script", str("line one\nline two\n")}});
}

Value input_v2() {
  return obj({{"a", num(2)},
              {"b", str("y")},
              {"bad key", str("q")},
              {"doc", str("{\"x\":2,\"y\":[1,2],\"z\":\"zz\"}")},
              {"flag", Value::boolean(true)},
              {"l", Value::tuple({str("p"), str("q"), str("R"), str("s"), str("t"), str("u")})},
              {"m", obj({{"k", str("v")}, {"k3", str("v3")}})},
              {"script", str("line one\nline 2\nline three\n")}});
}

plan::OutputChange output(const std::string& name, Action action, Value before, Value after,
                          bool sensitive = false) {
  plan::OutputChange o;
  o.name = name;
  o.action = action;
  o.before = std::move(before);
  o.after = std::move(after);
  o.sensitive = sensitive;
  return o;
}

Value o_obj(std::int64_t a) {
  return obj({{"a", num(a)}, {"b", Value::tuple({str("x")})}});
}

plan::Plan create_plan() {
  plan::Plan p;
  const Value in = input_v1();
  p.changes.push_back(
      tfdata_change("f", Action::kCreate, Value::null(Type::dynamic()),
                    tfdata(unknown_string(), in, Value::unknown(in.type()), null_dynamic())));
  auto gone = tfdata_change(
      "gone", Action::kCreate, null_dynamic(),
      tfdata(unknown_string(), str("bye"), Value::unknown(Type::string()), null_dynamic()));
  gone.address = "terraform_data.gone[0]";
  gone.index_key = num(0);
  p.changes.push_back(gone);
  p.changes.push_back(
      tfdata_change("r", Action::kCreate, null_dynamic(),
                    tfdata(unknown_string(), str("plain"), Value::unknown(Type::string()),
                           Value::tuple({num(1)}))));
  p.changes.push_back(tfdata_change("s", Action::kCreate, null_dynamic(),
                                    tfdata(unknown_string(), str("hunter2").marked_sensitive(),
                                           Value::unknown(Type::string()), null_dynamic())));
  p.outputs.push_back(output("o_obj", Action::kCreate, null_dynamic(), o_obj(1)));
  p.outputs.push_back(
      output("o_sec", Action::kCreate, null_dynamic(), str("hunter2").marked_sensitive(), true));
  p.outputs.push_back(output("o_str", Action::kCreate, null_dynamic(), str("plain")));
  p.outputs.push_back(
      output("o_unk", Action::kCreate, null_dynamic(), Value::unknown(Type::dynamic())));
  return p;
}

plan::Plan update_plan() {
  plan::Plan p;
  const Value in1 = input_v1(), in2 = input_v2();
  const std::string fid = "3a8cc1a6-fd02-9e69-ae22-4b85e33d7b6a";
  p.changes.push_back(
      tfdata_change("f", Action::kUpdate, tfdata(str(fid), in1, in1, null_dynamic()),
                    tfdata(str(fid), in2, Value::unknown(in2.type()), null_dynamic())));
  auto gone = tfdata_change(
      "gone", Action::kDelete,
      tfdata(str("4ff31ec4-11d0-ca48-2dda-2fd72a06b143"), str("bye"), str("bye"), null_dynamic()),
      null_dynamic());
  gone.address = "terraform_data.gone[0]";
  gone.index_key = num(0);
  gone.reason = plan::ActionReason::kDeleteBecauseCountIndex;
  p.changes.push_back(gone);
  auto r = tfdata_change("r", Action::kDeleteThenCreate,
                         tfdata(str("2984f3b6-e0eb-b45f-5e6f-fccc216c2344"), str("plain"),
                                str("plain"), Value::tuple({num(1)})),
                         tfdata(unknown_string(), str("plain"), Value::unknown(Type::string()),
                                Value::tuple({num(2)})));
  r.reason = plan::ActionReason::kReplaceBecauseCannotUpdate;
  r.replace_paths.push_back(value::Path::attribute("triggers_replace"));
  p.changes.push_back(r);
  const std::string sid = "649a2963-953f-743d-05bd-4e45499e4fdc";
  auto s2 = tfdata_change(
      "s2", Action::kUpdate,
      tfdata(str(sid), str("hunter2").marked_sensitive(), str("hunter2"), null_dynamic()),
      tfdata(str(sid), str("hunter3").marked_sensitive(), Value::unknown(Type::string()),
             null_dynamic()));
  s2.previous_address = "terraform_data.s";
  p.changes.push_back(s2);
  p.outputs.push_back(output("o_obj", Action::kUpdate, o_obj(1), o_obj(2)));
  p.outputs.push_back(output("o_sec", Action::kUpdate, str("hunter2").marked_sensitive(),
                             str("hunter3").marked_sensitive(), true));
  p.outputs.push_back(output("o_str", Action::kNoOp, str("plain"), str("plain")));
  p.outputs.push_back(output("o_unk", Action::kUpdate, in1, Value::unknown(Type::dynamic())));
  return p;
}

// Compares with a golden transcript; RENDER_DUMP=dir writes both sides there for diffing.
bool matches_golden(const std::string& actual, const std::string& golden_file) {
  const std::string expected = fgformify(read_testdata(golden_file));
  if (actual != expected) {
    if (const char* dir = std::getenv("RENDER_DUMP")) {
      std::ofstream(std::string(dir) + "/" + golden_file + ".actual") << actual;
      std::ofstream(std::string(dir) + "/" + golden_file + ".expected") << expected;
    }
  }
  return actual == expected;
}

}  // namespace

TEST_CASE("word_wrap matches Terraform's wrapping of its own prose") {
  const std::string golden = read_testdata("tf_create.txt");
  REQUIRE(golden.find(word_wrap(terraform_paragraphs()[0], 78)) != std::string::npos);
  REQUIRE(read_testdata("tf_nochange.txt").find(word_wrap(terraform_paragraphs()[1], 78)) !=
          std::string::npos);
}

TEST_CASE("create plan matches terraform plan") {
  RenderOptions opts;
  CHECK(matches_golden(render_plan(create_plan(), opts), "tf_create.txt"));
}

TEST_CASE("create plan in colour matches terraform plan byte for byte") {
  RenderOptions opts;
  opts.color = true;
  CHECK(matches_golden(render_plan(create_plan(), opts), "tf_create_color.txt"));
}

TEST_CASE("update, replace, delete and move plan matches terraform plan") {
  RenderOptions opts;
  CHECK(matches_golden(render_plan(update_plan(), opts), "tf_update.txt"));
}

TEST_CASE("update plan in colour matches terraform plan byte for byte") {
  RenderOptions opts;
  opts.color = true;
  CHECK(matches_golden(render_plan(update_plan(), opts), "tf_update_color.txt"));
}

TEST_CASE("destroy plan matches terraform plan -destroy") {
  plan::Plan p;
  p.mode = plan::PlanMode::kDestroy;
  const Value in2 = input_v2();
  p.changes.push_back(
      tfdata_change("f", Action::kDelete,
                    tfdata(str("3a8cc1a6-fd02-9e69-ae22-4b85e33d7b6a"), in2, in2, null_dynamic()),
                    null_dynamic()));
  p.changes.push_back(tfdata_change("r", Action::kDelete,
                                    tfdata(str("e9c7e69c-05ba-9f7d-7fde-99d0982fd0e2"),
                                           str("plain"), str("plain"), Value::tuple({num(2)})),
                                    null_dynamic()));
  p.changes.push_back(
      tfdata_change("s2", Action::kDelete,
                    tfdata(str("649a2963-953f-743d-05bd-4e45499e4fdc"),
                           str("hunter3").marked_sensitive(), str("hunter3"), null_dynamic()),
                    null_dynamic()));
  p.outputs.push_back(output("o_obj", Action::kDelete, o_obj(2), null_dynamic()));
  p.outputs.push_back(
      output("o_sec", Action::kDelete, str("hunter3").marked_sensitive(), null_dynamic(), true));
  p.outputs.push_back(output("o_str", Action::kDelete, str("plain"), null_dynamic()));
  p.outputs.push_back(output("o_unk", Action::kDelete, in2, null_dynamic()));
  CHECK(matches_golden(render_plan(p, RenderOptions{}), "tf_destroy.txt"));
}

TEST_CASE("no-change plans match terraform") {
  plan::Plan p;
  p.outputs.push_back(output("o_str", Action::kNoOp, str("plain"), str("plain")));
  CHECK(matches_golden(render_plan(p, RenderOptions{}), "tf_nochange.txt"));
  p.mode = plan::PlanMode::kRefreshOnly;
  CHECK(matches_golden(render_plan(p, RenderOptions{}), "tf_refresh_nochange.txt"));
}

TEST_CASE("replacement reasons, create_before_destroy and for_each deletes match terraform") {
  plan::Plan p;
  auto cbd = tfdata_change("cbd", Action::kCreateThenDelete,
                           tfdata(str("a3b6a4c3-ab14-167c-d307-3ec37c35c9e1"), null_dynamic(),
                                  null_dynamic(), str("one")),
                           tfdata(unknown_string(), null_dynamic(), null_dynamic(), str("two")));
  cbd.reason = plan::ActionReason::kReplaceBecauseCannotUpdate;
  cbd.replace_paths.push_back(value::Path::attribute("triggers_replace"));
  p.changes.push_back(cbd);
  auto each_a = tfdata_change("each", Action::kNoOp, null_dynamic(), null_dynamic());
  each_a.address = "terraform_data.each[\"a\"]";
  each_a.index_key = str("a");
  const Value a_obj =
      tfdata(str("11111111-0000-0000-0000-000000000000"), str("a"), str("a"), null_dynamic());
  each_a.before = each_a.after = a_obj;
  p.changes.push_back(each_a);
  auto each_b = tfdata_change(
      "each", Action::kDelete,
      tfdata(str("abd07811-c0f0-8f60-e484-e42d67d230ee"), str("b"), str("b"), null_dynamic()),
      null_dynamic());
  each_b.address = "terraform_data.each[\"b\"]";
  each_b.index_key = str("b");
  each_b.reason = plan::ActionReason::kDeleteBecauseEachKey;
  p.changes.push_back(each_b);
  const auto replaced = [](const std::string& name, const std::string& id, const std::string& input,
                           plan::ActionReason reason) {
    auto c = tfdata_change(
        name, Action::kDeleteThenCreate, tfdata(str(id), str(input), str(input), null_dynamic()),
        tfdata(unknown_string(), str(input), Value::unknown(Type::string()), null_dynamic()));
    c.reason = reason;
    return c;
  };
  p.changes.push_back(replaced("q", "a96286d8-08cb-14ef-a74b-baaa52942ab1", "requested",
                               plan::ActionReason::kReplaceByRequest));
  p.changes.push_back(replaced("rtb", "3645b017-6f68-aacd-9a12-52549437062a", "x",
                               plan::ActionReason::kReplaceByTriggers));
  p.changes.push_back(replaced("t", "b57a198c-23c2-2d8b-2f0f-f21f4e23d8a8", "tainted",
                               plan::ActionReason::kReplaceBecauseTainted));
  CHECK(matches_golden(render_plan(p, RenderOptions{}), "tf_replace_reasons.txt"));
}

}  // namespace fgform::render::test
