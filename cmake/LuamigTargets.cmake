# SPDX-License-Identifier: MIT
# Builds src/ modules by the rule declared in cmake/LuamigModules.cmake.
#
# Each module gets an include root of its own, ${LUAMIG_INCLUDE_ROOTS}/NAME,
# holding one entry NAME → src/NAME, so "graph/plan.h" resolves only where
# graph's root is on the include path: in graph itself and in the modules
# whose rule (directly or through what they use) reaches graph.
set(LUAMIG_INCLUDE_ROOTS ${PROJECT_BINARY_DIR}/include_roots)

# luamig_rule(NAME [USES ...] [SEES ...]): records a module's rule.
function(luamig_rule name)
  cmake_parse_arguments(R "" "" "USES;SEES" ${ARGN})
  set_property(GLOBAL APPEND PROPERTY LUAMIG_MODULES ${name})
  set_property(GLOBAL PROPERTY LUAMIG_USES_${name} ${R_USES})
  set_property(GLOBAL PROPERTY LUAMIG_SEES_${name} ${R_SEES})
endfunction()

# The imported targets behind the library names a rule SEES. pqxx exists
# only when PostgreSQL support is built.
function(luamig_library_target library out)
  set(targets_luajit PkgConfig::LUAJIT)
  set(targets_sqlite3 SQLite::SQLite3)
  set(targets_pqxx PkgConfig::PQXX)
  set(targets_spdlog spdlog::spdlog)
  set(targets_cli11 CLI11::CLI11)
  set(targets_json nlohmann_json::nlohmann_json)
  set(targets_dl ${CMAKE_DL_LIBS})
  if(NOT DEFINED targets_${library})
    message(FATAL_ERROR "cmake/LuamigModules.cmake: unknown library '${library}'")
  endif()
  set(${out} ${targets_${library}} PARENT_SCOPE)
endfunction()

# The include root of module NAME (created on first use).
function(luamig_include_root name out)
  set(root ${LUAMIG_INCLUDE_ROOTS}/${name})
  if(NOT EXISTS ${root}/${name})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${name} ${root}/${name} SYMBOLIC)
  endif()
  set(${out} ${root} PARENT_SCOPE)
endfunction()

# Records that `target` is compiled as code of module NAME, so
# tests/boundaries probes that target's real include path.
function(luamig_record_target target name)
  set_property(GLOBAL APPEND PROPERTY LUAMIG_TARGETS_${name} ${target})
endfunction()

# Usage requirements of a module per its rule, applied to `target` (the
# module's object library, or another target built from the module's files).
function(luamig_apply_rule target name)
  get_property(uses GLOBAL PROPERTY LUAMIG_USES_${name})
  get_property(sees GLOBAL PROPERTY LUAMIG_SEES_${name})
  get_property(known GLOBAL PROPERTY LUAMIG_MODULES)
  if(NOT name IN_LIST known)
    message(FATAL_ERROR "src/${name}: no luamig_rule(${name} …) in cmake/LuamigModules.cmake")
  endif()
  luamig_record_target(${target} ${name})
  luamig_include_root(${name} root)
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>)
  target_include_directories(${target} PRIVATE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>)
  foreach(dep ${uses})
    target_link_libraries(${target} PUBLIC luamig_${dep})
  endforeach()
  foreach(library ${sees})
    luamig_library_target(${library} t)
    target_link_libraries(${target} PUBLIC ${t})
  endforeach()
endfunction()

# luamig_module(NAME SOURCES ...): the object library luamig_NAME for src/NAME.
function(luamig_module name)
  cmake_parse_arguments(M "" "" "SOURCES" ${ARGN})
  add_library(luamig_${name} OBJECT ${M_SOURCES})
  luamig_apply_rule(luamig_${name} ${name})
  target_link_libraries(luamig_${name} PRIVATE luamig_warnings)
endfunction()
