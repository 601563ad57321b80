# SPDX-License-Identifier: MIT
# One module's side of the dependency rule, checked with the compiler:
# a translation unit compiled with exactly the include path the module is
# built with (INCLUDES) must preprocess when it includes a header of a module
# the rule lets it reach (ALLOWED), and must fail with "No such file" for a
# header of any other module (OTHERS); likewise LuaJIT's <lua.h> (LUAJIT =
# whether the rule lets the module see LuaJIT).
#
#   cmake -DCXX=… -DMODULE=graph -DINCLUDES=… -DALLOWED=… -DOTHERS=… -DLUAJIT=0|1
#         -DSRC=<source dir> -DWORK=<scratch dir> -P probe.cmake
cmake_minimum_required(VERSION 3.18)
file(MAKE_DIRECTORY ${WORK})
foreach(list INCLUDES ALLOWED OTHERS)
  string(REPLACE "|" ";" ${list} "${${list}}")
endforeach()
# Preprocessing is enough: what is probed is whether a header is found.
set(flags -std=c++17 -E -o /dev/null)
foreach(dir ${INCLUDES})
  list(APPEND flags -I${dir})
endforeach()

set(failures 0)
# probe(HEADER EXPECT) with EXPECT "compiles" or "missing".
function(probe header expect)
  string(MAKE_C_IDENTIFIER "${header}" id)
  set(tu ${WORK}/${MODULE}_includes_${id}.cc)
  file(WRITE ${tu} "#include ${header}\n")
  execute_process(COMMAND ${CXX} ${flags} ${tu} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "^[<\"](.*)[>\"]$" "\\1" bare "${header}")
  if(expect STREQUAL "compiles" AND NOT rc EQUAL 0)
    message("FAIL ${MODULE} may include ${header} but it does not compile:\n${out}")
    math(EXPR f "${failures} + 1")
    set(failures ${f} PARENT_SCOPE)
  elseif(expect STREQUAL "missing")
    string(FIND "${out}" "${bare}: No such file or directory" at)
    if(rc EQUAL 0 OR at EQUAL -1)
      message("FAIL ${MODULE} must not see ${header}, yet the compiler found it (exit ${rc}):\n${out}")
      math(EXPR f "${failures} + 1")
      set(failures ${f} PARENT_SCOPE)
    else()
      message("ok   ${MODULE} -/-> ${header}: No such file or directory")
    endif()
  else()
    message("ok   ${MODULE} --> ${header}")
  endif()
endfunction()

# A module's representative header: the first one in name order.
function(first_header module out)
  file(GLOB headers RELATIVE ${SRC}/src ${SRC}/src/${module}/*.h)
  list(SORT headers)
  list(GET headers 0 h)
  set(${out} "\"${h}\"" PARENT_SCOPE)
endfunction()

foreach(m ${ALLOWED})
  first_header(${m} h)
  probe(${h} compiles)
endforeach()
foreach(m ${OTHERS})
  first_header(${m} h)
  probe(${h} missing)
endforeach()
if(LUAJIT)
  probe(<lua.h> compiles)
else()
  probe(<lua.h> missing)
endif()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} include probe(s) of ${MODULE} went the wrong way")
endif()
