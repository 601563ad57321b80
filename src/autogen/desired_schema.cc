// SPDX-License-Identifier: MIT
#include "autogen/desired_schema.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/builder.h"

namespace luamig::autogen {
namespace {

// The executor behind schema.lua's `schema` table: every declaration goes
// to the model builder, whose refusal the binding raises at the calling line.
class Declarations final : public ops::OpExecutor {
 public:
  Declarations(schema::ModelBuilder& builder, std::string dialect)
      : builder_(builder), dialect_(std::move(dialect)) {}

  Status Apply(const ops::Op& op) override { return builder_.Apply(op); }
  Result<ops::Rows> Query(const std::string&, const std::vector<ops::Value>&) override {
    return Status::Project(
        "schema.lua declares the desired schema; it cannot query a database");
  }
  Result<ops::TableInfo> Inspect(const std::string&, const std::string&) override {
    return Status::Project(
        "schema.lua declares the desired schema; it cannot inspect a database");
  }
  std::string DialectName() const override { return dialect_; }
  void Log(const std::string&) override {}
  bool Offline() const override { return true; }

 private:
  schema::ModelBuilder& builder_;
  std::string dialect_;
};

}  // namespace

Result<schema::Model> LoadDesiredSchema(lua::LuaState& lua, const std::string& path,
                                        const dialect::Dialect& dialect) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return Status::Usage("schema file " + path + " does not exist")
        .WithHint("describe the desired tables in it (see docs/autogenerate.md), or set "
                  "schema_file in luamig.lua");
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Project("cannot read schema file " + path).WithFile(path);
  std::ostringstream text;
  text << f.rdbuf();
  schema::Rendering r;
  r.type_name = [&dialect](const ops::SqlType& t) { return dialect.TypeName(t); };
  r.literal = [&dialect](const ops::Value& v) { return dialect.QuoteLiteral(v); };
  schema::ModelBuilder builder(std::move(r));
  Declarations declarations(builder, dialect.name());
  LUAMIG_RETURN_IF_ERROR(lua.RunDeclarations(path, text.str(), "schema", declarations));
  return builder.Finish();
}

}  // namespace luamig::autogen
