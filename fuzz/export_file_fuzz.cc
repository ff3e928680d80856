// The encrypted export reader (`sanad import` of a .sanadexp file): files
// that came back from another laptop or a USB stick. The first byte picks
// what the rest is:
//   even: a sealed file, opened with the harness's passphrase;
//   odd:  a plaintext, sealed and opened again (must round-trip, and must
//         refuse the wrong passphrase and a copy one byte short).
// Invariant for sealed files: opening either fails with kInvalidInput or
// gives a plaintext that seals and opens to itself.
//
// Argon2id takes ~0.1 s and 64 MiB per call by design, which would hold the
// fuzzer to a few executions a second spent inside libsodium. So this
// binary supplies its own crypto_pwhash (the static linker binds the store's
// calls to it): it runs libsodium's real Argon2id once per passphrase with a
// fixed salt and remembers the key (fixed_salt_pwhash.cc). The salt bytes of a file are
// read and passed along but do not change the key, so seeds sealed by
// seal_export_seed.cc open whatever salt a mutation writes. The framing,
// the chunk lengths and the secretstream are the real code.
#include "fixed_salt_pwhash.h"
#include "fuzz_check.h"
#include "store/export_file.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // Before afl's fork server starts, so every child inherits the keys.
  sanad::fuzz::DeriveKeysOnce({sanad::fuzz::kExportPassphrase, sanad::fuzz::kWrongPassphrase});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  if (size == 0) return 0;
  const std::string_view rest = fuzz::AsText(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto opened = store::DecryptExport(rest, fuzz::kExportPassphrase);
    if (!opened) {
      FUZZ_CHECK(opened.error().code == Error::Code::kInvalidInput,
                 "a bad file is invalid input, not an internal error");
      return 0;
    }
    auto resealed = store::EncryptExport(*opened, fuzz::kExportPassphrase);
    FUZZ_CHECK(resealed.has_value(), "an opened file seals again");
    auto reopened = store::DecryptExport(*resealed, fuzz::kExportPassphrase);
    FUZZ_CHECK(reopened.has_value() && *reopened == *opened, "an opened file round-trips");
    return 0;
  }
  auto sealed = store::EncryptExport(rest, fuzz::kExportPassphrase);
  FUZZ_CHECK(sealed.has_value(), "any plaintext seals");
  auto opened = store::DecryptExport(*sealed, fuzz::kExportPassphrase);
  FUZZ_CHECK(opened.has_value() && *opened == rest, "a sealed plaintext opens to itself");
  FUZZ_CHECK(!store::DecryptExport(*sealed, fuzz::kWrongPassphrase).has_value(),
             "the wrong passphrase is refused");
  FUZZ_CHECK(!store::DecryptExport(std::string_view(*sealed).substr(0, sealed->size() - 1),
                                   fuzz::kExportPassphrase)
                  .has_value(),
             "a file cut short is refused");
  return 0;
}
