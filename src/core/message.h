// A sentence for a person, kept as its English template and its arguments so
// that it can be said in the reader's language where it is shown: the API
// answers in the language of the request's Accept-Language (core/translation.h),
// the CLI and the logs in English.
//
// Every template is a string literal written where the message is made, so
// `messages_translated_test` can find them all in src/ and check that
// src/core/i18n/<language>.json translates each one. To keep that true, only
// this header and core/error.h take a `fmt::format_string` (the test checks):
// a helper that builds messages takes or returns a `Message`, never a format.
//
//   Message("must be one of {}", allowed)           // allowed is shown as is
//   Message("the {} has expired", Message("visa"))  // a Message argument is
//                                                    // translated too
#pragma once

#include <fmt/args.h>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace sanad {

class Message {
 public:
  // One argument: shown as given (a name, a date, a field, a number), or a
  // message of its own, said in the same language as the sentence around it.
  struct Argument {
    std::string text;
    std::shared_ptr<const Message> message;  // set instead of text
  };

  Message() = default;

  template <typename... Args>
  explicit Message(fmt::format_string<Args...> text, Args&&... args)
      : template_(fmt::string_view(text).data(), fmt::string_view(text).size()) {
    arguments_.reserve(sizeof...(Args));
    (Append(std::forward<Args>(args)), ...);
  }

  // Words that are not ours to translate: another program's message (SQLite's,
  // a TOML parser's) or text a person typed. Shown as given in every language.
  [[nodiscard]] static Message Verbatim(std::string text);

  // The English template ("must be one of {}"); empty for a verbatim message.
  [[nodiscard]] std::string_view Template() const { return template_; }
  [[nodiscard]] const std::vector<Argument>& Arguments() const { return arguments_; }
  [[nodiscard]] bool IsVerbatim() const { return template_.empty(); }

  // The sentence in English, arguments filled in.
  [[nodiscard]] std::string English() const;

 private:
  template <typename T>
  void Append(T&& value) {
    if constexpr (std::is_same_v<std::remove_cvref_t<T>, Message>) {
      arguments_.push_back({{}, std::make_shared<const Message>(std::forward<T>(value))});
    } else {
      arguments_.push_back({fmt::format("{}", std::forward<T>(value)), nullptr});
    }
  }

  std::string_view template_;  // a string literal: static storage
  std::string verbatim_;
  std::vector<Argument> arguments_;
};

}  // namespace sanad

template <>
struct fmt::formatter<sanad::Message> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const sanad::Message& message, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(message.English(), context);
  }
};
