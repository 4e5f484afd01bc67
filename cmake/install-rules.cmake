# install-rules.cmake — `cmake --install` puts the app, the CLI, the lessons, a .desktop entry and an icon
# where a desktop menu finds them. Lessons go to share/poolscope/lessons, where both executables look
# first (next to ../share relative to the binary).
# Components (all installed by default): cli and lessons let tests/cli install just the CLI and its
# lessons without needing the app to be built.
if(TARGET poolscope-cli)
  install(TARGETS poolscope-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
endif()
if(TARGET poolscope)
  install(TARGETS poolscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/poolscope.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/assets/desktop/poolscope.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/lessons/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/poolscope/lessons COMPONENT lessons
        FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
