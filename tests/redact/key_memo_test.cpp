// KeyMemo: remembers keys exactly (same bytes, same length), keeps the two
// newest keys of a set, ignores keys it cannot hold.
#include "redact/key_memo.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sluice {
namespace {

TEST(KeyMemoTest, FindsWhatItRemembersAndNothingElse) {
  KeyMemo memo;
  EXPECT_EQ(memo.Find("password"), nullptr);
  memo.Remember("password", 3, true);
  memo.Remember("AKIAIOSFODNN7EXAMPLE", -1, false);
  const KeyMemo::Entry* e = memo.Find("password");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->rule, 3);
  EXPECT_TRUE(e->clean);
  e = memo.Find("AKIAIOSFODNN7EXAMPLE");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->rule, -1);
  EXPECT_FALSE(e->clean);
  for (const char* other : {"passwor", "password_", "Password", "", "passworD"}) {
    EXPECT_EQ(memo.Find(other), nullptr) << other;
  }
}

TEST(KeyMemoTest, IgnoresEmptyAndLongKeys) {
  KeyMemo memo;
  const std::string longest(KeyMemo::kMaxKeyBytes, 'k');
  const std::string too_long(KeyMemo::kMaxKeyBytes + 1, 'k');
  memo.Remember("", 1, true);
  memo.Remember(too_long, 1, true);
  memo.Remember(longest, 2, true);
  EXPECT_EQ(memo.Find(""), nullptr);
  EXPECT_EQ(memo.Find(too_long), nullptr);
  ASSERT_NE(memo.Find(longest), nullptr);
  EXPECT_EQ(memo.Find(longest)->rule, 2);
}

TEST(KeyMemoTest, LongKeysDifferingOnlyInTheMiddleAreToldApart) {
  KeyMemo memo;
  const std::string head(8, 'h');
  const std::string tail(8, 't');
  for (size_t middle = 1; middle <= KeyMemo::kMaxKeyBytes - 16; ++middle) {
    const std::string a = head + std::string(middle, 'a') + tail;
    std::string b = a;
    b[8 + middle / 2] = 'b';  // same first and last eight bytes, same length
    memo.Remember(a, 5, true);
    ASSERT_NE(memo.Find(a), nullptr) << a;
    EXPECT_EQ(memo.Find(b), nullptr) << b;
  }
}

TEST(KeyMemoTest, ManyKeysNeverAnswerWrongly) {
  KeyMemo memo;
  // Far more keys than slots: every answer is either none or the right one.
  for (int i = 0; i < 5000; ++i) memo.Remember("key_" + std::to_string(i), i % 7, i % 2 == 0);
  int found = 0;
  for (int i = 0; i < 5000; ++i) {
    const KeyMemo::Entry* e = memo.Find("key_" + std::to_string(i));
    if (!e) continue;
    ++found;
    EXPECT_EQ(e->rule, i % 7) << i;
    EXPECT_EQ(e->clean, i % 2 == 0) << i;
  }
  EXPECT_GT(found, 0);
  EXPECT_LE(found, static_cast<int>(KeyMemo::kSlots));
}

TEST(KeyMemoTest, TheTwoNewestKeysAreAlwaysBothRemembered) {
  // Direct-mapped, about one pair in a thousand consecutive keys would share
  // a slot and the older would be gone; two ways keep both.
  KeyMemo memo;
  std::mt19937 rng(11);
  std::string previous;
  for (int i = 0; i < 20000; ++i) {
    std::string key(4 + rng() % 20, 'k');
    for (char& c : key) c = static_cast<char>('a' + rng() % 26);
    memo.Remember(key, i % 5, true);
    if (!previous.empty()) {
      const KeyMemo::Entry* e = memo.Find(previous);
      ASSERT_NE(e, nullptr) << previous << " forgotten when " << key << " came";
      EXPECT_EQ(e->rule, (i - 1) % 5);
    }
    ASSERT_NE(memo.Find(key), nullptr) << key;
    previous = key;
  }
}

TEST(KeyMemoTest, RememberingAKeyAgainUpdatesItsEntry) {
  KeyMemo memo;
  memo.Remember("password", 3, true);
  memo.Remember("password", 4, false);
  const KeyMemo::Entry* e = memo.Find("password");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->rule, 4);
  EXPECT_FALSE(e->clean);
}

}  // namespace
}  // namespace sluice
