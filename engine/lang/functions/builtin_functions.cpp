#include "lang/functions/builtin_functions.h"

#include "lang/functions/helpers.h"

namespace fgform::lang {

hcl::FunctionTable builtin_functions(const FunctionOptions& options) {
  hcl::FunctionTable table;
  functions::add_string_functions(table);
  functions::add_regex_functions(table);
  functions::add_text_encoding_functions(table);
  functions::add_yaml_functions(table);
  functions::add_network_functions(table);
  functions::add_format_functions(table);
  functions::add_collection_functions(table);
  functions::add_conversion_functions(table);
  functions::add_encoding_functions(table);
  functions::add_filesystem_functions(table, options);
  functions::add_crypto_functions(table, options);
  functions::add_numeric_functions(table);
  functions::add_datetime_functions(table, options);
#ifdef FGFORM_HAVE_TEMPLATES
  functions::add_templatefile_function(table, options);
#endif
  return table;
}

}  // namespace fgform::lang
