// Site administration from the browser (admin_store.cc): site settings,
// person exports kept for one download, and the crossing points an
// administrator adds beside the built-in ones. Part of Store's interface
// (store.h); the audit log's pages are in audit_types.h.
#pragma once

#include <cstdint>
#include <string>

#include "core/flow.h"

namespace sanad::store {

// The smallest cell a published figure may describe unless the site says
// otherwise (report::kDefaultMinCellSize, which the API checks is the same),
// and the range a site may set.
inline constexpr int64_t kDefaultSiteK = 5;
inline constexpr int64_t kMinSiteK = 2;
inline constexpr int64_t kMaxSiteK = 1000;

struct SiteSettings {
  int64_t k = kDefaultSiteK;
  std::string k_updated_by;  // a user id; empty while the default holds
  std::string k_updated_at;
};

// A person export made from the browser; the sealed file itself is handed
// out once by TakePersonExportFile.
struct PersonExport {
  std::string id;
  std::string purpose;
  int64_t persons = 0;
  int64_t bytes = 0;    // the sealed file's size
  std::string made_by;  // a user id
  std::string made_at;
  std::string downloaded_at;  // empty until downloaded
};

// Every person, as the person CSV (core/person_csv.h), sealed to a
// passphrase (export_file.h).
struct SealedExport {
  std::string bytes;
  int64_t persons = 0;
};

// A crossing point of the site's gazetteer: built in, or added by an
// administrator (who, when).
struct SiteCrossingPoint {
  CrossingPoint point;
  bool built_in = true;
  std::string added_by;
  std::string added_at;
};

}  // namespace sanad::store
