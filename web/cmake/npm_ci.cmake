# Runs `npm ci` in NPM_DIR when its package-lock.json differs from the one
# last installed there (a hash kept in node_modules/.sanad-npm-ci.stamp), so
# a build re-installs only after the lockfile changes. Usable with -P or
# include()d (build_web.cmake); the caller holds the lock (see below) or
# passes LOCK=ON to take it here.
#
# node_modules lives in the source tree and is shared by every build
# directory: the lock keeps one build's `npm ci` from deleting node_modules
# under another build's running vite or test.
#
# Inputs: NPM, NPM_DIR, optionally LOCK.
foreach(var NPM NPM_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "npm_ci.cmake: ${var} is not set")
  endif()
endforeach()

if(LOCK)
  file(LOCK ${NPM_DIR}/.npm-build.lock GUARD PROCESS TIMEOUT 900 RESULT_VARIABLE lock_result)
  if(NOT lock_result EQUAL 0)
    message(FATAL_ERROR "Could not lock ${NPM_DIR}/.npm-build.lock: ${lock_result}")
  endif()
endif()

file(SHA256 ${NPM_DIR}/package-lock.json lock_hash)
set(ci_stamp ${NPM_DIR}/node_modules/.sanad-npm-ci.stamp)
set(installed_hash "")
if(EXISTS ${ci_stamp})
  file(READ ${ci_stamp} installed_hash)
endif()
if(NOT installed_hash STREQUAL lock_hash)
  message(STATUS "npm ci in ${NPM_DIR} (package-lock.json changed)")
  execute_process(
    COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
    WORKING_DIRECTORY ${NPM_DIR}
    RESULT_VARIABLE ci_result)
  if(NOT ci_result EQUAL 0)
    message(FATAL_ERROR
      "`npm ci` failed in ${NPM_DIR} (exit ${ci_result}). The packages come from the "
      "npm registry: check the network, or run `npm ci` there to see why.")
  endif()
  file(WRITE ${ci_stamp} "${lock_hash}")
endif()
