// SPDX-License-Identifier: MIT
// Where revision scripts come from: a directory tree, or memory (scripts
// compiled into a game or read from its asset archive).
#ifndef LUAMIG_SCRIPT_SOURCE_H_
#define LUAMIG_SCRIPT_SOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "luamig/status.h"

namespace luamig {

/// One revision script: a name used in messages (a path for directories) and
/// its Lua source.
struct ScriptFile {
  std::string name;
  std::string source;
};

/// A set of revision scripts. Implementations must be safe to call from
/// several threads at once if they are shared between Migrators.
class ScriptSource {
 public:
  virtual ~ScriptSource() = default;

  /// Every script, in load order. Load order breaks ties between revisions
  /// (as Alembic's sorted file names do): a directory source lists each
  /// version location in config order, and within one, file names sorted
  /// bytewise; a memory source sorts by name.
  virtual Result<std::vector<ScriptFile>> List() const = 0;

  /// Stores a new script (used by `revision` and `merge`). `location` picks a
  /// version location ("" = the first). Returns the stored script's name.
  /// Sources that cannot store return StatusCode::kUsage.
  virtual Result<std::string> Write(const std::string& location,
                                    const std::string& file_name,
                                    const std::string& source) = 0;
};

/// Scripts under `dirs` (each a version location; `*.lua` files, not
/// recursive; names starting with '.' or '_' skipped). A missing directory is
/// an error (StatusCode::kProject) naming it.
std::unique_ptr<ScriptSource> NewDirectorySource(std::vector<std::string> dirs);

/// Scripts held in memory, e.g. compiled into the host program. Writes add to
/// the set.
std::unique_ptr<ScriptSource> NewMemorySource(std::vector<ScriptFile> scripts);

}  // namespace luamig

#endif  // LUAMIG_SCRIPT_SOURCE_H_
