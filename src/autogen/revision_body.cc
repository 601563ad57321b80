// SPDX-License-Identifier: MIT
#include "autogen/revision_body.h"

#include "script/op_writer.h"

namespace luamig::autogen {

std::string RevisionBody(const std::vector<schema::Step>& steps) {
  std::vector<script::BodyLine> lines;
  for (const auto& s : steps) lines.push_back({s.comments, s.op ? &*s.op : nullptr});
  return script::FunctionBody(lines, 2);
}

void IfNotExists(std::vector<schema::Step>* steps) {
  for (auto& s : *steps) {
    if (!s.op) continue;
    if (auto* t = std::get_if<ops::CreateTable>(&*s.op)) t->if_not_exists = true;
    if (auto* i = std::get_if<ops::CreateIndex>(&*s.op)) i->if_not_exists = true;
    if (auto* e = std::get_if<ops::CreateEnum>(&*s.op)) e->if_not_exists = true;
    if (auto* c = std::get_if<ops::CreateSchema>(&*s.op)) c->if_not_exists = true;
  }
}

}  // namespace luamig::autogen
