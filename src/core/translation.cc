#include "core/translation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

namespace sanad {
namespace i18n {
// Generated from src/core/i18n/*.json (src/core/CMakeLists.txt).
std::string_view Pashto();
std::string_view Dari();
std::string_view Urdu();
}  // namespace i18n

namespace {

constexpr std::array<std::string_view, 4> kLanguages = {"en", "ps", "fa-AF", "ur"};

using Catalogue = std::unordered_map<std::string, std::string>;

Catalogue Parse(std::string_view text) {
  Catalogue catalogue;
  // A damaged file fails the messages test, which reads the same bytes.
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return catalogue;
  for (const auto& [english, translated] : parsed.items()) {
    if (translated.is_string()) catalogue.emplace(english, translated.get<std::string>());
  }
  return catalogue;
}

const Catalogue* CatalogueOf(std::string_view language) {
  static const Catalogue kPashto = Parse(i18n::Pashto());
  static const Catalogue kDari = Parse(i18n::Dari());
  static const Catalogue kUrdu = Parse(i18n::Urdu());
  if (language == "ps") return &kPashto;
  if (language == "fa-AF") return &kDari;
  if (language == "ur") return &kUrdu;
  return nullptr;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The language of ours that a language range names, or "" for none.
std::string_view OursFor(std::string_view range) {
  const std::string tag = Lower(range);
  const std::string primary = tag.substr(0, tag.find('-'));
  if (primary == "ps" || primary == "pus" || primary == "pbt") return "ps";
  if (primary == "prs" || primary == "fa" || primary == "fas" || primary == "per") return "fa-AF";
  if (primary == "ur" || primary == "urd") return "ur";
  if (primary == "en" || primary == "eng" || primary == "*") return "en";
  return "";
}

// The q of "ps;q=0.8" (1 without one, 0 when malformed).
double QualityOf(std::string_view parameters) {
  double quality = 1.0;
  while (!parameters.empty()) {
    const size_t semicolon = parameters.find(';');
    const std::string_view parameter = Trim(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? "" : parameters.substr(semicolon + 1);
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
        parameter[1] != '=') {
      continue;
    }
    const std::string value(parameter.substr(2));
    char* end = nullptr;
    quality = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || quality < 0 || quality > 1) return 0;
  }
  return quality;
}

std::string Fill(std::string_view text, const std::vector<std::string>& arguments) {
  fmt::dynamic_format_arg_store<fmt::format_context> values;
  for (const std::string& argument : arguments) values.push_back(argument);
  return fmt::vformat(text, values);
}

}  // namespace

std::span<const std::string_view> Languages() { return kLanguages; }

std::string_view NegotiateLanguage(std::string_view accept_language) {
  std::string_view best = "en";
  double best_quality = 0;
  while (!accept_language.empty()) {
    const size_t comma = accept_language.find(',');
    const std::string_view item = Trim(accept_language.substr(0, comma));
    accept_language = comma == std::string_view::npos ? "" : accept_language.substr(comma + 1);
    const size_t semicolon = item.find(';');
    const std::string_view ours = OursFor(Trim(item.substr(0, semicolon)));
    if (ours.empty()) continue;
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : QualityOf(item.substr(semicolon + 1));
    if (quality > best_quality) {  // the first of equal preference wins
      best = ours;
      best_quality = quality;
    }
  }
  return best;
}

const std::string* TranslationOf(std::string_view english_template, std::string_view language) {
  const Catalogue* catalogue = CatalogueOf(language);
  if (catalogue == nullptr) return nullptr;
  const auto found = catalogue->find(std::string(english_template));
  return found == catalogue->end() ? nullptr : &found->second;
}

std::string Say(const Message& message, std::string_view language) {
  if (message.IsVerbatim() || CatalogueOf(language) == nullptr) return message.English();
  std::vector<std::string> arguments;
  arguments.reserve(message.Arguments().size());
  for (const Message::Argument& argument : message.Arguments()) {
    arguments.push_back(argument.message ? Say(*argument.message, language) : argument.text);
  }
  if (const std::string* translated = TranslationOf(message.Template(), language)) {
    try {
      return Fill(*translated, arguments);
    } catch (const fmt::format_error&) {
      // A malformed translation (the messages test refuses one): say it in English.
    }
  }
  return Fill(message.Template(), arguments);
}

}  // namespace sanad
