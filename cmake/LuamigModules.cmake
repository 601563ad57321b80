# SPDX-License-Identifier: MIT
# The dependency rule (docs/architecture.md), declared once:
#
#   luamig_rule(MODULE [USES module...] [SEES library...])
#
# Code in src/MODULE/ may include the headers of MODULE itself, of the modules
# after USES (and, because their headers include their own dependencies', of
# everything those use in turn), of the public include/luamig/, and of the
# third-party libraries after SEES. luamig_module() builds each module with
# exactly those include roots and libraries, so a forbidden include does not
# compile (tests/boundaries proves it), and scripts/lint.sh reads this file to
# check the direct arrows without a compiler (one rule per line, no line
# breaks inside a rule).
#
# Libraries: luajit (lua.h, …), sqlite3 (sqlite3.h), pqxx (pqxx/…, libpq),
# spdlog (spdlog/…, fmt/…), cli11 (CLI/…), json (nlohmann/…), dl (dlfcn.h).
luamig_rule(util)
luamig_rule(graph   USES util)
luamig_rule(ops     USES util)
luamig_rule(schema  USES ops util)
luamig_rule(dialect USES ops util)
luamig_rule(db      USES ops util SEES sqlite3 dl)
luamig_rule(pg      USES db ops util SEES pqxx)
luamig_rule(reflect USES db dialect schema util)
luamig_rule(lua     USES ops util SEES luajit)
luamig_rule(script  USES graph lua ops util)
luamig_rule(config  USES lua util)
luamig_rule(autogen USES lua script dialect db schema util)
luamig_rule(runtime USES graph ops dialect db lua script util)
luamig_rule(api     USES runtime script config reflect autogen schema db dialect graph lua util SEES spdlog)
luamig_rule(cli     SEES cli11 json)
luamig_rule(luamod  SEES luajit)
