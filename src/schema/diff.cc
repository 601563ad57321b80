// SPDX-License-Identifier: MIT
#include "schema/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "schema/normalize.h"
#include "util/strings.h"

namespace luamig::schema {
namespace {

using K = ops::ConstraintKind;

enum Phase {
  kCreateSchema,
  kCreateEnum,
  kDropForeignKey,
  kCreateTable,
  kAlterTable,
  kAddForeignKey,
  kDropTable,
  kDropEnum,
  kDropSchema,
  kReport,
};

// Order of a table's own changes in kAlterTable.
enum Sub {
  kSubDropFk,
  kSubDropIndex,
  kSubAddPlainColumn,  // batch mode: an ADD COLUMN SQLite can do in place
  kSubDropConstraint,
  kSubAddColumn,
  kSubAlterColumn,
  kSubDropColumn,
  kSubAddConstraint,
  kSubAddFk,
  kSubCreateIndex,
};

struct Planned {
  std::vector<std::string> comments;
  std::optional<ops::Op> op;
  bool batch = false;  // goes into the table's batch_alter_table
};

struct Entry {
  Phase phase = kReport;
  int group = 0;  // the table's position (kAlterTable), else creation order
  int sub = 0;
  int seq = 0;
  std::string schema, table;  // for batch grouping
  Change change;
  std::vector<Planned> up, down;
};

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

std::string Cols(const std::vector<std::string>& cols) {
  return "(" + util::Join(cols, ", ") + ")";
}

std::string IndexCols(const std::vector<ops::IndexColumn>& cols) {
  std::vector<std::string> parts;
  for (const auto& c : cols) parts.push_back(c.text);
  return Cols(parts);
}

std::string TableName(const Table& t) { return QualifiedName(t.schema, t.name); }

bool SameExpr(const std::string& a, const std::string& b) {
  return a == b || CanonicalExpression(a) == CanonicalExpression(b);
}

bool SameDefault(const std::optional<std::string>& a,
                 const std::optional<std::string>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || SameExpr(*a, *b);
}

std::string DefaultText(const std::optional<std::string>& d) { return d ? *d : "none"; }

std::string ColumnSummary(const Column& c) {
  std::string out = c.type;
  if (!c.identity.empty()) out += " generated " + c.identity + " as identity";
  if (!c.nullable) out += ", NOT NULL";
  if (c.default_sql) out += ", default " + *c.default_sql;
  return out;
}

bool SameIndexColumns(const std::vector<ops::IndexColumn>& a,
                      const std::vector<ops::IndexColumn>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].expression != b[i].expression) return false;
    if (a[i].expression ? !SameExpr(a[i].text, b[i].text) : a[i].text != b[i].text)
      return false;
  }
  return true;
}

// What a constraint is, without its name.
// ("" as a referent's schema is the default schema, as in the ops.)
std::string Signature(const ops::ConstraintSpec& k) {
  std::string s = std::string(ops::ConstraintKindName(k.kind)) + "|" + Cols(k.columns);
  if (k.kind == K::kCheck) s += "|" + CanonicalExpression(k.condition);
  if (k.kind == K::kForeignKey)
    s += "|" + QualifiedName(k.referent_schema, k.referent) + Cols(k.remote_columns);
  return s;
}

std::string Details(const ops::ConstraintSpec& k) {
  std::string s;
  if (!k.on_delete.empty()) s += " ON DELETE " + k.on_delete;
  if (!k.on_update.empty()) s += " ON UPDATE " + k.on_update;
  if (k.deferrable) s += *k.deferrable ? " DEFERRABLE" : " NOT DEFERRABLE";
  if (!k.initially.empty()) s += " INITIALLY " + k.initially;
  return s;
}

class Differ {
 public:
  Differ(const Model& from, const Model& to, const DiffOptions& o)
      : from_(from), to_(to), o_(o) {}

  Diff Run();

 private:
  Entry& Add(Phase phase, Change change, int group = 0, int sub = 0) {
    Entry e;
    e.phase = phase;
    e.group = group;
    e.sub = sub;
    e.seq = static_cast<int>(entries_.size());
    e.change = std::move(change);
    entries_.push_back(std::move(e));
    return entries_.back();
  }
  static Change MakeChange(Change::Kind kind, std::string object,
                           std::string detail = "") {
    Change c;
    c.kind = kind;
    c.object = std::move(object);
    c.detail = std::move(detail);
    return c;
  }

  std::string SpellType(const std::string& type) const;
  std::string Spell(const Column& c) const;
  ops::ColumnSpec Spec(const Column& c) const;
  ops::CreateTable CreateOp(const Table& t) const;
  std::string NameFor(const Table& t, const ops::ConstraintSpec& k) const;

  void Schemas();
  void Enums();
  void NewTable(const Table& t, int group, bool defer_fks,
                const std::set<std::string>& later);
  void DroppedTable(const Table& t, int group);
  void Tables();
  void Columns(const Table& from, const Table& to, int group);
  void Constraints(const Table& from, const Table& to, int group);
  void PrimaryKey(const Table& from, const Table& to, int group);
  void Indexes(const Table& from, const Table& to, int group);
  void Others();
  void AddConstraintEntry(const Table& t, const ops::ConstraintSpec& k, int group,
                          Change change);
  void DropConstraintEntry(const Table& t, const ops::ConstraintSpec& k, int group,
                           Change change);
  void IndexEntry(const Table& t, const Index& i, bool create, int group, Change change);

  Diff Assemble();
  void Emit(std::vector<Step>& out, const std::vector<const Planned*>& planned) const;

  const Model& from_;
  const Model& to_;
  const DiffOptions& o_;
  std::vector<Entry> entries_;
};

std::string Differ::SpellType(const std::string& type) const {
  return o_.type_spelling ? o_.type_spelling(type) : type;
}

std::string Differ::Spell(const Column& c) const {
  std::string t = SpellType(c.type);
  if (!c.identity.empty()) t += " generated " + c.identity + " as identity";
  return t;
}

ops::ColumnSpec Differ::Spec(const Column& c) const {
  ops::ColumnSpec s;
  s.name = c.name;
  s.type = ops::SqlType::Parse(Spell(c));
  s.nullable = c.nullable;
  s.server_default = c.default_sql;
  if (o_.comments) s.comment = c.comment;
  return s;
}

std::string Differ::NameFor(const Table& t, const ops::ConstraintSpec& k) const {
  if (!k.name.empty() || !o_.constraint_name) return k.name;
  return o_.constraint_name(t, k);
}

ops::CreateTable Differ::CreateOp(const Table& t) const {
  ops::CreateTable op;
  op.table = t.name;
  op.schema = t.schema;
  const auto& pk = t.primary_key;
  // A primary key the database would name the same way is written as
  // column flags, as a person would write it.
  ops::ConstraintSpec unnamed = pk;
  unnamed.name.clear();
  bool flags = !pk.columns.empty() &&
               (pk.name.empty() ||
                (o_.constraint_name && o_.constraint_name(t, unnamed) == pk.name));
  for (const auto& c : t.columns) {
    ops::ColumnSpec s = Spec(c);
    if (flags &&
        std::find(pk.columns.begin(), pk.columns.end(), c.name) != pk.columns.end())
      s.primary_key = true;
    op.columns.push_back(std::move(s));
  }
  // Column flags would list the key in column order; a key in another order
  // needs the constraint form.
  if (flags) {
    std::vector<std::string> in_order;
    for (const auto& c : t.columns) {
      if (std::find(pk.columns.begin(), pk.columns.end(), c.name) != pk.columns.end())
        in_order.push_back(c.name);
    }
    if (in_order != pk.columns) {
      flags = false;
      for (auto& s : op.columns) s.primary_key = false;
    }
  }
  if (!flags && !pk.columns.empty()) op.constraints.push_back(pk);
  for (const auto& k : t.constraints) op.constraints.push_back(k);
  return op;
}

// ---- Schemas and enums --------------------------------------------------------

void Differ::Schemas() {
  for (const auto& s : to_.schemas) {
    if (std::find(from_.schemas.begin(), from_.schemas.end(), s) != from_.schemas.end())
      continue;
    Entry& e = Add(kCreateSchema, MakeChange(Change::kAdded, "schema " + s));
    e.up.push_back({{}, ops::Op{ops::CreateSchema{s, false}}});
    e.down.push_back({{}, ops::Op{ops::DropSchema{s, false, false}}});
  }
  for (const auto& s : from_.schemas) {
    if (std::find(to_.schemas.begin(), to_.schemas.end(), s) != to_.schemas.end())
      continue;
    Entry& e = Add(kDropSchema, MakeChange(Change::kRemoved, "schema " + s));
    e.up.push_back({{}, ops::Op{ops::DropSchema{s, false, false}}});
    e.down.push_back({{}, ops::Op{ops::CreateSchema{s, false}}});
  }
}

void Differ::Enums() {
  auto values = [](const Enum& e) {
    std::vector<std::string> q;
    for (const auto& v : e.values) q.push_back(Quoted(v));
    return "(" + util::Join(q, ", ") + ")";
  };
  for (const auto& e : to_.enums) {
    std::string what = "enum " + QualifiedName(e.schema, e.name);
    const Enum* old = from_.FindEnum(e.schema, e.name);
    if (old == nullptr) {
      Entry& x = Add(kCreateEnum, MakeChange(Change::kAdded, what + " " + values(e)));
      x.up.push_back({{}, ops::Op{ops::CreateEnum{e.name, e.values, false, e.schema}}});
      x.down.push_back({{}, ops::Op{ops::DropEnum{e.name, false, e.schema}}});
      continue;
    }
    if (old->values == e.values) continue;
    bool appended = e.values.size() > old->values.size() &&
                    std::equal(old->values.begin(), old->values.end(), e.values.begin());
    Change c = MakeChange(Change::kChanged, what, values(*old) + " → " + values(e));
    if (!appended) {
      c.generated = false;
      c.detail += " (values can only be added at the end by a generated revision)";
      Add(kReport, std::move(c));
      continue;
    }
    Entry& x = Add(kCreateEnum, std::move(c));
    for (size_t i = old->values.size(); i < e.values.size(); ++i) {
      ops::AddEnumValue add;
      add.name = e.name;
      add.schema = e.schema;
      add.value = e.values[i];
      x.up.push_back({{}, ops::Op{add}});
    }
    x.down.push_back(
        {{"PostgreSQL cannot drop an enum value: " + what + " keeps " + values(e)},
         std::nullopt});
  }
  for (const auto& e : from_.enums) {
    if (to_.FindEnum(e.schema, e.name) != nullptr) continue;
    Entry& x = Add(kDropEnum, MakeChange(Change::kRemoved,
                                         "enum " + QualifiedName(e.schema, e.name) + " " +
                                             values(e)));
    x.up.push_back({{}, ops::Op{ops::DropEnum{e.name, false, e.schema}}});
    x.down.push_back({{}, ops::Op{ops::CreateEnum{e.name, e.values, false, e.schema}}});
  }
}

// ---- Tables -------------------------------------------------------------------

// The table a foreign key references ("" = the default schema).
std::string RefKey(const ops::ConstraintSpec& k) {
  return QualifiedName(k.referent_schema, k.referent);
}

void Differ::NewTable(const Table& t, int group, bool defer_fks,
                      const std::set<std::string>& later) {
  Table created = t;
  std::vector<ops::ConstraintSpec> deferred;
  if (defer_fks) {
    auto& ks = created.constraints;
    for (auto it = ks.begin(); it != ks.end();) {
      if (it->kind == K::kForeignKey && later.count(RefKey(*it))) {
        deferred.push_back(*it);
        it = ks.erase(it);
      } else {
        ++it;
      }
    }
  }
  Entry& e =
      Add(kCreateTable, MakeChange(Change::kAdded, "table " + TableName(t)), group);
  e.up.push_back({{}, ops::Op{CreateOp(created)}});
  for (const auto& i : t.indexes) {
    e.up.push_back({{},
                    ops::Op{ops::CreateIndex{i.name, t.name, i.columns, i.unique, false,
                                             i.where, false, t.schema}}});
  }
  ops::DropTable drop;
  drop.table = t.name;
  drop.schema = t.schema;
  e.down.push_back({{}, ops::Op{drop}});
  for (const auto& k : deferred) {
    AddConstraintEntry(created, k, group,
                       MakeChange(Change::kAdded, DescribeObject(t, k)));
    entries_.back().phase = kAddForeignKey;
  }
}

void Differ::DroppedTable(const Table& t, int group) {
  Change c = MakeChange(Change::kRemoved, "table " + TableName(t));
  c.destructive = true;
  Entry& e = Add(kDropTable, std::move(c), group);
  ops::DropTable drop;
  drop.table = t.name;
  drop.schema = t.schema;
  e.up.push_back({{"DESTRUCTIVE: drops table " + TableName(t) + " and every row in it"},
                  ops::Op{drop}});
  e.down.push_back({{}, ops::Op{CreateOp(t)}});
  for (const auto& i : t.indexes) {
    e.down.push_back({{},
                      ops::Op{ops::CreateIndex{i.name, t.name, i.columns, i.unique, false,
                                               i.where, false, t.schema}}});
  }
}

// Tables in an order where each comes after the tables its foreign keys
// reference (inside `set`); ties and cycles by name.
std::vector<const Table*> DependencyOrder(std::vector<const Table*> set) {
  std::vector<const Table*> out;
  std::set<std::string> placed, members;
  for (const Table* t : set) members.insert(QualifiedName(t->schema, t->name));
  while (!set.empty()) {
    auto ready = std::find_if(set.begin(), set.end(), [&](const Table* t) {
      for (const auto& k : t->constraints) {
        if (k.kind != K::kForeignKey) continue;
        std::string ref = RefKey(k);
        if (ref != QualifiedName(t->schema, t->name) && members.count(ref) &&
            !placed.count(ref))
          return false;
      }
      return true;
    });
    if (ready == set.end()) ready = set.begin();  // a cycle: break it by name
    placed.insert(QualifiedName((*ready)->schema, (*ready)->name));
    out.push_back(*ready);
    set.erase(ready);
  }
  return out;
}

void Differ::Tables() {
  std::vector<const Table*> added, removed;
  for (const auto& t : to_.tables) {
    if (from_.FindTable(t.schema, t.name) == nullptr) added.push_back(&t);
  }
  for (const auto& t : from_.tables) {
    if (to_.FindTable(t.schema, t.name) == nullptr) removed.push_back(&t);
  }
  // New tables: referenced ones first. A key to a table created later (a
  // cycle) is added once both exist — except in batch mode (SQLite), where
  // CREATE TABLE may reference a table that does not exist yet.
  std::vector<const Table*> order = DependencyOrder(added);
  std::set<std::string> later;
  for (const Table* t : order) later.insert(QualifiedName(t->schema, t->name));
  int group = 0;
  for (const Table* t : order) {
    later.erase(QualifiedName(t->schema, t->name));
    NewTable(*t, group++, !o_.batch, later);
  }
  // Existing tables, by name.
  for (size_t i = 0; i < to_.tables.size(); ++i) {
    const Table& t = to_.tables[i];
    const Table* old = from_.FindTable(t.schema, t.name);
    if (old == nullptr) continue;
    int g = static_cast<int>(i);
    Columns(*old, t, g);
    PrimaryKey(*old, t, g);
    Constraints(*old, t, g);
    Indexes(*old, t, g);
    if (o_.exact && o_.comments && old->comment != t.comment) {
      Change c = MakeChange(Change::kChanged, "table " + TableName(t),
                            "comment " + (old->comment ? Quoted(*old->comment) : "none") +
                                " → " + (t.comment ? Quoted(*t.comment) : "none"));
      c.generated = false;
      Add(kReport, std::move(c));
    }
  }
  // Dropped tables: a table before those it references.
  std::vector<const Table*> drop_order = DependencyOrder(removed);
  std::reverse(drop_order.begin(), drop_order.end());
  group = 0;
  for (const Table* t : drop_order) DroppedTable(*t, group++);
  // A drop and an add with the same columns may be a rename.
  for (auto& e : entries_) {
    if (e.phase != kCreateTable || e.change.kind != Change::kAdded) continue;
    const Table* made = nullptr;
    for (const Table* t : added) {
      if ("table " + TableName(*t) == e.change.object) made = t;
    }
    if (made == nullptr) continue;
    for (const Table* gone : removed) {
      if (gone->schema != made->schema || gone->columns.size() != made->columns.size())
        continue;
      bool same = true;
      for (const auto& c : made->columns) {
        const Column* o = gone->FindColumn(c.name);
        same = same && o != nullptr && o->type == c.type;
      }
      if (!same) continue;
      e.change.hint = "possible rename of table " + TableName(*gone) +
                      ": use op.rename_table(\"" + gone->name + "\", \"" + made->name +
                      "\") instead of the drop and the create";
    }
  }
}

// ---- Columns ------------------------------------------------------------------

void Differ::Columns(const Table& from, const Table& to, int group) {
  std::vector<const Column*> added, removed;
  for (const auto& c : to.columns) {
    const Column* old = from.FindColumn(c.name);
    if (old == nullptr) {
      added.push_back(&c);
      continue;
    }
    std::vector<std::string> what;
    ops::AlterColumn up, down;
    up.table = down.table = to.name;
    up.schema = down.schema = to.schema;
    up.column = down.column = c.name;
    std::vector<std::string> comments;
    if (old->identity != c.identity) {
      auto text = [](const std::string& id) {
        return id.empty() ? std::string("none") : "generated " + id + " as identity";
      };
      Change x = MakeChange(Change::kChanged, "column " + TableName(to) + "." + c.name,
                            "identity " + text(old->identity) + " → " + text(c.identity));
      x.generated = false;
      Add(kReport, std::move(x));
    }
    if (old->type != c.type) {
      what.push_back("type " + old->type + " → " + c.type);
      up.type = ops::SqlType::Parse(SpellType(c.type));
      down.type = ops::SqlType::Parse(SpellType(old->type));
      up.existing_type = down.type;
      down.existing_type = up.type;
      auto base = [](const std::string& t) { return t.substr(0, t.find('(')); };
      if (!o_.batch && base(old->type) != base(c.type))
        comments.push_back(
            "review: PostgreSQL may need a `using` expression to convert " + c.name +
            " from " + old->type + " to " + c.type);
    }
    if (old->nullable != c.nullable) {
      what.push_back(std::string(old->nullable ? "NULL" : "NOT NULL") + " → " +
                     (c.nullable ? "NULL" : "NOT NULL"));
      up.nullable = c.nullable;
      down.nullable = old->nullable;
      up.existing_nullable = old->nullable;
      down.existing_nullable = c.nullable;
    }
    if (o_.compare_defaults && !SameDefault(old->default_sql, c.default_sql)) {
      what.push_back("default " + DefaultText(old->default_sql) + " → " +
                     DefaultText(c.default_sql));
      auto change = [](const std::optional<std::string>& d) {
        ops::DefaultChange x;
        x.kind = d ? ops::DefaultChange::kSet : ops::DefaultChange::kDrop;
        x.expression = d.value_or("");
        return x;
      };
      up.server_default = change(c.default_sql);
      down.server_default = change(old->default_sql);
      up.existing_server_default = old->default_sql;
      down.existing_server_default = c.default_sql;
    }
    if (o_.comments && old->comment != c.comment) {
      what.push_back("comment " + (old->comment ? Quoted(*old->comment) : "none") +
                     " → " + (c.comment ? Quoted(*c.comment) : "none"));
      up.comment = c.comment;
      down.comment = old->comment;
      up.existing_comment = old->comment;
      down.existing_comment = c.comment;
    }
    if (what.empty()) continue;
    Entry& e = Add(kAlterTable,
                   MakeChange(Change::kChanged, "column " + TableName(to) + "." + c.name,
                              util::Join(what, "; ")),
                   group, kSubAlterColumn);
    e.up.push_back({comments, ops::Op{up}, o_.batch});
    e.down.push_back({{}, ops::Op{down}, o_.batch});
  }
  for (const auto& c : from.columns) {
    if (to.FindColumn(c.name) == nullptr) removed.push_back(&c);
  }
  for (const Column* c : added) {
    Change change = MakeChange(Change::kAdded, "column " + TableName(to) + "." + c->name +
                                                   " (" + ColumnSummary(*c) + ")");
    for (const Column* gone : removed) {
      if (gone->type != c->type) continue;
      change.hint = "possible rename of column " + TableName(to) + "." + gone->name +
                    ": use op.alter_column(\"" + to.name + "\", \"" + gone->name +
                    "\", { new_name = \"" + c->name +
                    "\" }) instead of the drop and the add";
    }
    // SQLite adds a column in place unless it is NOT NULL without a
    // default or its default is an expression.
    bool plain = !o_.batch || c->nullable ||
                 (c->default_sql && c->default_sql->find('(') == std::string::npos);
    Entry& e = Add(kAlterTable, std::move(change), group,
                   o_.batch && plain ? kSubAddPlainColumn : kSubAddColumn);
    std::vector<std::string> comments;
    if (!c->nullable && !c->default_sql)
      comments.push_back("review: " + c->name +
                         " is NOT NULL without a default: this fails if " + to.name +
                         " has rows (add a server_default, or fill it in a data step)");
    e.up.push_back(
        {comments, ops::Op{ops::AddColumn{to.name, Spec(*c), to.schema}}, !plain});
    e.down.push_back(
        {{"DESTRUCTIVE: drops column " + TableName(to) + "." + c->name + " and its data"},
         ops::Op{ops::DropColumn{to.name, c->name, to.schema}},
         o_.batch});
  }
  for (const Column* c : removed) {
    Change change =
        MakeChange(Change::kRemoved, "column " + TableName(to) + "." + c->name + " (" +
                                         ColumnSummary(*c) + ")");
    change.destructive = true;
    Entry& e = Add(kAlterTable, std::move(change), group, kSubDropColumn);
    e.up.push_back(
        {{"DESTRUCTIVE: drops column " + TableName(to) + "." + c->name + " and its data"},
         ops::Op{ops::DropColumn{to.name, c->name, to.schema}},
         o_.batch});
    e.down.push_back(
        {{}, ops::Op{ops::AddColumn{to.name, Spec(*c), to.schema}}, o_.batch});
  }
}

// ---- Constraints and indexes ------------------------------------------------------

void Differ::AddConstraintEntry(const Table& t, const ops::ConstraintSpec& k, int group,
                                Change change) {
  bool fk = k.kind == K::kForeignKey;
  Phase phase = fk && !o_.batch ? kAddForeignKey : kAlterTable;
  Entry& e = Add(phase, std::move(change), group, fk ? kSubAddFk : kSubAddConstraint);
  ops::ConstraintSpec named = k;
  named.name = NameFor(t, k);
  e.up.push_back({{}, ops::Op{ops::AddConstraint{t.name, named, t.schema}}, o_.batch});
  if (named.name.empty() && k.kind != K::kPrimaryKey) {
    e.down.push_back(
        {{"the database named this " + std::string(ops::ConstraintKindName(k.kind)) +
          " constraint itself: drop it by that name here"},
         std::nullopt});
    return;
  }
  ops::DropConstraint drop;
  drop.name = named.name;
  drop.table = t.name;
  drop.schema = t.schema;
  drop.type = k.kind;
  e.down.push_back({{}, ops::Op{drop}, o_.batch});
}

void Differ::DropConstraintEntry(const Table& t, const ops::ConstraintSpec& k, int group,
                                 Change change) {
  bool fk = k.kind == K::kForeignKey;
  Phase phase = fk && !o_.batch ? kDropForeignKey : kAlterTable;
  if (k.name.empty() && !(o_.batch && k.kind == K::kPrimaryKey)) {
    change.generated = false;
    change.detail += std::string(change.detail.empty() ? "" : "; ") +
                     "not generated: it has no name to drop it by (name it first)";
    Add(kReport, std::move(change));
    return;
  }
  Entry& e = Add(phase, std::move(change), group, fk ? kSubDropFk : kSubDropConstraint);
  ops::DropConstraint drop;
  drop.name = k.name;
  drop.table = t.name;
  drop.schema = t.schema;
  drop.type = k.kind;
  e.up.push_back({{}, ops::Op{drop}, o_.batch});
  e.down.push_back({{}, ops::Op{ops::AddConstraint{t.name, k, t.schema}}, o_.batch});
}

void Differ::PrimaryKey(const Table& from, const Table& to, int group) {
  const auto& a = from.primary_key;
  const auto& b = to.primary_key;
  bool names_differ = !a.name.empty() && !b.name.empty() && a.name != b.name;
  if (a.columns == b.columns && !names_differ) return;
  if (!a.columns.empty()) {
    DropConstraintEntry(from, a, group,
                        MakeChange(Change::kRemoved, DescribeObject(from, a)));
  }
  if (!b.columns.empty())
    AddConstraintEntry(to, b, group, MakeChange(Change::kAdded, DescribeObject(to, b)));
}

void Differ::Constraints(const Table& from, const Table& to, int group) {
  const auto& olds = from.constraints;
  const auto& news = to.constraints;
  std::vector<int> match(news.size(), -1);
  std::vector<bool> used(olds.size(), false);
  for (size_t i = 0; i < news.size(); ++i) {  // by name
    if (news[i].name.empty()) continue;
    for (size_t j = 0; j < olds.size(); ++j) {
      if (!used[j] && olds[j].name == news[i].name && olds[j].kind == news[i].kind) {
        match[i] = static_cast<int>(j);
        used[j] = true;
        break;
      }
    }
  }
  for (size_t i = 0; i < news.size(); ++i) {  // by what they are
    if (match[i] >= 0) continue;
    for (size_t j = 0; j < olds.size(); ++j) {
      bool both_named = !news[i].name.empty() && !olds[j].name.empty();
      if (used[j] || both_named || Signature(olds[j]) != Signature(news[i])) continue;
      match[i] = static_cast<int>(j);
      used[j] = true;
      break;
    }
  }
  for (size_t i = 0; i < news.size(); ++i) {
    const auto& k = news[i];
    if (match[i] < 0) {
      AddConstraintEntry(to, k, group, MakeChange(Change::kAdded, DescribeObject(to, k)));
      continue;
    }
    const auto& old = olds[static_cast<size_t>(match[i])];
    bool same = Signature(old) == Signature(k) && Details(old) == Details(k);
    bool name_only = o_.exact && old.name != k.name;
    if (same && !name_only) continue;
    // Changed: drop the old one, add the new one (one change reported).
    Change c = MakeChange(Change::kChanged, DescribeObject(to, k),
                          DescribeObject(from, old) + " → " + DescribeObject(to, k));
    DropConstraintEntry(from, old, group, c);
    Change added = c;
    added.object.clear();  // reported once, by the drop
    AddConstraintEntry(to, k, group, added);
  }
  for (size_t j = 0; j < olds.size(); ++j) {
    if (!used[j])
      DropConstraintEntry(from, olds[j], group,
                          MakeChange(Change::kRemoved, DescribeObject(from, olds[j])));
  }
}

void Differ::IndexEntry(const Table& t, const Index& i, bool create, int group,
                        Change change) {
  Entry& e = Add(kAlterTable, std::move(change), group,
                 create ? kSubCreateIndex : kSubDropIndex);
  ops::Op make{ops::CreateIndex{i.name, t.name, i.columns, i.unique, false, i.where,
                                false, t.schema}};
  ops::DropIndex drop;
  drop.name = i.name;
  drop.table = t.name;
  drop.schema = t.schema;
  e.up.push_back({{}, create ? make : ops::Op{drop}});
  e.down.push_back({{}, create ? ops::Op{drop} : make});
}

void Differ::Indexes(const Table& from, const Table& to, int group) {
  auto find = [](const Table& t, const std::string& name) -> const Index* {
    for (const auto& i : t.indexes) {
      if (i.name == name) return &i;
    }
    return nullptr;
  };
  for (const auto& i : from.indexes) {
    const Index* now = find(to, i.name);
    if (now == nullptr) {
      IndexEntry(from, i, false, group,
                 MakeChange(Change::kRemoved, DescribeObject(from, i)));
    } else if (!SameIndexColumns(i.columns, now->columns) || i.unique != now->unique ||
               !SameExpr(i.where, now->where)) {
      Change c = MakeChange(Change::kChanged, "index " + i.name + " on " + TableName(to),
                            DescribeObject(from, i) + " → " + DescribeObject(to, *now));
      IndexEntry(from, i, false, group, c);
      c.object.clear();
      IndexEntry(to, *now, true, group, c);
    }
  }
  for (const auto& i : to.indexes) {
    if (find(from, i.name) == nullptr)
      IndexEntry(to, i, true, group, MakeChange(Change::kAdded, DescribeObject(to, i)));
  }
}

void Differ::Others() {
  auto key = [](const OtherObject& o) {
    return o.kind + " " + QualifiedName(o.schema, o.name);
  };
  if (!o_.exact) return;
  for (const auto& o : from_.others) {
    auto it =
        std::find_if(to_.others.begin(), to_.others.end(), [&](const OtherObject& x) {
          return x.kind == o.kind && x.schema == o.schema && x.name == o.name;
        });
    Change c;
    if (it == to_.others.end()) {
      c = MakeChange(Change::kRemoved, key(o));
    } else if (it->definition != o.definition) {
      c = MakeChange(Change::kChanged, key(o), "its definition differs");
    } else {
      continue;
    }
    c.generated = false;
    Add(kReport, std::move(c));
  }
  for (const auto& o : to_.others) {
    bool known =
        std::any_of(from_.others.begin(), from_.others.end(), [&](const auto& x) {
          return x.kind == o.kind && x.schema == o.schema && x.name == o.name;
        });
    if (known) continue;
    Change c = MakeChange(Change::kAdded, key(o));
    c.generated = false;
    Add(kReport, std::move(c));
  }
}

// ---- Assembly -------------------------------------------------------------------

// Appends `planned` (in order) to `out`, merging consecutive batch ops of
// one table into a single batch_alter_table.
void Differ::Emit(std::vector<Step>& out,
                  const std::vector<const Planned*>& planned) const {
  for (size_t i = 0; i < planned.size(); ++i) {
    const Planned& p = *planned[i];
    if (!p.batch || !p.op) {
      out.push_back({p.comments, p.op});
      continue;
    }
    ops::BatchAlterTable batch;
    std::vector<std::string> comments;
    size_t j = i;
    std::string table, schema;
    for (; j < planned.size(); ++j) {
      const Planned& q = *planned[j];
      if (!q.batch || !q.op) break;
      ops::BatchOp bop;
      std::string t, s;
      std::visit(
          [&](const auto& o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_constructible_v<ops::BatchOp, T>) {
              bop = o;
              t = o.table;
              s = o.schema;
            }
          },
          *q.op);
      if (j > i && (t != table || s != schema)) break;
      table = t;
      schema = s;
      comments.insert(comments.end(), q.comments.begin(), q.comments.end());
      batch.ops.push_back(std::move(bop));
    }
    batch.table = table;
    batch.schema = schema;
    out.push_back({comments, ops::Op{std::move(batch)}});
    i = j - 1;
  }
}

Diff Differ::Assemble() {
  std::vector<const Entry*> order;
  for (const auto& e : entries_) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    return std::tie(a->phase, a->group, a->sub, a->seq) <
           std::tie(b->phase, b->group, b->sub, b->seq);
  });
  Diff d;
  std::vector<const Planned*> up, down;
  for (const Entry* e : order) {
    if (!e->change.object.empty()) d.changes.push_back(e->change);
    for (const auto& p : e->up) up.push_back(&p);
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    for (const auto& p : (*it)->down) down.push_back(&p);
  }
  Emit(d.upgrade, up);
  Emit(d.downgrade, down);
  for (const auto& o : from_.others)
    d.ignored.push_back(o.kind + " " + QualifiedName(o.schema, o.name));
  return d;
}

Diff Differ::Run() {
  Schemas();
  Enums();
  Tables();
  Others();
  return Assemble();
}

// Comments are dropped from both sides where the database keeps none.
Model WithoutComments(Model m) {
  for (auto& t : m.tables) {
    t.comment.reset();
    for (auto& c : t.columns) c.comment.reset();
  }
  return m;
}

}  // namespace

std::string DescribeObject(const Table& t, const Index& i) {
  std::string out = std::string(i.unique ? "unique index " : "index ") + i.name + " on " +
                    TableName(t) + " " + IndexCols(i.columns);
  if (!i.where.empty()) out += " WHERE " + i.where;
  return out;
}

std::string DescribeObject(const Table& t, const ops::ConstraintSpec& k) {
  std::string name = k.name.empty() ? "" : k.name + " ";
  switch (k.kind) {
    case K::kPrimaryKey:
      return "primary key " + name + "on " + TableName(t) + " " + Cols(k.columns);
    case K::kUnique:
      return "unique constraint " + name + "on " + TableName(t) + " " + Cols(k.columns);
    case K::kCheck:
      return "check constraint " + name + "on " + TableName(t) + " (" + k.condition + ")";
    case K::kForeignKey:
      return "foreign key " + name + "on " + TableName(t) + " " + Cols(k.columns) +
             " → " + QualifiedName(k.referent_schema, k.referent) + " " +
             Cols(k.remote_columns) + Details(k);
  }
  return "";
}

std::string Change::Describe() const {
  switch (kind) {
    case kAdded:
      return "add " + object;
    case kRemoved:
      return "drop " + object + (destructive ? " (DESTRUCTIVE)" : "");
    case kChanged:
      return "alter " + object + ": " + detail;
  }
  return object;
}

Diff Compare(const Model& from, const Model& to, const DiffOptions& options) {
  if (options.comments) return Differ(from, to, options).Run();
  Model a = WithoutComments(from), b = WithoutComments(to);
  return Differ(a, b, options).Run();
}

}  // namespace luamig::schema
