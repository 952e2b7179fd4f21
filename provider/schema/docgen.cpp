#include "docgen.h"

#include <sstream>
#include <string_view>

#include "fgform_version.h"

namespace fgform::schema {
namespace {

std::string type_label(const value::Type& t) {
  using K = value::Type::Kind;
  switch (t.kind()) {
    case K::kString:
      return "String";
    case K::kNumber:
      return "Number";
    case K::kBool:
      return "Boolean";
    case K::kDynamic:
      return "Dynamic";
    case K::kList:
      return "List of " + type_label(t.element());
    case K::kSet:
      return "Set of " + type_label(t.element());
    case K::kMap:
      return "Map of " + type_label(t.element());
    case K::kObject:
      return "Object";
    case K::kTuple:
      return "Tuple";
  }
  return "Dynamic";
}

std::string value_label(const value::Value& v) {
  std::string s = v.debug_string();
  return "`" + s + "`";
}

std::string constraints(const Attribute& a) {
  std::string out;
  const Validation& v = a.validation;
  if (!v.one_of.empty()) {
    out += " Must be one of: ";
    for (std::size_t i = 0; i < v.one_of.size(); ++i)
      out += (i ? ", " : "") + value_label(v.one_of[i]);
    out += ".";
  }
  if (!v.none_of.empty()) {
    out += " Must not be ";
    for (std::size_t i = 0; i < v.none_of.size(); ++i)
      out += (i ? (i + 1 == v.none_of.size() ? " or " : ", ") : "") + value_label(v.none_of[i]);
    out += ".";
  }
  if (v.min && v.max)
    out += " From `" + v.min->text() + "` to `" + v.max->text() + "`.";
  else if (v.min)
    out += " At least `" + v.min->text() + "`.";
  else if (v.max)
    out += " At most `" + v.max->text() + "`.";
  if (v.max_length)
    out += " At most " + std::to_string(*v.max_length) +
           (a.type.is_primitive() ? " characters." : " elements.");
  if (!v.regex_message.empty()) out += " It " + v.regex_message + ".";
  if (v.format == "cron")
    out += " A cron expression (6 fields, optional `CRON_TZ=`) or `@every <duration>`.";
  if (v.format == "cidr") out += " An IPv4 CIDR block.";
  if (v.format == "cidr_list") out += " One to five IPv4 CIDR blocks separated by `;`.";
  if (a.default_value) out += " Defaults to " + value_label(*a.default_value) + ".";
  if (a.not_returned) {
    out +=
        " The platform never returns it: it is kept as configured, and an import leaves it "
        "unset.";
  }
  if (a.force_new && a.not_returned) {
    out +=
        " Changing it replaces the resource; setting it where the state has none (after an "
        "import) updates in place and sends it for the platform to check, which refuses a "
        "value that differs from its own.";
  } else if (a.force_new) {
    out += " Changing it replaces the resource.";
  }
  if (a.sensitive) out += " Sensitive: never shown in plans or logs.";
  if (a.deprecated) out += " **Deprecated.**";
  return out;
}

std::string anchor(const std::string& path) {
  std::string out = "nestedblock--";
  for (char c : path) out.push_back(c == '.' ? '-' : c);
  return out;
}

std::string nesting_label(const NestedBlock& b) {
  std::string out = "Block ";
  switch (b.nesting) {
    case Nesting::kSingle:
      out += "Single";
      break;
    case Nesting::kGroup:
      out += "Group";
      break;
    case Nesting::kList:
      out += "List";
      break;
    case Nesting::kSet:
      out += "Set";
      break;
    case Nesting::kMap:
      out += "Map";
      break;
  }
  if (b.min_items > 0) out += ", Min: " + std::to_string(b.min_items);
  if (b.max_items > 0) out += ", Max: " + std::to_string(b.max_items);
  return out;
}

void render_block(std::ostringstream& md, const Block& block, const std::string& path) {
  struct Group {
    const char* title;
    bool (*member)(const Attribute&);
    bool blocks_required;
  };
  const Group groups[] = {
      {"Required", [](const Attribute& a) { return a.required; }, true},
      {"Optional", [](const Attribute& a) { return a.optional; }, false},
      {"Read-Only", [](const Attribute& a) { return a.computed && !a.optional && !a.required; },
       false},
  };
  for (const auto& g : groups) {
    std::ostringstream items;
    for (const auto& a : block.attributes) {
      if (!g.member(a)) continue;
      items << "- `" << a.name << "` (" << type_label(a.type) << ") " << a.description
            << constraints(a) << "\n";
    }
    if (std::string(g.title) != "Read-Only") {
      for (const auto& b : block.blocks) {
        if ((b.min_items > 0) != g.blocks_required) continue;
        const std::string child = path.empty() ? b.name : path + "." + b.name;
        items << "- `" << b.name << "` (" << nesting_label(b) << ") " << b.block.description
              << (b.force_new ? " Changing it replaces the resource." : "")
              << " (see [below for nested schema](#" << anchor(child) << "))\n";
      }
    }
    if (items.str().empty()) continue;
    md << "### " << g.title << "\n\n" << items.str() << "\n";
  }
  for (const auto& b : block.blocks) {
    const std::string child = path.empty() ? b.name : path + "." + b.name;
    md << "<a id=\"" << anchor(child) << "\"></a>\n### Nested Schema for `" << child << "`\n\n";
    render_block(md, b.block, child);
  }
}

std::string short_name(const std::string& type_name) {
  const std::string prefix = "functiongraph_";
  return type_name.rfind(prefix, 0) == 0 ? type_name.substr(prefix.size()) : type_name;
}

std::string render_schema(const Schema& s, const char* kind_label) {
  std::ostringstream md;
  md << "---\npage_title: \"" << s.type_name << " " << kind_label << " - functiongraph\"\n"
     << "description: |-\n  " << s.description << "\n---\n\n";
  md << "# " << s.type_name << " (" << kind_label << ")\n\n";
  if (!s.available)
    md << "> **Not available yet.** The schema is final; the provider does not offer this type in "
          "this release.\n\n";
  md << s.description << "\n\n";
  md << "## Example Usage\n\n```terraform\n" << s.example << "```\n\n## Schema\n\n";
  render_block(md, s.block, "");
  if (s.kind == SchemaKind::kResource && !s.import_id.empty()) {
    md << "## Import\n\nImport is supported using the following syntax:\n\n```shell\n"
       << "terraform import " << s.type_name << ".example <id>\n```\n\n"
       << s.import_id << "\n";
  }
  std::string out = md.str();
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

// "~> MAJOR.MINOR" of a version: what a user writes to take fixes and features, not breaks.
std::string pessimistic_constraint(std::string_view version) {
  auto first = version.find('.');
  auto second = version.find('.', first == std::string_view::npos ? first : first + 1);
  return "~> " + std::string(version.substr(0, second));
}

}  // namespace

std::map<std::string, std::string> render_docs(const Registry& registry) {
  std::map<std::string, std::string> files;
  const Schema& p = registry.provider();
  std::ostringstream index;
  index << "---\npage_title: \"Provider: FunctionGraph\"\ndescription: |-\n  " << p.description
        << "\n---\n\n"
        << "# FunctionGraph Provider\n\n"
        << p.description << "\n\n"
        << "## Installation\n\n"
        << "`terraform init` installs the provider from a filesystem or network mirror of a "
           "release; [the installation guide](guides/install.md) says how.\n\n"
        << "## Example Usage\n\n```terraform\n"
        << "terraform {\n  required_providers {\n    functiongraph = {\n      source  = "
           "\"fgform/functiongraph\"\n      version = \""
        << pessimistic_constraint(kVersion) << "\"\n    }\n  }\n}\n\n"
        << "provider \"functiongraph\" {\n  region = \"cn-north-4\"\n  # access_key and secret_key "
           "from HW_ACCESS_KEY and HW_SECRET_KEY\n}\n```\n\n"
        << "## Resources\n\n";
  for (const auto& [name, s] : registry.resources()) {
    index << "- [`" << name << "`](resources/" << short_name(name) << ".md)"
          << (s.available ? "" : " (not available yet)") << "\n";
    files["resources/" + short_name(name) + ".md"] = render_schema(s, "Resource");
  }
  if (!registry.data_sources().empty()) {
    index << "\n## Data Sources\n\n";
    for (const auto& [name, s] : registry.data_sources()) {
      index << "- [`" << name << "`](data-sources/" << short_name(name) << ".md)\n";
      files["data-sources/" + short_name(name) + ".md"] = render_schema(s, "Data Source");
    }
  }
  index << "\n## Schema\n\n";
  render_block(index, p.block, "");
  std::string text = index.str();
  while (text.size() > 1 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n')
    text.pop_back();
  files["index.md"] = text;
  return files;
}

}  // namespace fgform::schema
