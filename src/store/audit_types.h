// The audit log's entries (audit_log.cc), and the pages an administrator
// reads them by (admin_store.cc). Part of Store's interface (store.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanad::store {

// One entry of the hash-chained log: ids, never names.
struct AuditEntry {
  int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string action;       // "person.read", "household.create", "login.failure", ...
  std::string object_type;  // "person", "household", "user", ...
  std::string object_id;
  std::string outcome;  // "ok", "denied", "failed"
  std::string prev_hash;
  std::string hash;
  std::string detail;  // why, when the action needs a stated reason (erasure); may be empty
};

// A page of the audit log as an administrator asks for it (ListAudit).
struct AuditFilter {
  std::string user_id;    // entries by this user (any address); empty: everyone's
  std::string action;     // "user.create", or a group ending in '.' ("user."); empty: all
  std::string object_id;  // entries about this record; empty: all
  int page = 1;           // 1-based, at most kMaxSearchPage
  int page_size = 50;     // 1 to kMaxSearchPageSize
};

struct AuditPage {
  std::vector<AuditEntry> items;  // newest first
  bool has_more = false;
};

}  // namespace sanad::store
