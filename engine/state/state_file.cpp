#include "state_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "state/go_json.h"
#include "state/lock.h"
#include "state/state_document.h"

namespace fgform::state {
namespace {

using nlohmann::json;
using value::Diagnostic;
using value::Diagnostics;

// 1-based line and column of a byte offset.
value::SourcePos position_of(std::string_view text, std::size_t byte) {
  value::SourcePos pos;
  byte = std::min(byte, text.size());
  pos.byte = static_cast<int>(byte);
  for (std::size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

// Walks the parsed document, naming the JSON path of anything wrong.
class Reader {
 public:
  Reader(const std::string& file, Diagnostics& d, StateDocument* document = nullptr)
      : file_(file), d_(d), document_(document) {}

  void error(const std::string& path, const std::string& what) {
    d_.add(Diagnostic::error(
        "Invalid state file",
        "The state file \"" + file_ + "\" is invalid at " + path + ": " + what + "."));
  }

  // The member `name` of `obj`, checked with `ok`; nullptr when absent (an error if required)
  // or of the wrong kind (always an error).
  template <typename Pred>
  const json* get(const json& obj, const std::string& path, const char* name, bool required,
                  Pred ok, const char* kind) {
    const std::string p = path.empty() ? name : path + "." + name;
    auto it = obj.find(name);
    if (it == obj.end()) {
      if (required) error(p, std::string("the required field is missing (expected ") + kind + ")");
      return nullptr;
    }
    if (!ok(*it)) {
      error(p, std::string("expected ") + kind + ", found " + it->type_name());
      return nullptr;
    }
    return &*it;
  }
  const json* str(const json& o, const std::string& path, const char* name, bool required) {
    return get(
        o, path, name, required, [](const json& j) { return j.is_string(); }, "a string");
  }
  const json* uint(const json& o, const std::string& path, const char* name, bool required) {
    return get(
        o, path, name, required, [](const json& j) { return j.is_number_unsigned(); },
        "a non-negative whole number");
  }
  const json* boolean(const json& o, const std::string& path, const char* name) {
    return get(
        o, path, name, false, [](const json& j) { return j.is_boolean(); }, "a boolean");
  }
  const json* array(const json& o, const std::string& path, const char* name, bool required) {
    // null stands for an empty list in Go's decoder.
    return get(
        o, path, name, required, [](const json& j) { return j.is_array() || j.is_null(); },
        "an array");
  }

  void read_outputs(const json& doc, State& s) {
    const json* outs = get(
        doc, "", "outputs", false, [](const json& j) { return j.is_object() || j.is_null(); },
        "an object");
    if (!outs || outs->is_null()) return;
    for (const auto& [name, o] : outs->items()) {
      const std::string p = "outputs[\"" + name + "\"]";
      if (!o.is_object()) {
        error(p, "expected an object");
        continue;
      }
      OutputValue ov;
      auto v = o.find("value");
      auto t = o.find("type");
      if (v == o.end() || t == o.end()) {
        error(p, "an output needs \"value\" and \"type\"");
        continue;
      }
      ov.value = *v;
      ov.type = *t;
      if (const json* sens = boolean(o, p, "sensitive")) ov.sensitive = sens->get<bool>();
      s.outputs[name] = std::move(ov);
    }
  }

  void read_instance(const json& is, const std::string& p, const AbsResource& res,
                     ResourceState& rs) {
    if (!is.is_object()) {
      error(p, "expected an object");
      return;
    }
    InstanceKey key;
    if (auto k = is.find("index_key"); k != is.end() && !k->is_null()) {
      if (k->is_string()) {
        key = InstanceKey::string(k->get<std::string>());
      } else if (k->is_number_integer()) {
        key = InstanceKey::integer(k->get<std::int64_t>());
      } else if (k->is_number_float() && std::trunc(k->get<double>()) == k->get<double>()) {
        key = InstanceKey::integer(static_cast<std::int64_t>(k->get<double>()));
      } else {
        error(p + ".index_key", "an instance key must be a string or a whole number");
        return;
      }
    }
    InstanceObject obj;
    if (const json* v = uint(is, p, "schema_version", false))
      obj.schema_version = v->get<std::uint64_t>();
    if (auto a = is.find("attributes"); a != is.end() && !a->is_null()) {
      if (auto text = document_ ? document_->take_attributes(*a) : std::nullopt) {
        obj.attributes = std::move(*text);  // compacted while parsing (state_document.h)
      } else if (!a->is_object()) {
        error(p + ".attributes", "expected an object");
        return;
      } else {
        obj.attributes = *a;
      }
    }
    if (auto f = is.find("attributes_flat"); f != is.end() && !f->is_null()) {
      std::map<std::string, std::string> flat;
      if (!f->is_object()) {
        error(p + ".attributes_flat", "expected an object of strings");
        return;
      }
      for (const auto& [k, v] : f->items()) {
        if (!v.is_string()) {
          error(p + ".attributes_flat." + k, "expected a string");
          return;
        }
        flat[k] = v.get<std::string>();
      }
      obj.attributes_flat = std::move(flat);
    }
    if (auto sp = is.find("sensitive_attributes"); sp != is.end() && !sp->is_null()) {
      if (!sp->is_array()) {
        error(p + ".sensitive_attributes", "expected an array of paths");
        return;
      }
      for (std::size_t i = 0; i < sp->size(); ++i) {
        const json& path = (*sp)[i];
        bool good = path.is_array();
        for (const auto& step : good ? path : json::array()) {
          good = good && step.is_object() && step.contains("type") && step.contains("value") &&
                 (step["type"] == "get_attr" || step["type"] == "index");
        }
        if (!good) {
          error(p + ".sensitive_attributes[" + std::to_string(i) + "]",
                "expected a list of {\"type\": \"get_attr\"|\"index\", \"value\": ...} steps");
          return;
        }
      }
      obj.sensitive_attributes = *sp;
    }
    if (const json* priv = str(is, p, "private", false))
      obj.private_data = priv->get<std::string>();
    if (const json* deps = array(is, p, "dependencies", false); deps && deps->is_array()) {
      for (std::size_t i = 0; i < deps->size(); ++i) {
        const json& dep = (*deps)[i];
        const std::string dp = p + ".dependencies[" + std::to_string(i) + "]";
        if (!dep.is_string()) {
          error(dp, "expected a resource address string");
          continue;
        }
        auto parsed = parse_abs_resource(dep.get<std::string>());
        if (!parsed.ok()) {
          error(dp, "\"" + dep.get<std::string>() + "\" is not a resource address");
          continue;
        }
        obj.dependencies.push_back(dep.get<std::string>());
      }
    }
    if (const json* cbd = boolean(is, p, "create_before_destroy")) {
      obj.create_before_destroy = cbd->get<bool>();
    }
    if (const json* st = str(is, p, "status", false)) {
      const auto& status = st->get_ref<const std::string&>();
      if (status == "tainted") {
        obj.status = ObjectStatus::kTainted;
      } else if (!status.empty()) {
        error(p + ".status", "instance " +
                                 AbsResourceInstance{res.module, res.resource, key}.to_string() +
                                 " has the invalid status \"" + status + "\"");
        return;
      }
    }
    ResourceInstanceState& inst = rs.instances[key];
    const std::string addr = AbsResourceInstance{res.module, res.resource, key}.to_string();
    const json* deposed = str(is, p, "deposed", false);
    if (deposed && !deposed->get_ref<const std::string&>().empty()) {
      const std::string dk = deposed->get<std::string>();
      if (dk.size() != 8) {
        error(p + ".deposed",
              "instance " + addr + " has the badly formed deposed key \"" + dk + "\"");
        return;
      }
      if (inst.deposed.count(dk)) {
        error(p, "instance " + addr + " deposed object \"" + dk + "\" appears more than once");
        return;
      }
      inst.deposed[dk] = std::move(obj);
    } else {
      if (inst.current) {
        error(p, "instance " + addr + " appears more than once");
        return;
      }
      inst.current = std::move(obj);
    }
  }

  void read_resources(const json& doc, State& s) {
    const json* list = array(doc, "", "resources", false);
    if (!list || list->is_null()) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& r = (*list)[i];
      const std::string p = "resources[" + std::to_string(i) + "]";
      if (!r.is_object()) {
        error(p, "expected an object");
        continue;
      }
      const json* mode = str(r, p, "mode", true);
      const json* type = str(r, p, "type", true);
      const json* name = str(r, p, "name", true);
      const json* provider = str(r, p, "provider", true);
      const json* module = str(r, p, "module", false);
      const json* each = str(r, p, "each", false);
      const json* instances = array(r, p, "instances", true);
      if (!mode || !type || !name || !provider || !instances) continue;
      AbsResource addr;
      auto m = parse_mode_name(mode->get<std::string>());
      if (!m) {
        error(p + ".mode", "unsupported resource mode \"" + mode->get<std::string>() + "\"");
        continue;
      }
      addr.resource = {*m, type->get<std::string>(), name->get<std::string>()};
      if (module && !module->get_ref<const std::string&>().empty()) {
        auto mi = parse_module_instance(module->get<std::string>());
        if (!mi.ok()) {
          error(p + ".module", "\"" + module->get<std::string>() + "\" is not a module address");
          continue;
        }
        addr.module = std::move(mi.value);
      }
      // A resource listed twice is merged, as Terraform does (duplicate instances are errors).
      ResourceState& rs = s.resources[addr];
      rs.provider = provider->get<std::string>();
      if (each) rs.each_mode = each->get<std::string>();
      if (instances->is_array()) {
        for (std::size_t k = 0; k < instances->size(); ++k) {
          read_instance((*instances)[k], p + ".instances[" + std::to_string(k) + "]", addr, rs);
        }
      }
    }
  }

  void read_checks(const json& doc, State& s) {
    const json* list = array(doc, "", "check_results", false);
    if (!list || list->is_null()) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& c = (*list)[i];
      const std::string p = "check_results[" + std::to_string(i) + "]";
      if (!c.is_object()) {
        error(p, "expected an object");
        continue;
      }
      CheckResult cr;
      if (const json* v = str(c, p, "object_kind", true)) cr.object_kind = v->get<std::string>();
      if (const json* v = str(c, p, "config_addr", true)) cr.config_addr = v->get<std::string>();
      if (const json* v = str(c, p, "status", false)) cr.status = v->get<std::string>();
      if (const json* objs = array(c, p, "objects", false); objs && objs->is_array()) {
        for (std::size_t k = 0; k < objs->size(); ++k) {
          const json& o = (*objs)[k];
          const std::string op = p + ".objects[" + std::to_string(k) + "]";
          if (!o.is_object()) {
            error(op, "expected an object");
            continue;
          }
          CheckObjectResult r;
          if (const json* v = str(o, op, "object_addr", true))
            r.object_addr = v->get<std::string>();
          if (const json* v = str(o, op, "status", false)) r.status = v->get<std::string>();
          if (const json* fm = array(o, op, "failure_messages", false); fm && fm->is_array()) {
            for (const auto& m : *fm) {
              if (m.is_string()) r.failure_messages.push_back(m.get<std::string>());
            }
          }
          cr.objects.push_back(std::move(r));
        }
      }
      s.check_results.push_back(std::move(cr));
    }
  }

  // fgform's own key (state.h PendingCreate); Terraform ignores it.
  void read_pending_creates(const json& doc, State& s) {
    const json* list = array(doc, "", "fgform_pending_creates", false);
    if (!list || list->is_null()) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& c = (*list)[i];
      const std::string p = "fgform_pending_creates[" + std::to_string(i) + "]";
      if (!c.is_object()) {
        error(p, "expected an object");
        continue;
      }
      const json* address = str(c, p, "address", true);
      const json* id = str(c, p, "import_id", true);
      if (!address || !id) continue;
      if (!parse_abs_resource_instance(address->get<std::string>()).ok()) {
        error(p + ".address", "not a resource instance address");
        continue;
      }
      PendingCreate pc;
      pc.import_id = id->get<std::string>();
      if (const json* v = str(c, p, "provider", false)) pc.provider = v->get<std::string>();
      if (const json* v = str(c, p, "started", false)) pc.started = v->get<std::string>();
      s.pending_creates[address->get<std::string>()] = std::move(pc);
    }
  }

 private:
  const std::string& file_;
  Diagnostics& d_;
  StateDocument* document_;
};

// --- writing -------------------------------------------------------------------------------

class Writer {
 public:
  std::string out;

  void nl(int level) { go_json_newline(out, 2, level); }
  // Starts a member: `,` when not first, newline, indentation, key.
  void key(const char* k, bool& first, int level) {
    if (!first) out += ',';
    first = false;
    nl(level);
    go_json_string(out, k);
    out += ": ";
  }
  void str(const std::string& s) { go_json_string(out, s); }
  void val(const json& j, int level) { go_json_value(out, j, 2, level); }

  // Sensitive paths keep Terraform's step field order: type, then value.
  void paths(const json& list, int level) {
    if (!list.is_array() || list.empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first_path = true;
    for (const auto& path : list) {
      if (!first_path) out += ',';
      first_path = false;
      nl(level + 1);
      if (!path.is_array() || path.empty()) {
        out += "[]";
        continue;
      }
      out += '[';
      bool first_step = true;
      for (const auto& step : path) {
        if (!first_step) out += ',';
        first_step = false;
        nl(level + 2);
        if (!step.is_object()) {
          val(step, level + 2);  // not a step Terraform knows; kept as given
          continue;
        }
        out += '{';
        bool f = true;
        key("type", f, level + 3);
        val(step.value("type", json()), level + 3);
        key("value", f, level + 3);
        val(step.value("value", json()), level + 3);
        nl(level + 2);
        out += '}';
      }
      nl(level + 1);
      out += ']';
    }
    nl(level);
    out += ']';
  }

  void object(const InstanceKey& k, const std::string& deposed, const InstanceObject& o,
              int level) {
    out += '{';
    bool first = true;
    if (k.is_int()) {
      key("index_key", first, level + 1);
      out += std::to_string(k.as_int());
    } else if (k.is_string()) {
      key("index_key", first, level + 1);
      str(k.as_string());
    }
    if (o.status == ObjectStatus::kTainted) {
      key("status", first, level + 1);
      str("tainted");
    }
    if (!deposed.empty()) {
      key("deposed", first, level + 1);
      str(deposed);
    }
    key("schema_version", first, level + 1);
    out += std::to_string(o.schema_version);
    // Terraform writes attributes whenever it has them (always, for objects it made).
    if (!o.attributes_flat || !o.attributes.empty()) {
      key("attributes", first, level + 1);
      val(o.attributes.tree(), level + 1);
    }
    if (o.attributes_flat && !o.attributes_flat->empty()) {
      key("attributes_flat", first, level + 1);
      val(json(*o.attributes_flat), level + 1);
    }
    key("sensitive_attributes", first, level + 1);
    paths(o.sensitive_attributes, level + 1);
    if (!o.private_data.empty()) {
      key("private", first, level + 1);
      str(o.private_data);
    }
    if (!o.dependencies.empty()) {
      key("dependencies", first, level + 1);
      val(json(o.dependencies), level + 1);
    }
    if (o.create_before_destroy) {
      key("create_before_destroy", first, level + 1);
      out += "true";
    }
    nl(level);
    out += '}';
  }
};

value::Decoded<State> state_from_document(StateDocument& document, const std::string& filename);

}  // namespace

value::Decoded<State> parse_state(std::string_view text, const std::string& filename) {
  value::Decoded<State> out;
  if (text.empty()) return out;  // Terraform reads an empty file as "no state"
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; })) {
    // Only an empty one: a file of whitespace is refused, with Terraform's two diagnostics
    // (Go's JSON decoder reports the end of the input as the syntax error's offset).
    const value::SourceRange range{filename, position_of(text, text.size() - 1),
                                   position_of(text, text.size() - 1)};
    out.diagnostics.add(Diagnostic::error("Unsupported state file format",
                                          "The state file could not be parsed as JSON: syntax "
                                          "error at byte offset " +
                                              std::to_string(text.size()) + ".")
                            .at(range));
    out.diagnostics.add(Diagnostic::error("Unsupported state file format",
                                          "The state file does not have a \"version\" attribute, "
                                          "which is required to identify the format version.")
                            .at(range));
    return out;
  }
  StateDocument document;
  try {
    document = parse_state_document(text);
  } catch (const json::parse_error& e) {
    // nlohmann reports the byte after the offending one; point at the offending one.
    const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    const auto pos = position_of(text, at);
    std::string why = e.what();
    if (auto p = why.find("syntax error while parsing value - "); p != std::string::npos) {
      why = why.substr(p + 35);
    } else if (auto q = why.find("]: "); q != std::string::npos) {
      why = why.substr(q + 3);
    }
    const bool truncated = at + 1 >= text.size();
    value::SourceRange range{filename, pos, pos};
    out.diagnostics.add(Diagnostic::error("Failed to load state",
                                          "The state file \"" + filename + "\" is not valid JSON" +
                                              (truncated ? " (it looks truncated)" : "") +
                                              ": line " + std::to_string(pos.line) + ", column " +
                                              std::to_string(pos.column) + ": " + why)
                            .at(range));
    return out;
  } catch (const json::exception& e) {
    // A number beyond a double ("1e400") is valid JSON that nlohmann refuses with out_of_range,
    // which escaped parse_state and ended the process (found by the state fuzz target).
    std::string why = e.what();
    if (auto q = why.find("] "); q != std::string::npos) why = why.substr(q + 2);
    out.diagnostics.add(Diagnostic::error(
        "Failed to load state", "The state file \"" + filename + "\" could not be read: " + why));
    return out;
  }
  return state_from_document(document, filename);
}

namespace {

// The state a parsed document holds: its version checked, then every field read and checked
// with its JSON path named in diagnostics.
value::Decoded<State> state_from_document(StateDocument& document, const std::string& filename) {
  value::Decoded<State> out;
  const json& doc = document.root;
  if (!doc.is_object()) {
    out.diagnostics.add(
        Diagnostic::error("Failed to load state",
                          "The state file \"" + filename + "\" does not contain a JSON object."));
    return out;
  }
  auto v = doc.find("version");
  if (v == doc.end() || !v->is_number_integer()) {
    out.diagnostics.add(Diagnostic::error(
        "Failed to load state", "The state file \"" + filename +
                                    "\" has no valid \"version\" field: it is not a Terraform "
                                    "state snapshot."));
    return out;
  }
  const auto version = v->get<std::int64_t>();
  if (version > kStateVersion) {
    out.diagnostics.add(Diagnostic::error(
        "Unsupported state file format",
        "The state snapshot in \"" + filename +
            "\" was created by a newer version of "
            "Terraform or fgform: it uses state format version " +
            std::to_string(version) +
            ", and this version of fgform supports only version 4. Use the newer version, or "
            "restore a backup written in version 4."));
    return out;
  }
  if (version < kStateVersion) {
    out.diagnostics.add(Diagnostic::error(
        "Unsupported state file format",
        "The state file \"" + filename + "\" uses state format version " + std::to_string(version) +
            ", which fgform does not read. Upgrade it with Terraform "
            "first (run `terraform apply` or `terraform refresh` with Terraform 0.12 or later, "
            "which rewrites it as version 4)."));
    return out;
  }
  Reader r(filename, out.diagnostics, &document);
  State& s = out.value;
  if (const json* tv = r.str(doc, "", "terraform_version", false)) {
    s.terraform_version = tv->get<std::string>();
  }
  if (const json* serial = r.uint(doc, "", "serial", true)) s.serial = serial->get<std::uint64_t>();
  if (const json* lineage = r.str(doc, "", "lineage", true))
    s.lineage = lineage->get<std::string>();
  r.read_outputs(doc, s);
  r.read_resources(doc, s);
  r.read_checks(doc, s);
  r.read_pending_creates(doc, s);
  if (!out.ok()) out.value = State{};
  return out;
}

value::Decoded<State> cannot_read(const std::string& path, int error) {
  value::Decoded<State> out;
  out.diagnostics.add(Diagnostic::error("Failed to load state",
                                        "Cannot read \"" + path + "\": " + std::strerror(error)));
  return out;
}

// Reads the state from an open descriptor a chunk at a time with pread, so the file's text is
// never held whole (32 MB at 10,000 functions, the largest block at a no-op plan's peak). A file
// that is not valid JSON (or is empty, or only whitespace) is read again whole, and parse_state
// gives the same diagnostics as for text, pointing at the line and column of the error.
value::Decoded<State> read_state_descriptor(int fd, const std::string& path) {
  off_t offset = 0;
  const ReadChunk read = [&](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      const ssize_t n = ::pread(fd, buffer, capacity, offset);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::system_error(errno, std::generic_category());
      offset += n;
      return static_cast<std::size_t>(n);
    }
  };
  StateDocument document;
  try {
    document = parse_state_document(read);
  } catch (const std::system_error& e) {
    return cannot_read(path, e.code().value());
  } catch (const std::exception&) {
    std::optional<std::string> text = read_descriptor(fd);
    if (!text) return cannot_read(path, errno);
    return parse_state(*text, path);
  }
  return state_from_document(document, path);
}

}  // namespace

value::Decoded<State> read_state_file(const std::string& path) {
  value::Decoded<State> out;
  const int error =
      with_readable_descriptor(path, [&](int fd) { out = read_state_descriptor(fd, path); });
  if (error != 0 && error != ENOENT) return cannot_read(path, error);
  return out;  // ENOENT: no file, no state yet
}

nlohmann::json instance_object_json(const InstanceObject& o) {
  json j = json::object();
  if (o.status == ObjectStatus::kTainted) j["status"] = "tainted";
  j["schema_version"] = o.schema_version;
  j["attributes"] = o.attributes;
  if (o.attributes_flat) j["attributes_flat"] = *o.attributes_flat;
  j["sensitive_attributes"] = o.sensitive_attributes;
  if (!o.private_data.empty()) j["private"] = o.private_data;
  if (!o.dependencies.empty()) j["dependencies"] = o.dependencies;
  if (o.create_before_destroy) j["create_before_destroy"] = true;
  return j;
}

value::Decoded<InstanceObject> instance_object_from_json(const nlohmann::json& j,
                                                         const std::string& where) {
  value::Decoded<InstanceObject> out;
  Reader r(where, out.diagnostics);
  ResourceState rs;
  json copy = j;
  if (copy.is_object()) {
    copy.erase("index_key");
    copy.erase("deposed");
  }
  r.read_instance(copy, "object", AbsResource{}, rs);
  if (out.ok() && !rs.instances.empty() && rs.instances.begin()->second.current) {
    out.value = std::move(*rs.instances.begin()->second.current);
  }
  return out;
}

std::string write_state(const State& s) {
  Writer w;
  w.out.reserve(4096);
  w.out += '{';
  bool first = true;
  w.key("version", first, 1);
  w.out += "4";
  w.key("terraform_version", first, 1);
  w.str(s.terraform_version);
  w.key("serial", first, 1);
  w.out += std::to_string(s.serial);
  w.key("lineage", first, 1);
  w.str(s.lineage);

  w.key("outputs", first, 1);
  if (s.outputs.empty()) {
    w.out += "{}";
  } else {
    w.out += '{';
    bool fo = true;
    for (const auto& [name, o] : s.outputs) {
      if (!fo) w.out += ',';
      fo = false;
      w.nl(2);
      w.str(name);
      w.out += ": {";
      bool f = true;
      w.key("value", f, 3);
      w.val(o.value, 3);
      w.key("type", f, 3);
      w.val(o.type, 3);
      if (o.sensitive) {
        w.key("sensitive", f, 3);
        w.out += "true";
      }
      w.nl(2);
      w.out += '}';
    }
    w.nl(1);
    w.out += '}';
  }

  // Terraform's normalize(): module string, mode name, type, name — plain string order.
  std::vector<std::pair<std::string, const std::pair<const AbsResource, ResourceState>*>> order;
  order.reserve(s.resources.size());
  for (const auto& entry : s.resources) order.emplace_back(entry.first.module.to_string(), &entry);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    const Resource& ra = a.second->first.resource;
    const Resource& rb = b.second->first.resource;
    if (a.first != b.first) return a.first < b.first;
    if (ra.mode != rb.mode) return mode_name(ra.mode) < mode_name(rb.mode);
    if (ra.type != rb.type) return ra.type < rb.type;
    return ra.name < rb.name;
  });

  w.key("resources", first, 1);
  if (order.empty()) {
    w.out += "[]";
  } else {
    w.out += '[';
    bool fr = true;
    for (const auto& [module, entry] : order) {
      const AbsResource& addr = entry->first;
      const ResourceState& rs = entry->second;
      if (!fr) w.out += ',';
      fr = false;
      w.nl(2);
      w.out += '{';
      bool f = true;
      if (!module.empty()) {
        w.key("module", f, 3);
        w.str(module);
      }
      w.key("mode", f, 3);
      w.str(mode_name(addr.resource.mode));
      w.key("type", f, 3);
      w.str(addr.resource.type);
      w.key("name", f, 3);
      w.str(addr.resource.name);
      if (!rs.each_mode.empty()) {
        w.key("each", f, 3);
        w.str(rs.each_mode);
      }
      w.key("provider", f, 3);
      w.str(rs.provider);
      w.key("instances", f, 3);
      bool any = false;
      // Not a structured binding: clang 14 cannot capture one in a lambda (C++20 allows it).
      for (const auto& instance : rs.instances) {
        const auto& key = instance.first;
        const auto& inst = instance.second;
        auto one = [&](const std::string& dk, const InstanceObject& o) {
          w.out += any ? "," : "[";
          any = true;
          w.nl(4);
          w.object(key, dk, o, 4);
        };
        if (inst.current) one("", *inst.current);
        for (const auto& [dk, o] : inst.deposed) one(dk, o);
      }
      if (any) {
        w.nl(3);
        w.out += ']';
      } else {
        w.out += "[]";
      }
      w.nl(2);
      w.out += '}';
    }
    w.nl(1);
    w.out += ']';
  }

  w.key("check_results", first, 1);
  if (s.check_results.empty()) {
    w.out += "null";
  } else {
    w.out += '[';
    bool fc = true;
    for (const auto& c : s.check_results) {
      if (!fc) w.out += ',';
      fc = false;
      w.nl(2);
      w.out += '{';
      bool f = true;
      w.key("object_kind", f, 3);
      w.str(c.object_kind);
      w.key("config_addr", f, 3);
      w.str(c.config_addr);
      w.key("status", f, 3);
      w.str(c.status);
      w.key("objects", f, 3);
      if (c.objects.empty()) {
        w.out += "null";
      } else {
        w.out += '[';
        bool fo = true;
        for (const auto& o : c.objects) {
          if (!fo) w.out += ',';
          fo = false;
          w.nl(4);
          w.out += '{';
          bool f2 = true;
          w.key("object_addr", f2, 5);
          w.str(o.object_addr);
          w.key("status", f2, 5);
          w.str(o.status);
          if (!o.failure_messages.empty()) {
            w.key("failure_messages", f2, 5);
            w.val(json(o.failure_messages), 5);
          }
          w.nl(4);
          w.out += '}';
        }
        w.nl(3);
        w.out += ']';
      }
      w.nl(2);
      w.out += '}';
    }
    w.nl(1);
    w.out += ']';
  }
  // After Terraform's fields, and only when there are any: a state without pending creates is
  // byte for byte what Terraform writes.
  if (!s.pending_creates.empty()) {
    w.key("fgform_pending_creates", first, 1);
    w.out += '[';
    bool fp = true;
    for (const auto& [address, pc] : s.pending_creates) {
      if (!fp) w.out += ',';
      fp = false;
      w.nl(2);
      w.out += '{';
      bool f = true;
      w.key("address", f, 3);
      w.str(address);
      w.key("provider", f, 3);
      w.str(pc.provider);
      w.key("import_id", f, 3);
      w.str(pc.import_id);
      w.key("started", f, 3);
      w.str(pc.started);
      w.nl(2);
      w.out += '}';
    }
    w.nl(1);
    w.out += ']';
  }
  w.nl(0);
  w.out += "}\n";
  return w.out;
}

}  // namespace fgform::state
