-- SPDX-License-Identifier: MIT
-- luamig project configuration (optional). With no database_url, luamig uses
-- sqlite:///luamig.db next to this file; set DATABASE_URL or pass --url to
-- migrate another database.
version_locations = { "versions" }
version_table     = "luamig_version"
