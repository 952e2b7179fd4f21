// `fgform fmt`: terraform fmt's command line (Terraform 1.11) — same flags, targets, listing,
// diffs, diagnostics and exit codes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace fgform::fmt {

// `args` are the words after `fmt`. Reads `in` for the target "-"; writes formatted output,
// listings and diffs to `out`, diagnostics and usage errors to `err`. Returns the exit code:
// 0 success, 1 bad flags, 2 errors (syntax, missing files, unsupported targets), 3 with -check
// when some input is not formatted. Never throws.
int run_fmt(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err);

// The text of `fmt -help`.
std::string fmt_help();

// One-line description for a command list.
inline constexpr const char* kFmtSynopsis = "Reformat your configuration in the standard style";

}  // namespace fgform::fmt
