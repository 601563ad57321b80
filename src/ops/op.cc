#include "ops/op.h"

#include <sstream>

#include "util/overloaded.h"
#include "util/strings.h"

namespace luamig::ops {

using util::Overloaded;

const char* OpName(const Op& op) {
  return std::visit(Overloaded{
                        [](const CreateTable&) { return "create_table"; },
                        [](const DropTable&) { return "drop_table"; },
                        [](const AddColumn&) { return "add_column"; },
                        [](const DropColumn&) { return "drop_column"; },
                        [](const CreateIndex&) { return "create_index"; },
                        [](const DropIndex&) { return "drop_index"; },
                        [](const ExecuteSql&) { return "execute"; },
                    },
                    op);
}

std::optional<Op> Reverse(const Op& op) {
  return std::visit(Overloaded{
                        [](const CreateTable& o) -> std::optional<Op> {
                          return DropTable{o.table, false};
                        },
                        [](const AddColumn& o) -> std::optional<Op> {
                          return DropColumn{o.table, o.column.name};
                        },
                        [](const CreateIndex& o) -> std::optional<Op> {
                          return DropIndex{o.name, o.table, false};
                        },
                        [](const auto&) -> std::optional<Op> { return std::nullopt; },
                    },
                    op);
}

std::string DebugString(const Op& op) {
  std::ostringstream out;
  out << OpName(op);
  std::visit(Overloaded{
                 [&](const CreateTable& o) {
                   std::vector<std::string> cols;
                   for (const auto& c : o.columns)
                     cols.push_back(c.name + " " + c.type.raw);
                   out << " " << o.table << "(" << util::Join(cols, ", ") << ")";
                 },
                 [&](const DropTable& o) { out << " " << o.table; },
                 [&](const AddColumn& o) {
                   out << " " << o.table << "." << o.column.name << " "
                       << o.column.type.raw;
                 },
                 [&](const DropColumn& o) { out << " " << o.table << "." << o.column; },
                 [&](const CreateIndex& o) {
                   out << " " << o.name << " on " << o.table << "("
                       << util::Join(o.columns, ", ") << ")";
                 },
                 [&](const DropIndex& o) { out << " " << o.name; },
                 [&](const ExecuteSql& o) { out << " " << o.sql; },
             },
             op);
  return out.str();
}

std::string ValueDebugString(const Value& v) {
  return std::visit(
      Overloaded{
          [](const Null&) { return std::string("NULL"); },
          [](bool b) { return std::string(b ? "true" : "false"); },
          [](int64_t i) { return std::to_string(i); },
          [](double d) {
            std::ostringstream s;
            s << d;
            return s.str();
          },
          [](const std::string& s) { return "'" + s + "'"; },
          [](const Blob& b) { return "<" + std::to_string(b.bytes.size()) + " bytes>"; },
      },
      v);
}

}  // namespace luamig::ops
