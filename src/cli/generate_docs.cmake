# SPDX-License-Identifier: MIT
# cmake -DLUAMIG=<binary> -DOUT_DIR=<dir> -P generate_docs.cmake: writes the
# completion scripts and the man page the binary generates from its own
# command definitions.
file(MAKE_DIRECTORY ${OUT_DIR}/completion ${OUT_DIR}/man)
foreach(pair "completion;bash;completion/luamig.bash" "completion;zsh;completion/_luamig"
             "completion;fish;completion/luamig.fish" "man;-;man/luamig.1")
  list(GET pair 0 command)
  list(GET pair 1 arg)
  list(GET pair 2 file)
  if(arg STREQUAL "-")
    set(arg "")
  endif()
  execute_process(COMMAND ${LUAMIG} ${command} ${arg}
    OUTPUT_FILE ${OUT_DIR}/${file} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "luamig ${command} ${arg} failed (${rc})")
  endif()
endforeach()
