// Every sentence sanad can say to a person has its Pashto, Dari and Urdu
// translation (issue 16: "a check in make test that no message lacks a
// translation"). The templates are found where they are written: every
// string literal that is the template of an `Error::X(...)` or a
// `Message(...)` in src/ (core/message.h). core/message.h and core/error.h
// are the only places that may take a `fmt::format_string`, so no helper can
// hide a template from this scan.
//
// To list what is missing for a translator:
//   SANAD_MESSAGES_MISSING=/tmp/missing build/dev/tests/core/messages_test
// writes /tmp/missing/<language>.json: {template: "where it is used"}.
#include <fmt/args.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../testing/files.h"
#include "core/message.h"
#include "core/translation.h"

namespace sanad {
namespace {

namespace fs = std::filesystem;
using sanad::testing::ReadWholeFile;

// The source with comments blanked out (string and character literals kept),
// so a commented-out call is not counted and line numbers stay right.
std::string WithoutComments(const std::string& source) {
  std::string out = source;
  size_t i = 0;
  while (i < out.size()) {
    const char c = out[i];
    if (c == '"' || c == '\'') {
      for (++i; i < out.size() && out[i] != c; ++i) {
        if (out[i] == '\\') ++i;
      }
      ++i;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      while (i < out.size() && out[i] != '\n') out[i++] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      while (i + 1 < out.size() && !(out[i] == '*' && out[i + 1] == '/')) {
        if (out[i] != '\n') out[i] = ' ';
        ++i;
      }
      if (i + 1 < out.size()) out[i] = out[i + 1] = ' ';
      i += 2;
    } else {
      ++i;
    }
  }
  return out;
}

// The value of a C++ string literal's body (the escapes a message uses).
std::string Unescape(std::string_view body) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    const char next = body[++i];
    switch (next) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        size_t used = 0;
        out += static_cast<char>(std::stoi(std::string(body.substr(i + 1, 2)), &used, 16));
        i += used;
        break;
      }
      default:
        out += next;
    }
  }
  return out;
}

// The arguments of the call whose '(' is at `open`: each as source text.
std::vector<std::string> ArgumentsAt(const std::string& s, size_t open) {
  std::vector<std::string> args;
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\'') {
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\') ++i;
      }
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth-- == 0) {
        args.push_back(s.substr(start, i - start));
        return args;
      }
    } else if (c == ',' && depth == 0) {
      args.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return args;
}

// The concatenated value when `arg` is only adjacent string literals.
std::optional<std::string> LiteralValue(const std::string& arg) {
  std::string value;
  bool any = false;
  size_t i = 0;
  while (true) {
    while (i < arg.size() && std::isspace(static_cast<unsigned char>(arg[i]))) ++i;
    if (i == arg.size()) break;
    if (arg[i] != '"') return std::nullopt;
    const size_t start = ++i;
    while (i < arg.size() && arg[i] != '"') i += arg[i] == '\\' ? 2 : 1;
    if (i >= arg.size()) return std::nullopt;
    value += Unescape(std::string_view(arg).substr(start, i - start));
    any = true;
    ++i;
  }
  if (!any) return std::nullopt;
  return value;
}

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Where a template may be written: the '(' (or '{') of `Error::Name(`, of
// `Message(`, `Message{` or `Message name(`, with the index of the template
// among the call's arguments.
struct Call {
  size_t open;
  size_t template_index;
};

std::vector<Call> CallsIn(const std::string& s) {
  static const std::set<std::string, std::less<>> kFactories = {
      "InvalidInput",    "NotFound",    "Conflict",    "Forbidden",
      "Unauthenticated", "RateLimited", "Unavailable", "Internal"};
  auto skip_space = [&](size_t i) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return i;
  };
  auto identifier_end = [&](size_t i) {
    while (i < s.size() && IsIdentifierChar(s[i])) ++i;
    return i;
  };
  std::vector<Call> calls;
  for (size_t at = s.find("Error::"); at != std::string::npos; at = s.find("Error::", at + 1)) {
    if (at > 0 && IsIdentifierChar(s[at - 1])) continue;
    const size_t name_end = identifier_end(at + 7);
    const std::string name = s.substr(at + 7, name_end - at - 7);
    const size_t open = skip_space(name_end);
    if (!kFactories.contains(name) || open >= s.size() || s[open] != '(') continue;
    calls.push_back({open, name == "InvalidInput" ? 1U : 0U});
  }
  for (size_t at = s.find("Message"); at != std::string::npos; at = s.find("Message", at + 1)) {
    if (at > 0 && (IsIdentifierChar(s[at - 1]) || s[at - 1] == ':')) continue;
    size_t next = skip_space(at + 7);
    if (next < s.size() && IsIdentifierChar(s[next]) && next > at + 7) {
      next = skip_space(identifier_end(next));  // Message name(
    }
    if (next < s.size() && (s[next] == '(' || s[next] == '{')) calls.push_back({next, 0});
  }
  return calls;
}

struct Found {
  std::map<std::string, std::string> templates;  // template -> first "file:line"
  std::vector<std::string> format_string_users;  // files other than the two allowed
};

Found Scan() {
  Found found;
  const fs::path root = fs::path(SANAD_SOURCE_DIR) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".cc" && ext != ".h" && ext != ".inc") continue;
    const std::string relative = fs::relative(entry.path(), root).string();
    const std::string source = WithoutComments(ReadWholeFile(entry.path()));
    if (relative != "core/message.h" && relative != "core/error.h" &&
        source.find("format_string") != std::string::npos) {
      found.format_string_users.push_back(relative);
    }
    if (relative == "core/message.h" || relative == "core/error.h") continue;
    for (const Call& call : CallsIn(source)) {
      const std::vector<std::string> args = ArgumentsAt(source, call.open);
      if (args.size() <= call.template_index) continue;
      const std::optional<std::string> text = LiteralValue(args[call.template_index]);
      if (!text) continue;  // a Message made elsewhere, passed on
      const auto line =
          std::count(source.begin(), source.begin() + static_cast<long>(call.open), '\n') + 1;
      found.templates.emplace(*text, relative + ":" + std::to_string(line));
    }
  }
  return found;
}

// The scan is slow under the sanitisers (regex): once per run.
const Found& ScanSources() {
  static const Found found = Scan();
  return found;
}

// How many arguments a template takes: its English form filled with
// numbered markers, counting the markers that appear.
size_t ArgumentCount(const std::string& text) {
  fmt::dynamic_format_arg_store<fmt::format_context> markers;
  for (int i = 0; i < 16; ++i) markers.push_back("\x01" + std::to_string(i) + "\x02");
  const std::string filled = fmt::vformat(text, markers);
  size_t count = 0;
  while (filled.find("\x01" + std::to_string(count) + "\x02") != std::string::npos) ++count;
  return count;
}

// Empty when `translation` takes the same arguments as the template (each at
// least once, none beyond them); else what is wrong.
std::string ArgumentProblem(const std::string& translation, size_t count) {
  fmt::dynamic_format_arg_store<fmt::format_context> markers;
  for (size_t i = 0; i < count; ++i) markers.push_back("\x01" + std::to_string(i) + "\x02");
  std::string filled;
  try {
    filled = fmt::vformat(translation, markers);
  } catch (const fmt::format_error& e) {
    return std::string("not a valid template: ") + e.what();
  }
  for (size_t i = 0; i < count; ++i) {
    if (filled.find("\x01" + std::to_string(i) + "\x02") == std::string::npos) {
      return "argument " + std::to_string(i) + " is missing";
    }
  }
  return {};
}

bool HasLetters(const std::string& text) {
  // Placeholders and punctuation alone ("{}:{}: {}") read the same in every language.
  std::string without = std::regex_replace(text, std::regex(R"(\{[^}]*\})"), "");
  return std::any_of(without.begin(), without.end(),
                     [](unsigned char c) { return std::isalpha(c) != 0; });
}

TEST(MessagesTranslated, OnlyMessageAndErrorTakeAFormatString) {
  const Found& found = ScanSources();
  EXPECT_TRUE(found.format_string_users.empty())
      << "these files take a fmt::format_string, hiding templates from this check; take or "
         "return a Message instead: "
      << fmt::format("{}", fmt::join(found.format_string_users, ", "));
}

TEST(MessagesTranslated, TheScanFindsTheTemplatesItShould) {
  // Guards the scanner itself: one of each way a template is written.
  const Found& found = ScanSources();
  EXPECT_TRUE(found.templates.contains("must be a whole number from {} to {}"));  // Error::
  EXPECT_TRUE(found.templates.contains("the request is too large"));  // InvalidInput's 2nd
  EXPECT_TRUE(found.templates.contains(
      "a Solar Hijri date as YYYY/MM/DD, YYYY/MM or YYYY (e.g. 1402/08/10)"));  // Message name(
  EXPECT_TRUE(found.templates.contains("{} (did you mean '{}'?)"));             // Message(
  EXPECT_GT(found.templates.size(), 300U);
}

TEST(MessagesTranslated, EveryTemplateHasEachLanguage) {
  const Found& found = ScanSources();
  const char* missing_dir = std::getenv("SANAD_MESSAGES_MISSING");
  for (std::string_view language : Languages()) {
    if (language == "en") continue;
    nlohmann::json missing = nlohmann::json::object();
    for (const auto& [text, where] : found.templates) {
      if (!HasLetters(text)) continue;
      const std::string* translated = TranslationOf(text, language);
      if (translated == nullptr || translated->empty()) {
        missing[text] = where;
        continue;
      }
      const std::string problem = ArgumentProblem(*translated, ArgumentCount(text));
      EXPECT_EQ(problem, "") << language << " translation of \"" << text << "\" (" << where
                             << "): " << *translated;
    }
    EXPECT_EQ(missing.size(), 0U) << missing.size() << " templates have no " << language
                                  << " translation, e.g. " << missing.begin().key()
                                  << " (set SANAD_MESSAGES_MISSING=DIR to list them)";
    if (missing_dir != nullptr && !missing.empty()) {
      fs::create_directories(missing_dir);
      std::ofstream(fs::path(missing_dir) / (std::string(language) + ".json"))
          << missing.dump(2) << "\n";
    }
  }
}

TEST(MessagesTranslated, NoTranslationOfATemplateThatIsGone) {
  // A template changed in the code leaves its old translation behind; it
  // would never be shown, and the new one would be missing.
  const Found& found = ScanSources();
  for (std::string_view language : Languages()) {
    if (language == "en") continue;
    const fs::path file =
        fs::path(SANAD_SOURCE_DIR) / "src/core/i18n" / (std::string(language) + ".json");
    const nlohmann::json catalogue = nlohmann::json::parse(ReadWholeFile(file));
    ASSERT_TRUE(catalogue.is_object()) << file;
    for (const auto& [text, translated] : catalogue.items()) {
      EXPECT_TRUE(found.templates.contains(text))
          << file.filename().string() << " translates a template no code uses: \"" << text << "\"";
      EXPECT_TRUE(translated.is_string()) << file << ": \"" << text << "\"";
    }
  }
}

TEST(Translation, NegotiatesTheLanguageOfTheRequest) {
  EXPECT_EQ(NegotiateLanguage(""), "en");
  EXPECT_EQ(NegotiateLanguage("ps"), "ps");
  EXPECT_EQ(NegotiateLanguage("ps-AF,ps;q=0.9,en;q=0.5"), "ps");
  EXPECT_EQ(NegotiateLanguage("fa-AF"), "fa-AF");
  EXPECT_EQ(NegotiateLanguage("prs"), "fa-AF");
  EXPECT_EQ(NegotiateLanguage("fa-IR,fa;q=0.9"), "fa-AF");
  EXPECT_EQ(NegotiateLanguage("UR-pk"), "ur");
  EXPECT_EQ(NegotiateLanguage("de-DE,en;q=0.2,ur;q=0.8"), "ur");
  EXPECT_EQ(NegotiateLanguage("de, fr"), "en");
  EXPECT_EQ(NegotiateLanguage("ps;q=0,ur;q=0.1"), "ur");
  EXPECT_EQ(NegotiateLanguage("ps;q=abc"), "en");
  EXPECT_EQ(NegotiateLanguage(std::string(10000, ',')), "en");
}

TEST(Translation, SaysAMessageAndItsMessageArgumentsInTheLanguage) {
  const Message inner("must be one of {}", "a, b");
  const Message outer("{} (did you mean '{}'?)", inner, "x");
  EXPECT_EQ(outer.English(), "must be one of a, b (did you mean 'x'?)");
  for (std::string_view language : {"ps", "fa-AF", "ur"}) {
    const std::string* whole = TranslationOf(outer.Template(), language);
    const std::string* part = TranslationOf(inner.Template(), language);
    ASSERT_NE(whole, nullptr) << language;
    ASSERT_NE(part, nullptr) << language;
    const std::string said = Say(outer, language);
    EXPECT_NE(said, outer.English()) << language;
    // The argument given as text is kept as it is; the inner message is translated.
    EXPECT_NE(said.find("'x'"), std::string::npos) << said;
    EXPECT_NE(said.find(fmt::format(fmt::runtime(*part), "a, b")), std::string::npos) << said;
  }
  EXPECT_EQ(Say(outer, "en"), outer.English());
  EXPECT_EQ(Say(Message::Verbatim("SQLite says no"), "ps"), "SQLite says no");
}

}  // namespace
}  // namespace sanad
