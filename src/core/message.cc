#include "core/message.h"

namespace sanad {

Message Message::Verbatim(std::string text) {
  Message message;
  message.verbatim_ = std::move(text);
  return message;
}

std::string Message::English() const {
  if (IsVerbatim()) return verbatim_;
  fmt::dynamic_format_arg_store<fmt::format_context> values;
  for (const Argument& argument : arguments_) {
    values.push_back(argument.message ? argument.message->English() : argument.text);
  }
  return fmt::vformat(template_, values);
}

}  // namespace sanad
