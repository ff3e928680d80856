#include "web/web_assets.h"

namespace sanad::web {

const Asset* FindAsset(std::string_view path) {
  const auto cut = path.find_first_of("?#");
  if (cut != std::string_view::npos) path = path.substr(0, cut);
  if (path == "/" || path.empty()) path = "/index.html";
  for (const Asset& asset : Assets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace sanad::web
