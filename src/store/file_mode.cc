#include "store/file_mode.h"

#include <sys/stat.h>

namespace sanad::store {

Status RequireOwnerOnly(const std::string& path, std::string_view what, std::string_view field) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return {};
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Fail(Error::InvalidInput(
        std::string(field), "the {} '{}' can be read by other users: run `chmod 600 {}` first",
        what, path, path));
  }
  return {};
}

}  // namespace sanad::store
