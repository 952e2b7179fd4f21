// The name of a source file as a source range holds it: a pointer to one shared copy of the
// name. A configuration of 10,000 functions keeps over a million ranges (every expression,
// attribute and block has one or two); each carried a std::string of its own, 32 of its 56
// bytes. Names are interned for the life of the process: a run reads a bounded set of files.
#pragma once

#include <string>
#include <string_view>

namespace fgform::value {

class FileName {
 public:
  FileName() = default;  // the empty name
  // Each distinct name is stored once; later calls with it find that copy (thread-safe).
  FileName(std::string_view name);  // NOLINT(google-explicit-constructor)
  FileName(const std::string& name) : FileName(std::string_view(name)) {}  // NOLINT
  FileName(const char* name) : FileName(std::string_view(name)) {}         // NOLINT

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }  // NOLINT(google-explicit-constructor)
  bool empty() const { return text_->empty(); }

  // One copy per name, so equal names are the same pointer.
  friend bool operator==(FileName a, FileName b) { return a.text_ == b.text_; }

  friend std::string operator+(const std::string& a, FileName b) { return a + *b.text_; }
  friend std::string operator+(std::string&& a, FileName b) { return std::move(a) + *b.text_; }
  friend std::string operator+(const char* a, FileName b) { return a + *b.text_; }
  friend std::string operator+(FileName a, const std::string& b) { return *a.text_ + b; }
  friend std::string operator+(FileName a, const char* b) { return *a.text_ + b; }

 private:
  static const std::string kEmpty;
  const std::string* text_ = &kEmpty;
};

}  // namespace fgform::value
