// Saving and loading the candidate index (see candidate_index.h).
//
// Idea: what costs time at start is folding every name (ICU), not posting
// keys; so the saved form is the encoded features themselves, and loading
// only re-posts them. Bytes, in order:
//   "SANADIX1" | model signature (u32 length, text) | string pool (u32
//   count, then each string from id 1 as u32 length and bytes) | u32 fields
//   per record | u64 records | each record: u16 id length, id, its
//   features (32 bytes each, as in memory) | "END!"
// Integers are in the machine's byte order.
// Invariants: strings are interned back in id order, so every saved id
// means what it meant; only live records are saved (a removed record's
// features are left behind), in index order, so posting lists stay sorted.
// Cost: a million persons are a few hundred megabytes, loaded in seconds
// (hash-map inserts, no folding).
#include <cstring>
#include <mutex>

#include "match/blocking.h"
#include "match/candidate_index.h"

namespace sanad::match {
namespace {

constexpr std::string_view kMagic = "SANADIX1";
constexpr std::string_view kTrailer = "END!";
constexpr size_t kPiece = size_t{1} << 20;

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

class Writer {
 public:
  explicit Writer(const CandidateIndex::ByteSink& sink) : sink_(sink) { buffer_.reserve(kPiece); }
  ~Writer() { Flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void Bytes(const void* data, size_t n) {
    buffer_.append(static_cast<const char*>(data), n);
    if (buffer_.size() >= kPiece) Flush();
  }
  template <typename T>
  void Int(T value) {
    Bytes(&value, sizeof value);
  }
  void Text(std::string_view text) {
    Int(static_cast<uint32_t>(text.size()));
    Bytes(text.data(), text.size());
  }
  void Flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

 private:
  const CandidateIndex::ByteSink& sink_;
  std::string buffer_;
};

class Reader {
 public:
  explicit Reader(const CandidateIndex::ByteSource& source) : source_(source) {}
  bool Bytes(void* out, size_t n) { return n == 0 || source_(static_cast<char*>(out), n); }
  template <typename T>
  bool Int(T* value) {
    return Bytes(value, sizeof *value);
  }
  bool Text(std::string* out, size_t max) {
    uint32_t n = 0;
    if (!Int(&n) || n > max) return false;
    out->resize(n);
    return Bytes(out->data(), n);
  }

 private:
  const CandidateIndex::ByteSource& source_;
};

Error Damaged(std::string_view what) {
  return Error::Internal("the saved duplicate index cannot be read (" + std::string(what) +
                         "): it will be rebuilt from the records");
}

}  // namespace

void CandidateIndex::Save(const ByteSink& sink) const {
  std::shared_lock lock(mutex_);
  Writer out(sink);
  out.Bytes(kMagic.data(), kMagic.size());
  out.Text(Signature(store_.model()));
  const StringPool& pool = store_.pool();
  out.Int(static_cast<uint32_t>(pool.size()));
  for (uint32_t id = 1; id < pool.size(); ++id) out.Text(pool.Text(id));
  const std::vector<uint32_t> live = record_ids_.Live();
  const size_t fields = store_.field_count();
  out.Int(static_cast<uint32_t>(fields));
  out.Int(static_cast<uint64_t>(live.size()));
  for (uint32_t index : live) {
    const std::string& id = store_.Id(index);
    out.Int(static_cast<uint16_t>(id.size()));
    out.Bytes(id.data(), id.size());
    out.Bytes(store_.Record(index), fields * sizeof(FieldFeature));
  }
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
  Reader in(source);
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
      records >= (uint64_t{1} << 30)) {
    return Fail(Damaged("record count"));
  }
  store_.Reserve(records);
  postings_.Reserve(records * 3);
  std::vector<FieldFeature> features(fields);
  for (uint64_t r = 0; r < records; ++r) {
    uint16_t length = 0;
    if (!in.Int(&length)) return Fail(Damaged("record " + std::to_string(r)));
    std::string id(length, '\0');
    if (!in.Bytes(id.data(), length) ||
        !in.Bytes(features.data(), fields * sizeof(FieldFeature))) {
      return Fail(Damaged("record " + std::to_string(r)));
    }
    const auto index = static_cast<uint32_t>(store_.size());
    if (Status added = store_.AddEncoded(std::move(id), features); !added) return added;
    if (!record_ids_.Insert(store_, index)) {
      return Fail(Damaged("record " + store_.Id(index) + " twice"));
    }
    IndexLocked(index);
  }
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
