// A generator of realistic registration data with known truth, for `sanad
// synth`, the tests and the benchmarks of the matching engine.
//
// It writes the person CSV format (core/person_csv.h) plus the columns
// household_ref and relationship, and a truth file `record_id,person_id`.
// What makes it hard, as real registrations are:
//   - households of 6-10: a head, one or two wives with single names, sons
//     and daughters, sometimes the head's parent, unmarried brother, married
//     son with wife and child; brothers share their father's and
//     grandfather's names, province, often a phone: hard non-matches;
//   - clans of up to three households whose heads are brothers, so their
//     children are cousins sharing a grandfather;
//   - Afghan names: two-part male compounds (Mohammad Zaman, Noor Ahmad, Din
//     Mohammad, Ghulam Hazrat), abd- compounds (Abdul Rahman), -ullah and
//     -uddin compounds, single female names; tribe names are rare;
//   - about a quarter of persons (duplicate_share) registered again 1-3 times,
//     alone or with their household, with: another romanisation (Mohammad /
//     Muhammad / Mohd), the other script (Perso-Arabic with Arabic or Pashto
//     keyboard letter forms), compounds joined or split, typos, dropped
//     fields (grandfather, phone, tazkira), a birth date as a full date, a
//     year, 1 January or an estimate YYYY~N, an honorific added (Haji),
//     phones and document numbers written another way.
// Records are shuffled within chunks of about 16,000, so duplicates are not
// neighbours in the file. Deterministic for a seed (its own PRNG, no
// std::distribution). Cost: about a microsecond per record; memory is one
// chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sanad::match {

// Which corruption model renders the records.
enum class SynthErrors : uint8_t {
  // The model the engine's levels and thresholds were developed on.
  kDefault,
  // Another model, written apart and never used to fit a weight or a
  // threshold: a held-out check. Its identities add twins, brothers and
  // sisters whose names collide (Hassan / Hussain, Najibullah / Samiullah),
  // names the default tables lack and PoR cards numbered in household
  // batches; its records draw, at rates that suit each field, given and
  // father's names swapped (often with the other script), titles before
  // and after names in both scripts (Haji, Alhaj, Mawlawi, Sayed, Eng.,
  // Bibi, Khan, Jan ...), Mohd and Md., compound parts left out, other
  // romanisations, keyboard typos, a married woman's husband in her father's
  // field, document numbers and phones in many formats with a digit wrong
  // or two swapped, another phone altogether, birth years one or two off,
  // the 1 January default, children's dates a few days off, province
  // spellings (Nangrahar, Lughman, Qandahar, Sar-i-Pul, Daikundi) in both
  // scripts and Arabic keyboard letters, and records in capitals.
  kRealistic,
};

struct SynthOptions {
  size_t persons = 1000;  // distinct people, exactly
  uint64_t seed = 1;
  double duplicate_share = 0.25;  // share of persons registered more than once, in [0, 1]
  SynthErrors errors = SynthErrors::kDefault;
};

struct SynthStats {
  size_t persons = 0;
  size_t records = 0;
  size_t households = 0;
  size_t duplicated_persons = 0;  // persons with two or more records
};

// The header lines (with '\n') of the two files.
inline constexpr std::string_view kSynthPersonsHeader =
    "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,phone,"
    "tazkira_number,por_number,province,district,household_ref,relationship\n";
inline constexpr std::string_view kSynthTruthHeader = "record_id,person_id\n";

// Receives the files' content in order, a chunk at a time; the first call
// starts with the headers.
using SynthSink = std::function<void(std::string_view persons_chunk, std::string_view truth_chunk)>;

// Generates the data and hands it to `sink`. Never fails.
SynthStats GenerateSynthetic(const SynthOptions& options, const SynthSink& sink);

struct SyntheticData {
  std::string persons_csv;
  std::string truth_csv;
  SynthStats stats;
};

// The same, held in memory (for tests and small runs).
[[nodiscard]] SyntheticData GenerateSynthetic(const SynthOptions& options);

}  // namespace sanad::match
