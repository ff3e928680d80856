# Compiler settings as INTERFACE targets: every sanad target links sanad_settings.
add_library(sanad_settings INTERFACE)
target_compile_options(sanad_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor)
target_include_directories(sanad_settings INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(sanad_settings INTERFACE
  SANAD_VERSION="${PROJECT_VERSION}")
if(SANAD_WERROR)
  target_compile_options(sanad_settings INTERFACE -Werror)
endif()
if(SANAD_SANITIZE)
  target_compile_options(sanad_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(sanad_settings INTERFACE -fsanitize=address,undefined)
endif()
