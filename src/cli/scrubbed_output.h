// SPDX-License-Identifier: MIT
// The command line's one scrubbing choke point: everything written to
// std::cout and std::cerr, by luamig or by CLI11, passes through a SecretSet
// line by line before it reaches the terminal or the pipe.
#ifndef LUAMIG_CLI_SCRUBBED_OUTPUT_H_
#define LUAMIG_CLI_SCRUBBED_OUTPUT_H_

#include <memory>
#include <streambuf>

#include "luamig/secrets.h"

namespace luamig::cli {

/// While it lives, std::cout and std::cerr write through `secrets`; the
/// original buffers are restored (and what is pending flushed) when it is
/// destroyed. `secrets` may grow meanwhile and must outlive this object.
class ScrubbedOutput {
 public:
  explicit ScrubbedOutput(const SecretSet& secrets);
  ~ScrubbedOutput();
  ScrubbedOutput(const ScrubbedOutput&) = delete;
  ScrubbedOutput& operator=(const ScrubbedOutput&) = delete;

 private:
  class Buffer;
  std::unique_ptr<Buffer> out_, err_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

}  // namespace luamig::cli

#endif  // LUAMIG_CLI_SCRUBBED_OUTPUT_H_
