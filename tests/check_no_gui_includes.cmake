# Fails if any source file under CORE_DIR includes a GUI header (imgui, GLFW/, glad/, GL/).
# core/ must build and run without ImGui, GLFW or OpenGL; see tests/CMakeLists.txt.
# Usage: cmake -DCORE_DIR=<path to core/> -P check_no_gui_includes.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED CORE_DIR)
  message(FATAL_ERROR "check_no_gui_includes: pass -DCORE_DIR=<path>")
endif()
if(NOT IS_DIRECTORY "${CORE_DIR}")
  message(STATUS "check_no_gui_includes: ${CORE_DIR} does not exist yet; nothing to check")
  return()
endif()

file(GLOB_RECURSE sources LIST_DIRECTORIES false
     "${CORE_DIR}/*.h" "${CORE_DIR}/*.hh" "${CORE_DIR}/*.hpp" "${CORE_DIR}/*.hxx"
     "${CORE_DIR}/*.c" "${CORE_DIR}/*.cc" "${CORE_DIR}/*.cpp" "${CORE_DIR}/*.cxx"
     "${CORE_DIR}/*.ipp" "${CORE_DIR}/*.inl" "${CORE_DIR}/*.tpp")

# #include <imgui.h>, "imgui/imgui.h", <backends/imgui_impl_glfw.h>, <GLFW/glfw3.h>, <glad/gl.h>, <GL/gl.h>
set(bad_include [=[^[ 	]*#[ 	]*include[ 	]*[<"]([^>"]*imgui|GLFW/|glad/|GL/)]=])

set(violations "")
foreach(file IN LISTS sources)
  file(STRINGS "${file}" lines REGEX "${bad_include}")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${CORE_DIR}" "${file}")
    string(STRIP "${line}" line)
    string(APPEND violations "  core/${rel}: ${line}\n")
  endforeach()
endforeach()

list(LENGTH sources n)
if(violations)
  message(FATAL_ERROR "core/ must not include GUI headers (imgui, GLFW/, glad/, GL/):\n${violations}")
endif()
message(STATUS "check_no_gui_includes: ${n} file(s) under core/ checked, no GUI includes")
