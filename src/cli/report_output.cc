#include "cli/report_output.h"

#include <cstdio>
#include <fstream>

#include "cli/site.h"
#include "core/validation.h"

namespace sanad::cli {

void AddPublishFlags(CLI::App* command, PublishFlags* flags) {
  command->add_option("--from", flags->from, "First day, YYYY-MM-DD")->required();
  command->add_option("--to", flags->to, "Last day, YYYY-MM-DD")->required();
  command->add_option("--format", flags->format, "json, csv (with HXL tags) or xlsx")
      ->capture_default_str();
  command->add_option("--out", flags->out,
                      "File to write (default: standard output; xlsx needs one)");
  command->add_option("--k", flags->k,
                      "Suppress cells of fewer than k people (default: the site's k, 5 unless an "
                      "administrator changed it)");
  command->add_flag("--no-suppression", flags->no_suppression,
                    "Show small cells (administrators only; needs --purpose; audited)");
  command->add_option("--purpose", flags->purpose, "Why small cells must be shown (audited)");
}

PublishK ResolvePublishK(store::Store& store, const PublishFlags& flags) {
  auto settings = store.GetSiteSettings();
  if (!settings) Die(settings.error().message);
  PublishK out;
  out.site_k = settings->k;
  out.k = flags.k == kSiteK ? settings->k : flags.k;  // a bad --k is refused by the parser
  out.weakened = flags.no_suppression || out.k < out.site_k;
  return out;
}

void CheckPublishFlags(const PublishFlags& flags, const PublishK& k) {
  if (k.weakened && flags.purpose.size() < 10) {
    Die("publishing small cells (--no-suppression, or --k below this site's " +
        std::to_string(k.site_k) +
        ") is an administrator's decision: say why with --purpose (at least 10 characters); it "
        "is recorded in the audit log");
  }
  if (auto ok = ValidateText("purpose", flags.purpose, 500); !ok) {
    Die("--purpose " + ok.error().message);
  }
  if (flags.format != "json" && flags.format != "csv" && flags.format != "xlsx") {
    Die("--format must be json, csv or xlsx");
  }
  if (flags.format == "xlsx" && flags.out.empty()) Die("an XLSX workbook needs --out FILE.xlsx");
}

void AuditSmallCells(store::Store& store, std::string_view kind, std::string_view action,
                     const PublishFlags& flags, int64_t k) {
  const std::string what =
      std::string(kind) + " " + flags.from + "/" + flags.to + " k=" + std::to_string(k) +
      (flags.no_suppression ? " unsuppressed" : "") + "; purpose: " + flags.purpose;
  if (auto audited = store.Audit(CliActor(), action, "report", what, "ok"); !audited) {
    Die(audited.error().message);
  }
  std::fprintf(stderr, "sanad: warning: small cells are not suppressed; do not publish this\n");
}

void WriteReportText(const std::string& text, const std::string& out) {
  if (out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!file) Die("cannot write '" + out + "': check the folder exists and can be written");
}

void SayWritten(const PublishFlags& flags, size_t rows, size_t withheld, int64_t k) {
  if (flags.out.empty()) return;
  std::fprintf(stderr, "wrote %s: %zu rows, %zu figures withheld (k=%lld)\n", flags.out.c_str(),
               rows, withheld, static_cast<long long>(k));
}

}  // namespace sanad::cli
