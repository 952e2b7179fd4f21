// Decoding a configuration body against a resource schema (Terraform's hcldec with the
// schema's implied type): arguments become attributes, blocks become nested objects, and
// `dynamic` blocks are expanded. The result conforms to the block's implied type.
#pragma once

#include <vector>

#include "hcl/body.h"
#include "hcl/eval_context.h"
#include "hcl/traversal.h"
#include "schema/schema.h"
#include "value/codec.h"

namespace fgform::lang {

value::Decoded<value::Value> decode_body(const hcl::Body& body, const schema::Block& block,
                                         const hcl::EvalContext& ctx);

// Every reference made inside the body (including in dynamic blocks), for the dependency
// graph. Unknown arguments are ignored here: decode_body reports them.
std::vector<hcl::Traversal> body_references(const hcl::Body& body, const schema::Block& block);

}  // namespace fgform::lang
