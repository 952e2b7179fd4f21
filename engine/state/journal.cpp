#include "journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "state/state_file.h"

namespace fgform::state {
namespace {

using nlohmann::json;
using value::Diagnostic;

std::string dump_line(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

bool apply_line(const json& j, State& state, const std::string& path, std::size_t line_no,
                ReplayResult& r);

Diagnostic journal_error(const std::string& path, const std::string& what) {
  return Diagnostic::error("Failed to persist state",
                           "Cannot write the state journal " + path + ": " + what);
}

// The line of an object set at `addr`: what set_instance and set_created both write.
json set_line(const AbsResourceInstance& addr, const InstanceObject& object,
              const std::string& provider) {
  return json{{"op", "set"},
              {"addr", addr.to_string()},
              {"provider", provider},
              {"object", instance_object_json(object)}};
}

}  // namespace

std::string journal_path(const std::string& state_path) {
  const auto slash = state_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : state_path.substr(0, slash + 1);
  std::string name = state_path.substr(dir.size());
  if (!name.empty() && name[0] == '.') name.erase(0, 1);
  return dir + "." + name + ".fgform-journal";
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

value::Decoded<std::unique_ptr<Journal>> Journal::create(const std::string& path,
                                                         const std::string& lineage,
                                                         std::uint64_t serial) {
  value::Decoded<std::unique_ptr<Journal>> out;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    out.diagnostics.add(journal_error(path, std::strerror(errno)));
    return out;
  }
  std::unique_ptr<Journal> j(new Journal(path, fd));
  out.diagnostics =
      j->append(json{{"fgform_journal", 1}, {"lineage", lineage}, {"serial", serial}});
  // The journal's directory entry must be durable too, or a crash could lose the whole file.
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  j->entries_ = 0;
  if (out.ok()) out.value = std::move(j);
  return out;
}

value::Decoded<std::unique_ptr<Journal>> Journal::reopen(const std::string& path) {
  value::Decoded<std::unique_ptr<Journal>> out;
  const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    out.diagnostics.add(journal_error(path, std::strerror(errno)));
    return out;
  }
  // Find the end of the last complete line and drop anything after it.
  const off_t size = ::lseek(fd, 0, SEEK_END);
  off_t keep = size;
  char c = 0;
  while (keep > 0 && ::pread(fd, &c, 1, keep - 1) == 1 && c != '\n') --keep;
  if (keep != size && (::ftruncate(fd, keep) != 0 || ::fdatasync(fd) != 0)) {
    out.diagnostics.add(journal_error(path, std::strerror(errno)));
    ::close(fd);
    return out;
  }
  out.value.reset(new Journal(path, fd));
  return out;
}

value::Diagnostics Journal::append(const json& line) {
  value::Diagnostics d;
  const std::string text = dump_line(line);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      d.add(journal_error(path_, std::strerror(errno)));
      return d;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    d.add(journal_error(path_, std::strerror(errno)));
    return d;
  }
  ++entries_;
  return d;
}

value::Diagnostics Journal::set_instance(const AbsResourceInstance& addr,
                                         const std::string& deposed_key,
                                         const InstanceObject& object,
                                         const std::string& provider) {
  json line = set_line(addr, object, provider);
  if (!deposed_key.empty()) line["deposed"] = deposed_key;
  return append(line);
}

value::Diagnostics Journal::remove_instance(const AbsResourceInstance& addr,
                                            const std::string& deposed_key) {
  json line{{"op", "remove"}, {"addr", addr.to_string()}};
  if (!deposed_key.empty()) line["deposed"] = deposed_key;
  return append(line);
}

value::Diagnostics Journal::set_output(const std::string& name, const OutputValue& output) {
  return append(json{{"op", "set_output"},
                     {"name", name},
                     {"value", output.value},
                     {"type", output.type},
                     {"sensitive", output.sensitive}});
}

value::Diagnostics Journal::remove_output(const std::string& name) {
  return append(json{{"op", "remove_output"}, {"name", name}});
}

value::Diagnostics Journal::set_pending_create(const AbsResourceInstance& addr,
                                               const PendingCreate& pending) {
  return append(json{{"op", "set_pending"},
                     {"addr", addr.to_string()},
                     {"provider", pending.provider},
                     {"import_id", pending.import_id},
                     {"started", pending.started}});
}

value::Diagnostics Journal::remove_pending_create(const AbsResourceInstance& addr) {
  return append(json{{"op", "remove_pending"}, {"addr", addr.to_string()}});
}

value::Diagnostics Journal::set_created(const AbsResourceInstance& addr,
                                        const InstanceObject& object, const std::string& provider) {
  json line = set_line(addr, object, provider);
  line["created"] = true;
  return append(line);
}

ReplayResult replay_journal(const std::string& path, State& state) {
  ReplayResult r;
  std::ifstream in(path, std::ios::binary);
  if (!in) return r;
  r.found = true;
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  auto fail = [&](std::size_t line, const std::string& what) {
    r.diagnostics.add(Diagnostic::error(
        "Cannot recover the interrupted run",
        "The state journal " + path + " (left by an interrupted run) is unreadable at line " +
            std::to_string(line) + ": " + what +
            ". Inspect it; delete it to discard the changes it records."));
  };
  std::size_t pos = 0;
  std::size_t line_no = 0;
  bool header_seen = false;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const bool complete = nl != std::string::npos;
    const std::string line = text.substr(pos, complete ? nl - pos : std::string::npos);
    pos = complete ? nl + 1 : text.size();
    ++line_no;
    json j = json::parse(line, nullptr, false);
    if (!complete) {
      // A torn append: that change was never durable. Ignore it, as the crash did.
      if (j.is_discarded() || !header_seen) break;
    }
    if (j.is_discarded() || !j.is_object()) {
      fail(line_no, header_seen ? "not a JSON object" : "missing journal header");
      return r;
    }
    if (!header_seen) {
      if (!j.contains("fgform_journal") || !j.value("lineage", json()).is_string() ||
          !j.value("serial", json()).is_number_unsigned()) {
        fail(line_no, "missing journal header");
        return r;
      }
      header_seen = true;
      const std::string lineage = j["lineage"].get<std::string>();
      const auto serial = j["serial"].get<std::uint64_t>();
      if (state.lineage.empty()) {
        state.lineage = lineage;
      } else if (state.lineage != lineage) {
        r.diagnostics.add(Diagnostic::error(
            "Cannot recover the interrupted run",
            "The state journal " + path + " records changes to the state with lineage \"" +
                lineage + "\", but the state file has lineage \"" + state.lineage +
                "\": it belongs to another state. Delete it if that state is gone."));
        return r;
      }
      if (state.serial > serial) {
        r.stale = true;  // folded in by a final write that completed
        return r;
      }
      continue;
    }
    try {
      if (!apply_line(j, state, path, line_no, r)) return r;
    } catch (const json::exception&) {
      // A field of the wrong JSON type (j.value throws on those).
      fail(line_no, "not a valid change record");
      return r;
    }
  }
  if (!header_seen && !text.empty()) {
    // Crash while writing the header: nothing was recorded.
    r.applied = 0;
  }
  return r;
}

namespace {
bool apply_line(const json& j, State& state, const std::string& path, std::size_t line_no,
                ReplayResult& r) {
  auto fail = [&](const std::string& what) {
    r.diagnostics.add(Diagnostic::error(
        "Cannot recover the interrupted run",
        "The state journal " + path + " (left by an interrupted run) is unreadable at line " +
            std::to_string(line_no) + ": " + what +
            ". Inspect it; delete it to discard the changes it records."));
    return false;
  };
  const std::string op = j.value("op", "");
  if (op == "set_output" || op == "remove_output") {
    const std::string name = j.value("name", "");
    if (op == "remove_output") {
      state.outputs.erase(name);
    } else {
      state.outputs[name] = OutputValue{j.value("value", json()), j.value("type", json()),
                                        j.value("sensitive", false)};
    }
    ++r.applied;
    return true;
  }
  if (op == "set_pending" || op == "remove_pending") {
    const std::string address = j.value("addr", "");
    if (!parse_abs_resource_instance(address).ok()) return fail("not a valid change record");
    if (op == "remove_pending") {
      state.pending_creates.erase(address);
    } else {
      state.pending_creates[address] =
          PendingCreate{j.value("provider", ""), j.value("import_id", ""), j.value("started", "")};
    }
    ++r.applied;
    return true;
  }
  auto addr = parse_abs_resource_instance(j.value("addr", ""));
  if (!addr.ok() || (op != "set" && op != "remove")) return fail("not a valid change record");
  const std::string deposed = j.value("deposed", "");
  if (op == "remove") {
    if (deposed.empty()) {
      state.remove(addr.value);
    } else {
      state.remove_deposed(addr.value, deposed);
    }
  } else {
    auto obj =
        instance_object_from_json(j.value("object", json()), path + ":" + std::to_string(line_no));
    if (!obj.ok()) return fail("the object is invalid: " + obj.diagnostics.items()[0].detail);
    const std::string provider = j.value("provider", "");
    if (deposed.empty()) {
      state.set(addr.value, std::move(obj.value), provider);
      // The object of a pending create: the create is over (Journal::set_created).
      if (j.value("created", false)) state.pending_creates.erase(addr.value.to_string());
    } else {
      state.set_deposed(addr.value, deposed, std::move(obj.value), provider);
    }
  }
  ++r.applied;
  return true;
}
}  // namespace

}  // namespace fgform::state
