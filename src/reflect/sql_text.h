// SPDX-License-Identifier: MIT
// Just enough SQL tokenizing to read what SQLite keeps only as text: the
// names and CHECK conditions of constraints, and index expressions.
#ifndef LUAMIG_REFLECT_SQL_TEXT_H_
#define LUAMIG_REFLECT_SQL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace luamig::reflect {

struct SqlToken {
  std::string text;
  bool word = false;          ///< an unquoted word (keywords are words)
  bool group = false;         ///< a parenthesised group, parentheses included
  size_t begin = 0, end = 0;  ///< its span in the text tokenized
};

/// Words, quoted names and strings, parenthesised groups (one token each)
/// and single punctuation characters; comments and whitespace dropped.
std::vector<SqlToken> TokenizeSql(std::string_view sql);

/// Whether `t` is the keyword `keyword` (case-insensitive).
bool IsKeyword(const SqlToken& t, std::string_view keyword);

/// An identifier without its quotes ("a""b" → a"b, [x] → x, `y` → y).
std::string UnquoteIdent(std::string_view text);

/// The inside of a parenthesised group, trimmed ("(a > 0)" → "a > 0").
std::string GroupInner(const SqlToken& group);

/// The inside of a group split at top-level commas, each part trimmed.
std::vector<std::string> SplitGroup(const SqlToken& group);

}  // namespace luamig::reflect

#endif  // LUAMIG_REFLECT_SQL_TEXT_H_
