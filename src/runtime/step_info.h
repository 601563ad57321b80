// SPDX-License-Identifier: MIT
// The public description of a planned step (luamig::StepInfo), made in one
// place for events, run results and offline scripts.
#ifndef LUAMIG_RUNTIME_STEP_INFO_H_
#define LUAMIG_RUNTIME_STEP_INFO_H_

#include <string>
#include <vector>

#include "graph/plan.h"
#include "graph/revision_map.h"
#include "luamig/events.h"

namespace luamig::runtime {

/// `step` with the revision's message and file from `graph`.
StepInfo Describe(const graph::RevisionMap& graph, const graph::Step& step);

/// "upgrade", "downgrade", "stamp-upgrade" or "stamp-downgrade" (the history
/// table's direction column).
const char* DirectionName(const graph::Step& step);

/// "a, b", or "<base>" for no revisions.
std::string RevisionList(const std::vector<std::string>& ids);

/// The line an offline script writes before a step, as Alembic's
/// "Running upgrade a -> b, message": the revision's own parents (its
/// down_revision, not whatever rows the step replaces) and the revision for
/// an upgrade, the reverse for a downgrade.
std::string StepTitle(const graph::RevisionMap& graph, const graph::Step& step);

}  // namespace luamig::runtime

#endif  // LUAMIG_RUNTIME_STEP_INFO_H_
