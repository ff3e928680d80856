// Saving and loading the candidate index (see candidate_index.h).
//
// Idea: what costs time at start is folding every name (ICU) and posting
// every key (millions of scattered hash-table writes), so the saved form is
// the index as it is in memory: the encoded features, the strings they
// name, and the posting tables themselves; loading copies them back and
// only recounts term frequencies. Bytes, in order:
//   "SANADIX2" | model signature (u32 length, text) | string pool (u32
//   count, then each string from id 1 as u32 length and bytes) | u32 fields
//   per record | u64 records | each record: u16 id length, id, its
//   features (32 bytes each, as in memory) | the record id table | the
//   blocking postings | the search index (postings.h, record_ids.h,
//   person_search.h: each as in memory) | "END!"
// Integers are in the machine's byte order.
// Invariants: strings are interned back in id order and records keep their
// indexes, so every saved id and index means what it meant. A record taken
// out (an edit's old version) is saved with no id and no features.
// Cost: a million persons are a few hundred megabytes, loaded at the speed
// of reading and decrypting them.
#include <cstring>
#include <mutex>

#include "match/blocking.h"
#include "match/candidate_index.h"
#include "match/snapshot_io.h"

namespace sanad::match {
namespace {

constexpr std::string_view kMagic = "SANADIX2";
constexpr std::string_view kTrailer = "END!";

// Field names, comparators and normalisers, and the blocking rules' count:
// a saved index is read back only into the model it was saved from.
std::string Signature(const Model& model) {
  std::string out;
  for (const FieldSpec& field : model.fields) {
    out += field.name + ":" + std::to_string(static_cast<int>(field.comparator)) + ":" +
           std::to_string(static_cast<int>(field.normalizer)) + ":" +
           std::to_string(field.columns.size()) + ";";
  }
  return out + std::to_string(model.blocking.size());
}

Error Damaged(std::string_view what) {
  return Error::Internal(
      "the saved duplicate index cannot be read ({}): it will be rebuilt from the records", what);
}

}  // namespace

void CandidateIndex::Save(const ByteSink& sink) const {
  std::shared_lock lock(mutex_);
  SnapshotWriter out(sink);
  out.Bytes(kMagic.data(), kMagic.size());
  out.Text(Signature(store_.model()));
  const StringPool& pool = store_.pool();
  out.Int(static_cast<uint32_t>(pool.size()));
  for (uint32_t id = 1; id < pool.size(); ++id) out.Text(pool.Text(id));
  std::vector<bool> live(store_.size(), false);
  for (uint32_t index : record_ids_.Live()) live[index] = true;
  const size_t fields = store_.field_count();
  const std::vector<FieldFeature> removed(fields);
  out.Int(static_cast<uint32_t>(fields));
  out.Int(static_cast<uint64_t>(store_.size()));
  for (uint32_t index = 0; index < store_.size(); ++index) {
    const std::string_view id = live[index] ? std::string_view(store_.Id(index)) : "";
    out.Int(static_cast<uint16_t>(id.size()));
    out.Bytes(id.data(), id.size());
    out.Bytes(live[index] ? store_.Record(index) : removed.data(), fields * sizeof(FieldFeature));
  }
  record_ids_.Save(out);
  postings_.Save(out);
  search_.Save(out);
  out.Bytes(kTrailer.data(), kTrailer.size());
}

Status CandidateIndex::Load(const ByteSource& source) {
  std::unique_lock lock(mutex_);
  if (record_ids_.size() != 0 || store_.size() != 0) {
    return Fail(Error::Conflict("a saved index is loaded only into an empty one"));
  }
  Status loaded = LoadLocked(source);
  if (!loaded) {
    lock.unlock();
    Clear();
  }
  return loaded;
}

Status CandidateIndex::LoadLocked(const ByteSource& source) {
  SnapshotReader in(source);
  std::string text(kMagic.size(), '\0');
  if (!in.Bytes(text.data(), text.size()) || text != kMagic) return Fail(Damaged("not an index"));
  if (!in.Text(&text, 1 << 16) || text != Signature(store_.model())) {
    return Fail(Damaged("saved for another model"));
  }
  uint32_t strings = 0;
  if (!in.Int(&strings) || strings == 0) return Fail(Damaged("no string pool"));
  for (uint32_t id = 1; id < strings; ++id) {
    if (!in.Text(&text, 1 << 20) || store_.Intern(text) != id) {
      return Fail(Damaged("string " + std::to_string(id)));
    }
  }
  uint32_t fields = 0;
  uint64_t records = 0;
  if (!in.Int(&fields) || fields != store_.field_count() || !in.Int(&records) ||
      records >= (uint64_t{1} << 29)) {
    return Fail(Damaged("record count"));
  }
  store_.Reserve(records);
  std::vector<FieldFeature> features(fields);
  for (uint64_t r = 0; r < records; ++r) {
    uint16_t length = 0;
    if (!in.Int(&length)) return Fail(Damaged("record " + std::to_string(r)));
    std::string id(length, '\0');
    if (!in.Bytes(id.data(), length) || !in.Bytes(features.data(), fields * sizeof(FieldFeature))) {
      return Fail(Damaged("record " + std::to_string(r)));
    }
    if (Status added = store_.AddEncoded(std::move(id), features); !added) return added;
  }
  if (!record_ids_.Load(in, records)) return Fail(Damaged("record ids"));
  if (!postings_.Load(in, records)) return Fail(Damaged("blocking keys"));
  if (!search_.Load(in, records, strings)) return Fail(Damaged("search keys"));
  text.assign(kTrailer.size(), '\0');
  if (!in.Bytes(text.data(), text.size()) || text != kTrailer) return Fail(Damaged("no end"));
  return {};
}

void CandidateIndex::Clear() {
  std::unique_lock lock(mutex_);
  Model model = store_.model();
  store_ = FeatureStore(model);
  search_ = PersonSearch(model);
  postings_.Clear();
  record_ids_.Clear();
}

}  // namespace sanad::match
