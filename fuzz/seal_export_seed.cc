// Writes seed files for the export harness: `seal_export_seed OUT PLAINTEXT`
// seals PLAINTEXT's bytes with the store's EncryptExport under the harness's
// passphrase and key derivation, and writes them to OUT behind the harness's
// "sealed file" selector byte (0). Not part of any product.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "fixed_salt_pwhash.h"
#include "store/export_file.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seal_export_seed OUT PLAINTEXT\n");
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  const std::string plain{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto sealed = sanad::store::EncryptExport(plain, sanad::fuzz::kExportPassphrase);
  if (!sealed) {
    std::fprintf(stderr, "%s\n", sealed.error().message.c_str());
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << '\0' << *sealed;
  return out ? 0 : 1;
}
