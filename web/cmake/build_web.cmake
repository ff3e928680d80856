# Runs npm ci (npm_ci.cmake: only when package-lock.json differs from the
# one last installed) and then `npm run build` (tsc type check + vite build) into
# DIST_DIR, then touches STAMP.
#
# Several build directories (dev, release, each engineer's own) share one
# web/node_modules, so the whole step holds a file lock: one `npm ci` never
# deletes node_modules under another build's running vite.
#
# Inputs: NPM, WEB_DIR, DIST_DIR, STAMP.
foreach(var NPM WEB_DIR DIST_DIR STAMP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_web.cmake: ${var} is not set")
  endif()
endforeach()

file(LOCK ${WEB_DIR}/.npm-build.lock GUARD PROCESS TIMEOUT 900 RESULT_VARIABLE lock_result)
if(NOT lock_result EQUAL 0)
  message(FATAL_ERROR "Could not lock ${WEB_DIR}/.npm-build.lock: ${lock_result}")
endif()

set(NPM_DIR ${WEB_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/npm_ci.cmake)

execute_process(
  COMMAND ${NPM} run --silent build -- --outDir ${DIST_DIR} --emptyOutDir --logLevel warn
  WORKING_DIRECTORY ${WEB_DIR}
  RESULT_VARIABLE build_result)
if(NOT build_result EQUAL 0)
  message(FATAL_ERROR
    "The web app failed to build (exit ${build_result}); the TypeScript or Vite errors are above.")
endif()
if(NOT EXISTS ${DIST_DIR}/index.html)
  message(FATAL_ERROR "The web app build produced no ${DIST_DIR}/index.html.")
endif()
file(TOUCH ${STAMP})
