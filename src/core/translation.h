// Saying a Message in the reader's language. The server's four languages are
// those of the web app: English ("en"), Pashto ("ps"), Dari ("fa-AF") and
// Urdu ("ur"). Translations live in src/core/i18n/<language>.json, one object
// from English template to translated template, embedded in the binary.
// A translated template may name its arguments by position ("{1} ... {0}")
// where the language orders them differently.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/message.h"

namespace sanad {

// "en", "ps", "fa-AF", "ur".
[[nodiscard]] std::span<const std::string_view> Languages();

// The best of Languages() for an Accept-Language header ("ps-AF,ps;q=0.9,
// en;q=0.5"), English when none is acceptable. Dari is asked for as "fa-AF",
// "prs" or plain "fa" (Iranian Persian reads it without trouble).
[[nodiscard]] std::string_view NegotiateLanguage(std::string_view accept_language);

// The message in `language` (one of Languages()). A template not translated
// into it is said in English: the messages test keeps that from shipping.
[[nodiscard]] std::string Say(const Message& message, std::string_view language);

// The translation of one English template, or nullptr: for the messages test.
[[nodiscard]] const std::string* TranslationOf(std::string_view english_template,
                                               std::string_view language);

}  // namespace sanad
