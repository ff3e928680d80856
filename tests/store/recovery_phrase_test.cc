#include "store/recovery_phrase.h"

#include <gtest/gtest.h>

#include <cctype>

namespace sanad::store {
namespace {

Key Counting() {
  Key k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<unsigned char>(i * 37 + 11);
  return k;
}

TEST(RecoveryPhrase, IsFourteenGroupsOfFourUnambiguousCharacters) {
  const std::string phrase = RecoveryPhrase(Counting());
  ASSERT_EQ(phrase.size(), 14u * 4 + 13);
  for (size_t i = 0; i < phrase.size(); ++i) {
    SCOPED_TRACE(i);
    if (i % 5 == 4) {
      EXPECT_EQ(phrase[i], ' ');
    } else {
      EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(phrase[i]),
                std::string_view::npos);
    }
  }
  EXPECT_EQ(ParseRecoveryPhrase(phrase).value(), Counting());
}

TEST(RecoveryPhrase, ReadsWhatAPersonMightTypeForTheSameCharacters) {
  std::string phrase = RecoveryPhrase(Counting());
  std::string typed;
  for (char c : phrase) {
    if (c == ' ') {
      typed += "-";
    } else if (c == '1') {
      typed += 'l';
    } else if (c == '0') {
      typed += 'O';
    } else {
      typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  typed.insert(34, "\n");
  EXPECT_EQ(ParseRecoveryPhrase(typed).value(), Counting());
}

TEST(RecoveryPhrase, ATypoIsRefusedByItsChecksum) {
  const std::string phrase = RecoveryPhrase(Counting());
  // Every single-character slip anywhere in the phrase.
  for (size_t i = 0; i < phrase.size(); ++i) {
    if (phrase[i] == ' ') continue;
    std::string typo = phrase;
    typo[i] = phrase[i] == 'Z' ? 'Y' : (phrase[i] == '9' ? 'A' : static_cast<char>(phrase[i] + 1));
    if (typo[i] == 'I' || typo[i] == 'L' || typo[i] == 'O' || typo[i] == 'U') ++typo[i];
    SCOPED_TRACE(typo);
    auto parsed = ParseRecoveryPhrase(typo);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().field, "recovery_phrase");
    EXPECT_NE(parsed.error().message.find("typo"), std::string::npos);
  }
  // Two neighbouring groups swapped.
  std::string swapped = phrase.substr(5, 5) + phrase.substr(0, 5) + phrase.substr(10);
  EXPECT_FALSE(ParseRecoveryPhrase(swapped));
}

TEST(RecoveryPhrase, NamesTheGroupOfACharacterThatIsNotInThePhraseAlphabet) {
  std::string phrase = RecoveryPhrase(Counting());
  phrase[11] = 'U';  // group 3
  auto parsed = ParseRecoveryPhrase(phrase);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("group 3 has 'U'"), std::string::npos)
      << parsed.error().message;
}

TEST(RecoveryPhrase, SaysHowManyCharactersAreMissing) {
  const std::string phrase = RecoveryPhrase(Counting());
  auto parsed = ParseRecoveryPhrase(phrase.substr(0, phrase.size() - 5));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("this one has 52"), std::string::npos)
      << parsed.error().message;
  EXPECT_FALSE(ParseRecoveryPhrase(phrase + " 7"));
  EXPECT_FALSE(ParseRecoveryPhrase(""));
}

}  // namespace
}  // namespace sanad::store
