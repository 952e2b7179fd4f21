#include "render/apply_progress.h"

#include "render/color.h"
#include "render/text.h"

namespace fgform::render {
namespace {

using plan::Action;
using value::Type;
using value::Value;

// The attribute `name` of an object when its declared type is `kind`; nullopt otherwise.
const Value* typed_attribute(const Value& object, const std::string& name, Type::Kind kind,
                             Value& storage) {
  if (!object.type().has_attribute(name)) return nullptr;
  if (object.type().attributes().at(name).kind() != kind) return nullptr;
  storage = object.attribute(name);
  return &storage;
}

bool usable_string(const Value& v) {
  return !v.is_sensitive() && v.is_known() && !v.is_null() && v.type() == Type::string();
}

std::pair<std::string, std::string> object_value_name(const Value& obj) {
  if (obj.is_null() || !obj.is_known() || obj.type().kind() != Type::Kind::kObject) return {};
  Value storage;
  if (const Value* name = typed_attribute(obj, "name", Type::Kind::kString, storage)) {
    if (usable_string(*name)) return {"name", name->as_string()};
    return {};
  }
  if (obj.type().has_attribute("tags")) {
    const Type& tt = obj.type().attributes().at("tags");
    if (tt.kind() == Type::Kind::kMap && tt.element() == Type::string()) {
      const Value tags = obj.attribute("tags");
      if (tags.is_null() || !tags.is_wholly_known() || tags.is_sensitive()) return {};
      for (const char* key : {"name", "Name"}) {
        auto it = tags.entries().find(key);
        if (it == tags.entries().end()) continue;
        if (usable_string(it->second)) return {std::string("tags.") + key, it->second.as_string()};
        return {};
      }
    }
  }
  return {};
}

std::string with_id(const std::pair<std::string, std::string>& id) {
  if (id.first.empty() || id.second.empty()) return "";
  return " [" + id.first + "=" + id.second + "]";
}

}  // namespace

std::pair<std::string, std::string> object_value_id(const Value& obj) {
  if (obj.is_null() || !obj.is_known() || obj.type().kind() != Type::Kind::kObject) return {};
  Value storage;
  // Like Terraform's switch: an "id" string attribute decides, even when it has no value.
  if (const Value* id = typed_attribute(obj, "id", Type::Kind::kString, storage)) {
    if (usable_string(*id)) return {"id", id->as_string()};
    return {};
  }
  if (const Value* name = typed_attribute(obj, "name", Type::Kind::kString, storage)) {
    if (usable_string(*name)) return {"name", name->as_string()};
  }
  return {};
}

std::pair<std::string, std::string> object_value_id_or_name(const Value& obj) {
  auto id = object_value_id(obj);
  if (!id.first.empty()) return id;
  return object_value_name(obj);
}

std::string truncate_id(const std::string& id, std::size_t max) {
  // Work in code points, so multi-byte characters are never cut in half.
  std::vector<std::string> runes;
  for (std::size_t i = 0; i < id.size();) {
    std::size_t n = 1;
    const auto c = static_cast<unsigned char>(id[i]);
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    runes.push_back(id.substr(i, n));
    i += n;
  }
  if (runes.size() <= max) return id;
  if (max < 5) max = 5;
  const std::size_t part = max / 2;
  std::size_t right = runes.size() - part - 1;
  const long overlap = static_cast<long>(max) - static_cast<long>(part * 2 + 3);
  if (overlap < 0) right += static_cast<std::size_t>(-overlap);
  std::string out;
  for (std::size_t i = 0; i + 1 < part; ++i) out += runes[i];
  out += "...";
  for (std::size_t i = right; i < runes.size(); ++i) out += runes[i];
  return out;
}

std::string apply_start_line(const std::string& address, Action action, const Value& prior,
                             bool color) {
  std::string operation;
  switch (action) {
    case Action::kDelete:
      operation = "Destroying...";
      break;
    case Action::kCreate:
      operation = "Creating...";
      break;
    case Action::kUpdate:
      operation = "Modifying...";
      break;
    case Action::kRead:
      operation = "Reading...";
      break;
    default:
      return "";
  }
  return colorize("[reset][bold]" + address + ": " + operation +
                      with_id(object_value_id_or_name(prior)) + "[reset]",
                  color);
}

std::string apply_still_running_line(const std::string& address, Action action, const Value& prior,
                                     std::int64_t elapsed_seconds, bool color) {
  std::string msg;
  switch (action) {
    case Action::kUpdate:
      msg = "Still modifying...";
      break;
    case Action::kDelete:
      msg = "Still destroying...";
      break;
    case Action::kCreate:
      msg = "Still creating...";
      break;
    case Action::kRead:
      msg = "Still reading...";
      break;
    default:
      return "";
  }
  const auto id = object_value_id_or_name(prior);
  std::string id_part;
  if (!id.first.empty() && !id.second.empty())
    id_part = id.first + "=" + truncate_id(id.second) + ", ";
  return colorize("[reset][bold]" + address + ": " + msg + " [" + id_part +
                      go_duration_seconds(elapsed_seconds) + " elapsed][reset]",
                  color);
}

std::string apply_complete_line(const std::string& address, Action action, const Value& new_object,
                                std::int64_t elapsed_seconds, bool color) {
  std::string msg;
  switch (action) {
    case Action::kUpdate:
      msg = "Modifications complete";
      break;
    case Action::kDelete:
      msg = "Destruction complete";
      break;
    case Action::kCreate:
      msg = "Creation complete";
      break;
    case Action::kRead:
      msg = "Read complete";
      break;
    default:
      return "";
  }
  return colorize("[reset][bold]" + address + ": " + msg + " after " +
                      go_duration_seconds(elapsed_seconds) + with_id(object_value_id(new_object)),
                  color);
}

std::string refresh_start_line(const std::string& address, const Value& prior, bool color) {
  return colorize(
      "[reset][bold]" + address + ": Refreshing state..." + with_id(object_value_id(prior)), color);
}

std::string import_state_line(const std::string& address, const std::string& id, bool color) {
  return colorize("[reset][bold]" + address + ": Importing from ID " + go_quote(id) + "...", color);
}

std::string apply_import_start_line(const std::string& address, const std::string& id, bool color) {
  return colorize("[reset][bold]" + address + ": Importing... [id=" + id + "]", color);
}

std::string apply_import_complete_line(const std::string& address, const std::string& id,
                                       bool color) {
  return colorize("[reset][bold]" + address + ": Import complete [id=" + id + "]", color);
}

std::string apply_summary(const ChangeSummary& summary, bool color) {
  return colorize("[reset][bold][green]\n" + change_summary_message(summary) + "\n", color);
}

}  // namespace fgform::render
