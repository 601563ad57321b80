// SPDX-License-Identifier: MIT
// A diff's steps as the bodies of upgrade() and downgrade().
#ifndef LUAMIG_AUTOGEN_REVISION_BODY_H_
#define LUAMIG_AUTOGEN_REVISION_BODY_H_

#include <string>
#include <vector>

#include "schema/diff.h"

namespace luamig::autogen {

/// The steps as Lua statements (comments as "-- …"), two-space indented.
std::string RevisionBody(const std::vector<schema::Step>& steps);

/// The steps of a baseline: every create with if_not_exists, so that the
/// revision is harmless on the database it was taken from.
void IfNotExists(std::vector<schema::Step>* steps);

}  // namespace luamig::autogen

#endif  // LUAMIG_AUTOGEN_REVISION_BODY_H_
