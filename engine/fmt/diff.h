// Unified diffs for `fmt -diff`. Terraform 1.11 runs `diff --label=old/PATH --label=new/PATH -u`
// on two temporary files; doing the same gives identical output. Without a `diff` program the
// built-in unified diff (same headers and hunk format, possibly different hunk choices) is used.
#pragma once

#include <string>
#include <string_view>

namespace fgform::fmt {

// The diff of `before` and `after` labelled old/<path> and new/<path>; empty when equal.
// Never throws; on failure returns false with a message in `error`.
bool unified_diff(std::string_view before, std::string_view after, std::string_view path,
                  std::string& out, std::string& error);

// The built-in implementation alone (exposed for tests).
std::string builtin_unified_diff(std::string_view before, std::string_view after,
                                 std::string_view path);

}  // namespace fgform::fmt
