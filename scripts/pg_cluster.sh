#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL cluster for tests. Source this file, then:
#
#   pg_cluster_start     # initdb + start; sets PG_CLUSTER_URL and PG_CLUSTER_DIR
#   pg_cluster_stop      # stops the server and removes the directory (idempotent)
#
# The server listens on 127.0.0.1 on a free port and on a unix socket inside
# the cluster directory; it has a role `luamig` with a random password (it may
# create databases: `luamig test` makes its scratch databases there) and a
# database `luamig_test` owned by it. Server binaries come from
# /usr/lib/postgresql/<ver>/bin (Debian's layout), never from wrappers on PATH.
# PostgreSQL refuses to run as root, so as root everything runs as `postgres`.
# The server log is kept in $PG_CLUSTER_DIR/server.log and printed on failure.

PG_CLUSTER_DIR=""
PG_CLUSTER_URL=""
PG_CLUSTER_BIN=""

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_bin_dir() {
  local ver
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$ver" ] || [ ! -x "/usr/lib/postgresql/$ver/bin/initdb" ]; then
    echo "pg_cluster: no PostgreSQL server found under /usr/lib/postgresql" >&2
    return 1
  fi
  echo "/usr/lib/postgresql/$ver/bin"
}

_pg_free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

pg_cluster_start() {
  PG_CLUSTER_BIN=$(_pg_bin_dir) || return 1
  PG_CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/luamig-pg.XXXXXX") || return 1
  chmod 700 "$PG_CLUSTER_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    # The temp dir's parents must be traversable by postgres (mktemp under /tmp is).
    chown postgres:postgres "$PG_CLUSTER_DIR"
  fi

  local password su_password port
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))') || return 1
  su_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))') || return 1
  port=$(_pg_free_port) || return 1

  # The superuser's password file (initdb needs one with password auth; the
  # superuser itself connects over the private unix socket with trust).
  (umask 077 && printf '%s\n' "$su_password" >"$PG_CLUSTER_DIR/pwfile") || return 1
  [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PG_CLUSTER_DIR/pwfile"

  if ! _pg_as_owner "$PG_CLUSTER_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres \
      -A scram-sha-256 --auth-local=trust --pwfile="$PG_CLUSTER_DIR/pwfile" \
      -E UTF8 --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    echo "pg_cluster: initdb failed:" >&2
    cat "$PG_CLUSTER_DIR/initdb.log" >&2
    return 1
  fi

  if ! _pg_as_owner "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -w -t 60 \
      -l "$PG_CLUSTER_DIR/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PG_CLUSTER_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >"$PG_CLUSTER_DIR/pg_ctl.log" 2>&1; then
    echo "pg_cluster: the server did not start:" >&2
    cat "$PG_CLUSTER_DIR/pg_ctl.log" "$PG_CLUSTER_DIR/server.log" >&2 2>/dev/null
    return 1
  fi

  if ! _pg_as_owner "$PG_CLUSTER_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_CLUSTER_DIR" \
      -p "$port" -U postgres -d postgres >"$PG_CLUSTER_DIR/psql.log" 2>&1 <<SQL
CREATE ROLE luamig LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE luamig_test OWNER luamig;
SQL
  then
    echo "pg_cluster: creating the role and database failed:" >&2
    cat "$PG_CLUSTER_DIR/psql.log" >&2
    return 1
  fi

  PG_CLUSTER_URL="postgresql://luamig:$password@127.0.0.1:$port/luamig_test"
}

pg_cluster_stop() {
  if [ -n "$PG_CLUSTER_DIR" ] && [ -d "$PG_CLUSTER_DIR" ]; then
    local data="$PG_CLUSTER_DIR/data" pid=""
    if [ -d "$data" ] && [ -n "$PG_CLUSTER_BIN" ]; then
      _pg_as_owner "$PG_CLUSTER_BIN/pg_ctl" -D "$data" -w -t 30 -m fast stop \
        >/dev/null 2>&1 ||
        _pg_as_owner "$PG_CLUSTER_BIN/pg_ctl" -D "$data" -w -t 10 -m immediate stop \
          >/dev/null 2>&1 || true
      # Last resort: a postmaster that outlived pg_ctl (e.g. killed mid-start).
      [ -f "$data/postmaster.pid" ] && pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$PG_CLUSTER_DIR"
  fi
  PG_CLUSTER_DIR=""
}
