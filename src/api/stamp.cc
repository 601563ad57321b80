// SPDX-License-Identifier: MIT
// stamp: version rows set without running scripts, in one transaction under
// the run lock.
#include "api/migrator_impl.h"
#include "luamig/migrator.h"
#include "runtime/runner.h"

namespace luamig {

Result<RunResult> Migrator::Stamp(const std::vector<std::string>& targets, bool purge) {
  Impl& m = *impl_;
  LUAMIG_RETURN_IF_ERROR(m.CheckNoRunOpen());
  LUAMIG_RETURN_IF_ERROR(m.Connect());
  runtime::RunContext ctx = m.Context(*m.tables, m.loaded, m.graph, m.RunSettings());
  runtime::Runner runner(ctx, *m.sink);
  runtime::RunRequest request;
  request.kind = runtime::RunKind::kStamp;
  request.targets = targets;
  request.purge = purge;
  return runner.Run(request);
}

}  // namespace luamig
