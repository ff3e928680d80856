// Filling the duplicate index at start and saving it at stop (see
// duplicate_index.h).
#include "api/duplicate_index.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "api/server.h"

namespace sanad::api {
namespace {

Status WriteSnapshot(store::Store& store, const match::CandidateIndex& index,
                     const std::string& path, const store::AuditEntry& head) {
  const auto begin = std::chrono::steady_clock::now();
  auto written = store.WriteIndexSnapshot(
      path, head, static_cast<int64_t>(index.size()),
      [&index](const store::Store::SnapshotSink& sink) { index.Save(sink); });
  if (written) {
    spdlog::info("index snapshot of {} persons written in {:.1f} s", index.size(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  }
  return written;
}

}  // namespace

void ForgetIndexSnapshot(const std::string& snapshot_path) {
  if (snapshot_path.empty()) return;
  std::error_code error;
  std::filesystem::remove(snapshot_path, error);
  if (error) {
    spdlog::error("the index snapshot '{}' could not be removed after an erasure ({}): remove it "
                  "by hand",
                  snapshot_path, error.message());
  }
}

Result<IndexStart> StartDuplicateIndex(store::Store& store, match::CandidateIndex& index,
                                       const std::string& snapshot_path) {
  IndexStart start;
  if (!snapshot_path.empty()) {
    auto loaded = store.ReadIndexSnapshot(
        snapshot_path,
        [&index](const store::Store::SnapshotSource& source) { return index.Load(source); });
    if (loaded) {
      start.persons = index.size();
      start.from_snapshot = true;
      auto head = store.AuditHead();
      if (!head) return Fail(head.error());
      start.head = *head;
      return start;
    }
    start.rebuilt_because = loaded.error().message;
    spdlog::warn("index snapshot not used: {}; reading every person's record instead",
                 start.rebuilt_because);
    index.Clear();
  }
  // The head before the records are read: a write in between makes the
  // snapshot written below stale, never wrong.
  auto head = store.AuditHead();
  if (!head) return Fail(head.error());
  start.head = *head;
  auto indexed = IndexPersons(store, index);
  if (!indexed) return Fail(indexed.error());
  start.persons = *indexed;
  if (!snapshot_path.empty()) {
    if (auto written = WriteSnapshot(store, index, snapshot_path, start.head); !written) {
      spdlog::warn("{}", written.error().message);
    }
  }
  return start;
}

Status SaveDuplicateIndex(store::Store& store, const match::CandidateIndex& index,
                          const std::string& snapshot_path, const IndexStart& started) {
  if (snapshot_path.empty()) return {};
  auto head = store.AuditHead();
  if (!head) return Fail(head.error());
  auto outside = store.FirstPersonChangeAfter(started.head.seq, "cli:");
  if (!outside) return Fail(outside.error());
  if (*outside) {
    spdlog::warn("index snapshot not written: {} by {} at audit entry {} changed persons while "
                 "the site was serving; the next start reads every record",
                 (*outside)->action, (*outside)->actor, (*outside)->seq);
    ForgetIndexSnapshot(snapshot_path);
    return {};
  }
  // The index's strings outlive an erasure until it is built again.
  auto erased = store.FirstPersonChangeAfter(started.head.seq, "", "person.erase");
  if (!erased) return Fail(erased.error());
  if (*erased) {
    spdlog::info("index snapshot not written: a person was erased (audit entry {}); the next "
                 "start reads every record and writes a new one",
                 (*erased)->seq);
    ForgetIndexSnapshot(snapshot_path);
    return {};
  }
  return WriteSnapshot(store, index, snapshot_path, *head);
}

}  // namespace sanad::api
