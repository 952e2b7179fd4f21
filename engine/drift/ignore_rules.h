// Site rules for `fgform drift`: differences nobody wants to hear about. One rule per `-ignore`
// flag or per line of an `.fgformignore` file:
//
//   ADDRESS[.ATTRIBUTE]
//
//   functiongraph_function.api.description    one attribute of one resource (every instance)
//   functiongraph_function.api[0].tags        one instance; tags["x"] is covered by tags
//   module.edge.functiongraph_trigger.*       every trigger of module.edge (the whole object)
//   *.tags                                    tags of everything
//
// `*` matches any run of characters. An address without `[...]` matches every instance (and
// module instance) of it. In a file, `#` starts a comment and blank lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value/diagnostics.h"

namespace fgform::drift {

class IgnoreRules {
 public:
  // Adds one rule; `source` names where it came from for the error ("-ignore", "file:3").
  value::Diagnostics add(std::string_view rule, const std::string& source);
  // Adds every rule of an .fgformignore file's text; errors name `file`:line.
  value::Diagnostics add_file(std::string_view text, const std::string& file);

  // True when a rule covers this attribute of this instance. `attribute` empty asks about the
  // whole object (a deletion): only a rule without an attribute covers that.
  bool matches(const std::string& instance_address, const std::string& attribute) const;
  bool empty() const { return rules_.empty(); }
  std::size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::string address;    // glob
    bool keyed = false;     // the address names instance keys: compare with them
    std::string attribute;  // glob; empty = the whole object
  };
  std::vector<Rule> rules_;
};

// `a["x"].b[0]` → `a.b`: the address with every instance key removed.
std::string without_instance_keys(const std::string& address);

}  // namespace fgform::drift
