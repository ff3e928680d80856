# Runs npm ci (only when package-lock.json differs from the one last
# installed) and then `npm run build` (tsc type check + vite build) into
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

file(SHA256 ${WEB_DIR}/package-lock.json lock_hash)
set(ci_stamp ${WEB_DIR}/node_modules/.sanad-npm-ci.stamp)
set(installed_hash "")
if(EXISTS ${ci_stamp})
  file(READ ${ci_stamp} installed_hash)
endif()
if(NOT installed_hash STREQUAL lock_hash)
  message(STATUS "web: npm ci (package-lock.json changed)")
  execute_process(
    COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY ${WEB_DIR}
    RESULT_VARIABLE ci_result)
  if(NOT ci_result EQUAL 0)
    message(FATAL_ERROR
      "`npm ci` failed in ${WEB_DIR} (exit ${ci_result}). The web app's packages come "
      "from the npm registry: check the network, or run `npm ci` there to see why.")
  endif()
  file(WRITE ${ci_stamp} "${lock_hash}")
endif()

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
