# install_check.cmake — `cmake --install` (cli and lessons components) of -DBUILD_DIR into a scratch
# prefix (-DPREFIX); the installed poolscope-cli, run from "/", must find the installed lessons (not the
# source tree's): the installed lesson 01 gets a marker title that `lessons` must show. Checks --version too.
file(REMOVE_RECURSE "${PREFIX}")
# Only the cli and lessons components: the app may not be built in this tree.
foreach(component cli lessons)
  execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}" --component ${component}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install --component ${component} failed (${rc}):\n${out}\n${err}")
  endif()
endforeach()
set(cli "${PREFIX}/bin/poolscope-cli")
set(lessons "${PREFIX}/share/poolscope/lessons")
file(GLOB installed "${lessons}/*.json")
list(LENGTH installed count)
if(NOT EXISTS "${cli}" OR count LESS 16)
  message(FATAL_ERROR "expected ${cli} and 16+ lessons in ${lessons}, found ${count}:\n${out}")
endif()

file(READ "${lessons}/01-map-three-sites.json" text)
string(REGEX REPLACE "\"title\": *\"[^\"]*\"" "\"title\": \"installed copy marker\"" text "${text}")
file(WRITE "${lessons}/01-map-three-sites.json" "${text}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=POOLSCOPE_LESSONS_DIR "${cli}" lessons
                WORKING_DIRECTORY / RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc EQUAL 0 OR NOT out MATCHES "01-map-three-sites +installed copy marker")
  message(FATAL_ERROR "installed poolscope-cli lessons (run from /) did not list the installed lessons (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${cli}" --version RESULT_VARIABLE rc OUTPUT_VARIABLE out TIMEOUT 50)
if(NOT out MATCHES "^poolscope-cli ${VERSION}\n$")
  message(FATAL_ERROR "installed poolscope-cli --version printed '${out}', expected 'poolscope-cli ${VERSION}'")
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "installed poolscope-cli finds ${count} installed lessons from /")
