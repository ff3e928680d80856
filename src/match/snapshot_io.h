// Bytes in and out for saving the candidate index (candidate_index.h, Save
// and Load): a buffered writer to a sink and a reader from a source, with
// integers in the machine's byte order and vectors of plain values as they
// are in memory. Pure: the caller's sink and source do any I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace sanad::match {

class SnapshotWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  explicit SnapshotWriter(const Sink& sink) : sink_(sink) { buffer_.reserve(kPiece); }
  ~SnapshotWriter() { Flush(); }
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  void Bytes(const void* data, size_t n) {
    if (n >= kPiece) {
      Flush();
      sink_(std::string_view(static_cast<const char*>(data), n));
      return;
    }
    buffer_.append(static_cast<const char*>(data), n);
    if (buffer_.size() >= kPiece) Flush();
  }
  template <typename T>
  void Int(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    Bytes(&value, sizeof value);
  }
  void Text(std::string_view text) {
    Int(static_cast<uint32_t>(text.size()));
    Bytes(text.data(), text.size());
  }
  template <typename T>
  void Vector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Int(static_cast<uint64_t>(values.size()));
    Bytes(values.data(), values.size() * sizeof(T));
  }
  void Flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

 private:
  static constexpr size_t kPiece = size_t{1} << 20;
  const Sink& sink_;
  std::string buffer_;
};

class SnapshotReader {
 public:
  using Source = std::function<bool(char* out, size_t n)>;
  explicit SnapshotReader(const Source& source) : source_(source) {}

  [[nodiscard]] bool Bytes(void* out, size_t n) {
    return n == 0 || source_(static_cast<char*>(out), n);
  }
  template <typename T>
  [[nodiscard]] bool Int(T* value) {
    return Bytes(value, sizeof *value);
  }
  [[nodiscard]] bool Text(std::string* out, size_t max) {
    uint32_t n = 0;
    if (!Int(&n) || n > max) return false;
    out->resize(n);
    return Bytes(out->data(), n);
  }
  // At most `max` values.
  template <typename T>
  [[nodiscard]] bool Vector(std::vector<T>* values, uint64_t max) {
    uint64_t n = 0;
    if (!Int(&n) || n > max) return false;
    values->resize(n);
    return Bytes(values->data(), n * sizeof(T));
  }

 private:
  const Source& source_;
};

}  // namespace sanad::match
