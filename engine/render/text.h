// Small text helpers shared by the renderers, each reproducing a Go behaviour Terraform's output
// depends on (strconv.Quote, hclsyntax.ValidIdentifier, go-wordwrap, time.Duration.String).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value/go_quote.h"

namespace fgform::render {

// Go's strconv.Quote (value/go_quote.h).
using value::go_quote;

// hclsyntax.ValidIdentifier: a letter or '_' first, then letters, digits, '_' or '-'.
bool is_hcl_identifier(std::string_view s);

// An attribute name as the plan shows it: bare when it is an identifier, quoted otherwise.
std::string attribute_name(std::string_view s);

// Terraform's format.WordWrap: each line not starting with a space is wrapped at width-1
// columns on spaces; width <= 1 leaves the text alone.
std::string word_wrap(std::string_view text, int width);

// Go's time.Duration.String for whole seconds: "0s", "10s", "1m30s", "2h0m5s".
std::string go_duration_seconds(std::int64_t seconds);

// Go's strings.TrimSpace.
std::string trim_space(std::string_view s);

}  // namespace fgform::render
