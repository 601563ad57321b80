// SPDX-License-Identifier: MIT
#include "cli/scrubbed_output.h"

#include <iostream>
#include <string>

namespace luamig::cli {

// Holds text until a line ends ('\n' or a terminal's '\r'), or until a
// flush, then writes it scrubbed to the original buffer.
class ScrubbedOutput::Buffer final : public std::streambuf {
 public:
  Buffer(const SecretSet& secrets, std::streambuf* target)
      : secrets_(secrets), target_(target) {}
  ~Buffer() override { Emit(); }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    pending_ += traits_type::to_char_type(c);
    if (c == '\n' || c == '\r') EmitLines();
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<size_t>(n));
    EmitLines();
    return n;
  }
  int sync() override {
    Emit();
    return target_->pubsync();
  }

 private:
  // Complete lines only: a secret is never cut in two by a write boundary.
  void EmitLines() {
    size_t end = pending_.find_last_of("\n\r");
    if (end == std::string::npos) return;
    Write(pending_.substr(0, end + 1));
    pending_.erase(0, end + 1);
  }
  void Emit() {
    Write(pending_);
    pending_.clear();
  }
  void Write(const std::string& text) {
    if (text.empty()) return;
    std::string clean = secrets_.Scrub(text);
    target_->sputn(clean.data(), static_cast<std::streamsize>(clean.size()));
  }

  const SecretSet& secrets_;
  std::streambuf* target_;
  std::string pending_;
};

ScrubbedOutput::ScrubbedOutput(const SecretSet& secrets)
    : out_(std::make_unique<Buffer>(secrets, std::cout.rdbuf())),
      err_(std::make_unique<Buffer>(secrets, std::cerr.rdbuf())),
      old_out_(std::cout.rdbuf(out_.get())),
      old_err_(std::cerr.rdbuf(err_.get())) {}

ScrubbedOutput::~ScrubbedOutput() {
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(old_out_);
  std::cerr.rdbuf(old_err_);
  old_out_->pubsync();
  old_err_->pubsync();
}

}  // namespace luamig::cli
