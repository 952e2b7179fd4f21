// Sensitive marks as paths: state files (sensitive_attributes) and saved plans store which
// parts of a value are sensitive as a list of attribute paths, while values carry the marks
// themselves. These convert between the two.
#pragma once

#include <vector>

#include "value/path.h"
#include "value/value.h"

namespace fgform::value {

// `v` with every value under each of `paths` marked sensitive; paths that do not exist in `v`
// (or pass through null or unknown values) are ignored.
Value mark_paths(const Value& v, const std::vector<Path>& paths);

// The paths of the outermost sensitive-marked values inside `v` (Path() when `v` itself is).
std::vector<Path> sensitive_paths_of(const Value& v);

}  // namespace fgform::value
