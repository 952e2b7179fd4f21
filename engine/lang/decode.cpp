#include "lang/decode.h"

#include "value/convert.h"

namespace fgform::lang {
namespace {

using schema::Nesting;
using value::Diagnostic;
using value::Diagnostics;
using value::Value;

hcl::BodySchema body_schema(const schema::Block& block, bool with_dynamic) {
  hcl::BodySchema s;
  for (const auto& a : block.attributes) {
    if (a.computed && !a.optional) continue;  // read-only: not settable in configuration
    s.attributes.push_back({a.name, a.required});
  }
  for (const auto& nb : block.blocks) s.blocks.push_back({nb.name, {}});
  if (with_dynamic) s.blocks.push_back({"dynamic", {"type"}});
  return s;
}

const schema::NestedBlock* nested(const schema::Block& block, const std::string& name) {
  for (const auto& nb : block.blocks)
    if (nb.name == name) return &nb;
  return nullptr;
}

struct Items {
  std::vector<Value> values;
  std::vector<value::SourceRange> ranges;
};

void decode_blocks(const hcl::BodyContent& content, const schema::Block& block,
                   const hcl::EvalContext& ctx, std::map<std::string, Items>& items,
                   Diagnostics& diags);

Value decode_object(const hcl::Body& body, const schema::Block& block, const hcl::EvalContext& ctx,
                    Diagnostics& diags) {
  auto content = body.content(body_schema(block, true));
  diags.append(content.diagnostics);
  Value::Entries out;
  for (const auto& a : block.attributes) {
    const hcl::Attribute* attr = content.value.attribute(a.name);
    if (!attr) {
      out.emplace(a.name, Value::null(a.type));
      continue;
    }
    auto v = attr->expr->evaluate(ctx);
    diags.append(v.diagnostics);
    auto converted = value::convert(v.value, a.type);
    if (!converted.ok()) {
      diags.add(Diagnostic::error("Incorrect attribute value type",
                                  "Inappropriate value for attribute \"" + a.name +
                                      "\": " + converted.error + ".")
                    .at(attr->expr->range()));
      out.emplace(a.name, Value::unknown(a.type));
      continue;
    }
    out.emplace(a.name, converted.value);
  }
  std::map<std::string, Items> items;
  decode_blocks(content.value, block, ctx, items, diags);
  const value::Type type = block.implied_type();
  for (const auto& nb : block.blocks) {
    const value::Type inner = nb.block.implied_type();
    auto& got = items[nb.name];
    switch (nb.nesting) {
      case Nesting::kSingle:
      case Nesting::kGroup:
        if (got.values.size() > 1) {
          diags.add(Diagnostic::error("Duplicate " + nb.name + " block",
                                      "Only one \"" + nb.name + "\" block is allowed.")
                        .at(got.ranges[1]));
        }
        out.emplace(nb.name, got.values.empty() ? Value::null(inner) : got.values[0]);
        break;
      case Nesting::kList:
        out.emplace(nb.name, Value::list(inner, got.values));
        break;
      case Nesting::kSet:
        out.emplace(nb.name, Value::set(inner, got.values));
        break;
      case Nesting::kMap:
        // Map-nested blocks need a label; the built-in schemas have none.
        out.emplace(nb.name, Value::map(inner, {}));
        break;
    }
  }
  return Value::object(type, std::move(out));
}

void decode_blocks(const hcl::BodyContent& content, const schema::Block& block,
                   const hcl::EvalContext& ctx, std::map<std::string, Items>& items,
                   Diagnostics& diags) {
  for (const auto& b : content.blocks) {
    if (b.type != "dynamic") {
      const auto* nb = nested(block, b.type);
      if (!nb) continue;
      items[b.type].values.push_back(decode_object(*b.body, nb->block, ctx, diags));
      items[b.type].ranges.push_back(b.def_range);
      continue;
    }
    const std::string& name = b.labels[0];
    const auto* nb = nested(block, name);
    if (!nb) {
      diags.add(Diagnostic::error("Unsupported block type",
                                  "Blocks of type \"" + name + "\" are not expected here.")
                    .at(b.label_ranges[0]));
      continue;
    }
    auto dyn = b.body->content(hcl::BodySchema{
        {{"for_each", true}, {"iterator", false}, {"labels", false}}, {{"content", {}}}});
    diags.append(dyn.diagnostics);
    if (!dyn.ok()) continue;
    std::string iterator = name;
    if (auto* it = dyn.value.attribute("iterator")) {
      auto vars = it->expr->variables();
      if (vars.size() == 1 && vars[0].steps.empty()) iterator = vars[0].root;
    }
    const hcl::Block* content_block = nullptr;
    for (const auto& cb : dyn.value.blocks) content_block = &cb;
    if (!content_block) {
      diags.add(Diagnostic::error("Missing content block",
                                  "A dynamic block must have a nested block of type \"content\".")
                    .at(b.def_range));
      continue;
    }
    auto each = dyn.value.attribute("for_each")->expr->evaluate(ctx);
    diags.append(each.diagnostics);
    if (!each.ok()) continue;
    const Value& coll = each.value;
    if (coll.is_unknown() || !coll.is_wholly_known()) {
      // The number of blocks is not known yet: the whole attribute is unknown.
      items[name].values.push_back(Value::unknown(nb->block.implied_type()));
      items[name].ranges.push_back(b.def_range);
      continue;
    }
    if (coll.is_null()) {
      diags.add(Diagnostic::error("Invalid dynamic for_each value",
                                  "Cannot use a null value in for_each.")
                    .at(dyn.value.attribute("for_each")->expr->range()));
      continue;
    }
    std::vector<std::pair<Value, Value>> pairs;
    switch (coll.type().kind()) {
      case value::Type::Kind::kList:
      case value::Type::Kind::kTuple:
      case value::Type::Kind::kSet: {
        std::int64_t i = 0;
        for (const auto& e : coll.elements())
          pairs.emplace_back(coll.type().kind() == value::Type::Kind::kSet ? e : Value::number(i++),
                             e);
        break;
      }
      case value::Type::Kind::kMap:
      case value::Type::Kind::kObject:
        for (const auto& [k, e] : coll.entries()) pairs.emplace_back(Value::string(k), e);
        break;
      default:
        diags.add(Diagnostic::error("Invalid dynamic for_each value",
                                    "Cannot use a " + coll.type().friendly_name() +
                                        " value in for_each. An iterable collection is required.")
                      .at(dyn.value.attribute("for_each")->expr->range()));
        continue;
    }
    for (const auto& [k, v] : pairs) {
      hcl::EvalContext child;
      child.parent = &ctx;
      child.variables[iterator] = Value::object({{"key", k}, {"value", v}});
      items[name].values.push_back(decode_object(*content_block->body, nb->block, child, diags));
      items[name].ranges.push_back(content_block->def_range);
    }
  }
}

void collect(const hcl::Body& body, const schema::Block& block, std::vector<hcl::Traversal>& out,
             const std::string& iterator_to_skip) {
  auto content = body.partial_content(body_schema(block, true));
  for (const auto& a : content.value.content.attributes) {
    for (auto& t : a.expr->variables())
      if (t.root != iterator_to_skip) out.push_back(std::move(t));
  }
  for (const auto& b : content.value.content.blocks) {
    if (b.type != "dynamic") {
      if (const auto* nb = nested(block, b.type)) collect(*b.body, nb->block, out, iterator_to_skip);
      continue;
    }
    const auto* nb = nested(block, b.labels[0]);
    if (!nb) continue;
    auto dyn = b.body->partial_content(
        hcl::BodySchema{{{"for_each", false}, {"iterator", false}}, {{"content", {}}}});
    std::string iterator = b.labels[0];
    if (auto* it = dyn.value.content.attribute("iterator")) {
      auto vars = it->expr->variables();
      if (vars.size() == 1) iterator = vars[0].root;
    }
    if (auto* fe = dyn.value.content.attribute("for_each"))
      for (auto& t : fe->expr->variables()) out.push_back(std::move(t));
    for (const auto& cb : dyn.value.content.blocks) collect(*cb.body, nb->block, out, iterator);
  }
}

}  // namespace

value::Decoded<Value> decode_body(const hcl::Body& body, const schema::Block& block,
                                  const hcl::EvalContext& ctx) {
  Diagnostics diags;
  Value v = decode_object(body, block, ctx, diags);
  return {v, diags};
}

std::vector<hcl::Traversal> body_references(const hcl::Body& body, const schema::Block& block) {
  std::vector<hcl::Traversal> out;
  collect(body, block, out, "");
  return out;
}

}  // namespace fgform::lang
