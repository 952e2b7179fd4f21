// The value model: numbers, types, values, sets, marks, paths, diagnostics.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "value/diagnostics.h"
#include "value/value.h"

using namespace fgform::value;

TEST_CASE("numbers keep arbitrary precision in a canonical decimal form") {
  CHECK(Number::parse("12345678901234567890123")->text() == "12345678901234567890123");
  CHECK(Number::parse("0.1")->text() == "0.1");
  CHECK(Number::parse("-001.500")->text() == "-1.5");
  CHECK(Number::parse("1e3")->text() == "1000");
  CHECK(Number::parse("1.5E-3")->text() == "0.0015");
  CHECK(Number::parse("-0")->text() == "0");
  CHECK(Number::parse("+7")->text() == "7");
  for (const char* bad : {"", "-", "1.2.3", "1e", "e5", "0x10", "1 ", "1e999999999"}) {
    INFO(bad);
    CHECK_FALSE(Number::parse(bad).has_value());
  }
  CHECK(Number::from_double(0.1)->text() == "0.1");
  CHECK_FALSE(Number::from_double(1.0 / 0.0).has_value());
  CHECK(Number::from_int(-42).to_int64() == -42);
  CHECK_FALSE(Number::parse("9223372036854775808")->to_int64().has_value());
  CHECK(Number::parse("2.5")->to_double() == 2.5);
}

TEST_CASE("numbers compare numerically") {
  auto n = [](const char* t) { return *Number::parse(t); };
  CHECK(n("2") < n("10"));
  CHECK(n("-10") < n("-2"));
  CHECK(n("1.25") < n("1.5"));
  CHECK(n("0.5") < n("1"));
  CHECK(n("-0.5") < n("0"));
  CHECK(compare(n("100"), n("1e2")) == 0);
  CHECK(n("99999999999999999999") < n("100000000000000000000"));
}

TEST_CASE("types round-trip through cty's JSON type constraints") {
  Type t = Type::object({{"name", Type::string()},
                         {"mounts", Type::list(Type::object({{"path", Type::string()}}))},
                         {"tags", Type::map(Type::string())},
                         {"ids", Type::set(Type::number())},
                         {"pair", Type::tuple({Type::boolean(), Type::dynamic()})}});
  const std::string text = t.to_json_text();
  CHECK(
      text ==
      R"(["object",{"ids":["set","number"],"mounts":["list",["object",{"path":"string"}]],"name":"string",)"
      R"("pair":["tuple",["bool","dynamic"]],"tags":["map","string"]}])");
  auto back = Type::from_json_text(text);
  REQUIRE(back.has_value());
  CHECK(*back == t);
  CHECK(Type::from_json_text("\"string\"") == Type::string());
  for (const char* bad :
       {"\"strin\"", "[\"list\"]", "[\"object\",[]]", "42", "not json", "[\"map\",\"x\"]"}) {
    INFO(bad);
    CHECK_FALSE(Type::from_json_text(bad).has_value());
  }
  CHECK(Type::list(Type::map(Type::string())).friendly_name() == "list of map of string");
  CHECK(t.has_dynamic());
  CHECK_FALSE(Type::list(Type::string()).has_dynamic());
}

TEST_CASE("values: null, unknown, known, and wholly known") {
  Value s = Value::string("hi");
  CHECK(s.is_known());
  CHECK_FALSE(s.is_null());
  CHECK(Value::null(Type::string()).is_null());
  CHECK(Value::unknown(Type::string()).is_unknown());
  Value obj = Value::object({{"a", Value::number(1)}, {"b", Value::unknown(Type::string())}});
  CHECK(obj.is_known());
  CHECK_FALSE(obj.is_wholly_known());
  CHECK(obj.attribute("a") == Value::number(1));
  CHECK(Value::null(obj.type()).attribute("a").is_null());
  CHECK(Value::unknown(obj.type()).attribute("b").is_unknown());
  CHECK(obj.debug_string() == "{a = 1, b = (unknown)}");
  CHECK_THROWS(s.as_bool());
}

TEST_CASE("objects built from a type fill missing attributes with typed nulls") {
  Type t = Type::object({{"a", Type::string()}, {"b", Type::number()}});
  Value v = Value::object(t, {{"a", Value::string("x")}, {"zzz", Value::boolean(true)}});
  CHECK(v.type() == t);
  CHECK(v.entries().size() == 2);
  CHECK(v.attribute("b").is_null());
  CHECK(v.attribute("b").type() == Type::number());
}

TEST_CASE("map and object entries are held in key order and read like a map") {
  Value::Entries built;
  for (const char* k : {"zeta", "alpha", "a_rather_long_attribute_name", "mid"})
    built.emplace(k, Value::string(std::string(k) + "!"));
  Value m = Value::map(Type::string(), built);
  const auto& e = m.entries();
  REQUIRE(e.size() == 4);
  std::vector<std::string> keys;
  for (const auto& [k, v] : e) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"a_rather_long_attribute_name", "alpha", "mid", "zeta"});
  CHECK(e.at("mid").as_string() == "mid!");
  CHECK(e.find("zeta")->second.as_string() == "zeta!");
  CHECK(e.find("absent") == e.end());
  CHECK(e.find("") == e.end());
  CHECK(e.count("alpha") == 1);
  CHECK_FALSE(e.contains("alph"));
  CHECK_THROWS_AS(e.at("nope"), std::out_of_range);
  // A copy to edit is an ordinary map with the same entries.
  Value::Entries edited = m.entries();
  CHECK(edited == built);
  edited["alpha"] = Value::string("changed");
  CHECK(Value::map(Type::string(), edited) != m);
  CHECK(Value::map(Type::string(), built) == m);

  // Built from a type: attributes in the type's order, missing ones null, extra ones dropped.
  Type t = Type::object({{"b", Type::number()}, {"a", Type::string()}, {"c", Type::boolean()}});
  Value o = Value::object(t, {{"c", Value::boolean(true)}, {"extra", Value::number(1)}});
  keys.clear();
  for (const auto& [k, v] : o.entries()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"a", "b", "c"});
  CHECK(o.attribute("a").is_null());
  CHECK(o.attribute("a").type() == Type::string());
  CHECK(o.attribute("c").as_bool());
  CHECK(Value::map(Type::string(), {}).entries().empty());
}

TEST_CASE("sets are canonical: order does not matter and duplicates collapse") {
  Value a =
      Value::set(Type::string(), {Value::string("b"), Value::string("a"), Value::string("b")});
  Value b = Value::set(Type::string(), {Value::string("a"), Value::string("b")});
  CHECK(a == b);
  CHECK(a.length() == 2);
  CHECK(a.elements()[0] == Value::string("a"));
  CHECK(Value::list(Type::string(), {Value::string("b"), Value::string("a")}) !=
        Value::list(Type::string(), {Value::string("a"), Value::string("b")}));
}

TEST_CASE("sensitive marks travel with values and never print") {
  Value secret = Value::string("hunter2").marked_sensitive();
  CHECK(secret.is_sensitive());
  CHECK(secret.debug_string() == "(sensitive)");
  Value obj = Value::object({{"password", secret}, {"user", Value::string("bob")}});
  CHECK(obj.contains_sensitive());
  CHECK(obj.debug_string().find("hunter2") == std::string::npos);
  CHECK_FALSE(obj.without_marks().contains_sensitive());
  CHECK(obj.without_marks() == obj);  // marks do not change equality
}

TEST_CASE("attribute paths render like Terraform's") {
  Path p = Path::attribute("func_mounts").index(0).attr("local_mount_path");
  CHECK(p.to_string() == "func_mounts[0].local_mount_path");
  CHECK(Path::attribute("tags").key("team \"a\"").to_string() == "tags[\"team \\\"a\\\"\"]");
  Diagnostics d;
  d.add(Diagnostic::warning("Deprecated attribute"));
  CHECK_FALSE(d.has_errors());
  d.add(Diagnostic::error("Invalid memory size", "use 128").at(Path::attribute("memory_size")));
  CHECK(d.has_errors());
  CHECK(d.items()[1].to_string() == "Error: Invalid memory size\n  at memory_size\n  use 128");
}

TEST_CASE("primitive types and booleans are shared, and copies of them are safe on any thread") {
  using fgform::value::Type;
  using fgform::value::Value;
  CHECK(Type::string() == Type::string());
  CHECK(Type::string() != Type::number());
  CHECK(Type::boolean().kind() == Type::Kind::kBool);
  CHECK(Type::dynamic().kind() == Type::Kind::kDynamic);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        Value yes = Value::boolean(true);
        Value no = Value::boolean(false);
        Value copy = yes;
        if (!copy.as_bool() || no.as_bool() || copy == no || copy.type() != Type::boolean())
          wrong.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong.load() == 0);
  CHECK(
      Value::list(Type::boolean(), {Value::boolean(true), Value::boolean(false)}).debug_string() ==
      "[true, false]");
}

TEST_CASE("with_entry replaces one entry of an object or a map and keeps the rest") {
  Value obj = Value::object({{"a", Value::string("x")}, {"b", Value::number(1)}});
  Value changed = obj.with_entry("b", Value::number(2));
  CHECK(changed.type() == obj.type());
  CHECK(changed.attribute("a") == Value::string("x"));
  CHECK(changed.attribute("b") == Value::number(2));
  CHECK(obj.attribute("b") == Value::number(1));  // the original is untouched
  CHECK(obj.with_entry("missing", Value::number(3)) == obj);
  Value marked = obj.marked_sensitive().with_entry("a", Value::string("y"));
  CHECK(marked.is_sensitive());
  CHECK(marked.attribute("a") == Value::string("y"));
  Value m = Value::map(Type::string(), {{"k", Value::string("v")}, {"l", Value::string("w")}});
  Value m2 = m.with_entry("l", Value::string("z").marked_sensitive());
  CHECK(m2.entries().at("l").is_sensitive());
  CHECK(m2.entries().at("k") == Value::string("v"));
  CHECK(m2.depth() == m.depth());
}

TEST_CASE("with_entries replaces several entries by position in one copy") {
  Value obj = Value::object(
      {{"a", Value::string("x")}, {"b", Value::number(1)}, {"c", Value::string("z")}});
  Value changed = obj.marked_sensitive().with_entries(
      {{0, Value::string("y")}, {2, Value::string("w").marked_sensitive()}});
  CHECK(changed.type() == obj.type());
  CHECK(changed.is_sensitive());  // the container keeps its own mark
  CHECK(changed.attribute("a") == Value::string("y"));
  CHECK(changed.attribute("b").shares_payload(obj.attribute("b")));
  CHECK(changed.attribute("c").is_sensitive());
  CHECK(obj.attribute("a") == Value::string("x"));  // the original is untouched
  CHECK(obj.with_entries({}).shares_payload(obj));
  CHECK_THROWS(obj.with_entries({{3, Value::string("no such entry")}}));
}

TEST_CASE("shares_payload: copies share, equal values built apart do not") {
  Value a = Value::object({{"a", Value::string("x")}});
  Value copy = a;
  CHECK(copy.shares_payload(a));
  CHECK(a.marked_sensitive().shares_payload(a));  // marks aside
  Value apart = Value::object({{"a", Value::string("x")}});
  CHECK(apart == a);
  CHECK_FALSE(apart.shares_payload(a));
  // Null and unknown values have no content to share.
  CHECK_FALSE(Value::null(Type::string()).shares_payload(Value::null(Type::string())));
  CHECK_FALSE(Value::unknown(Type::string()).shares_payload(Value::unknown(Type::string())));
}

TEST_CASE("objects of one type share its attribute names as their keys") {
  Type t = Type::object({{"a_rather_long_attribute_name", Type::string()}, {"b", Type::number()}});
  Value one = Value::object(t, {{"b", Value::number(1)}});
  Value two = Value::object(t, {{"a_rather_long_attribute_name", Value::string("x")}});
  // The keys are the type's own strings, not copies: the same addresses in both objects.
  const std::string& key_one = one.entries().begin()->first;
  const std::string& key_two = two.entries().begin()->first;
  CHECK(&key_one == &key_two);
  CHECK(&key_one == &t.attribute_names()->front());
  CHECK(*t.attribute_names() == std::vector<std::string>{"a_rather_long_attribute_name", "b"});
  // Iterators step through (key, value) pairs and measure distances like a vector's.
  auto it = one.entries().find("b");
  REQUIRE(it != one.entries().end());
  CHECK(it - one.entries().begin() == 1);
  CHECK(it->first == "b");
  CHECK(it->second == Value::number(1));
  CHECK(std::prev(it)->first == "a_rather_long_attribute_name");
  CHECK(one.entries().begin()[1].second == Value::number(1));
  // Equal content of equal types built apart compare equal; the keys matter.
  Type same =
      Type::object({{"a_rather_long_attribute_name", Type::string()}, {"b", Type::number()}});
  CHECK(Value::object(same, {{"b", Value::number(1)}}) == one);
  CHECK(Value::object(t, {{"b", Value::number(2)}}) != one);
  // Unmarking rebuilds the values and keeps the shared keys.
  Value marked = one.with_entry("b", Value::number(1).marked_sensitive());
  Value plain = marked.without_marks();
  CHECK_FALSE(plain.contains_sensitive());
  CHECK(&plain.entries().begin()->first == &key_one);
  // A map owns its keys; the type of an empty object has none.
  CHECK(Value::map(Type::string(), {{"k", Value::string("v")}}).entries().begin()->first == "k");
  CHECK(Type::object({}).attribute_names()->empty());
  CHECK(Type::string().attribute_names()->empty());
}

TEST_CASE("collection types of primitive elements are shared, others are built") {
  CHECK(Type::list(Type::string()) == Type::list(Type::string()));
  CHECK(Type::list(Type::string()) != Type::set(Type::string()));
  CHECK(Type::map(Type::number()) != Type::map(Type::boolean()));
  CHECK(Type::set(Type::dynamic()).element() == Type::dynamic());
  CHECK(Type::map(Type::boolean()).kind() == Type::Kind::kMap);
  CHECK(Type::list(Type::number()).depth() == 1);
  CHECK(Type::list(Type::list(Type::string())).depth() == 2);
  CHECK(Type::list(Type::list(Type::string())).element() == Type::list(Type::string()));
  CHECK(Type::list(Type::string()).friendly_name() == "list of string");
  // Values of a shared type are safe to make and drop on any thread.
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        Value l = Value::list(Type::string(), {Value::string("x")});
        if (l.type() != Type::list(Type::string()) || l.elements().size() != 1) wrong++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("source ranges name their file by one shared copy of the name") {
  SourceRange a{"main.tf", {1, 1, 0}, {1, 5, 4}};
  SourceRange b{std::string("main.tf"), {2, 1, 10}, {2, 5, 14}};
  CHECK(&a.filename.str() == &b.filename.str());
  CHECK(a.filename == b.filename);
  CHECK_FALSE(a.filename == FileName("other.tf"));
  CHECK(a.filename.str() == "main.tf");
  CHECK(std::string("on ") + a.filename + ":1" == "on main.tf:1");
  CHECK(FileName().empty());
  CHECK(FileName("") == FileName());
  CHECK(SourceRange{} == SourceRange{"", {}, {}});
  CHECK(sizeof(SourceRange) <= 32);
  Diagnostic d = Diagnostic::error("Broken", "detail").at(a);
  CHECK(d.to_string().find("on main.tf line 1, column 1") != std::string::npos);
}
