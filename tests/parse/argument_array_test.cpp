// Tests for src/parse/argument_array.h: which element of an array names
// which, fed token by token as RecordWalker feeds it, with a visitor that
// calls "--password", "Authorization" and "secret" sensitive and knows one
// program flag (redis-cli's -a).
#include "parse/argument_array.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {
namespace {

struct FakeVisitor {
  std::vector<std::string> replaced;  // the tokens OnReplaceValue was given
  std::vector<std::string> asked;     // the names OnPairName was asked

  KeyDecision OnPairName(std::string_view body) {
    asked.emplace_back(body);
    if (body == "--password" || body == "Authorization" || body == "secret") return {KeyAction::kReplace, 7};
    return {};
  }
  std::optional<KeyDecision> OnProgramFlag(std::string_view program, std::string_view, std::string_view flag) {
    if (program == "redis-cli" && flag == "-a") return KeyDecision{KeyAction::kReplace, 8};
    return std::nullopt;
  }
  // "sudo" runs redis-cli; "sh -c" takes a command line, which the fake
  // notes as the calls it gets.
  ArgumentRole OnProgramArgument(std::string_view, std::string_view, std::string_view word) {
    if (word == "redis-cli") return ArgumentRole::kProgram;
    if (word == "-c") return ArgumentRole::kCommandLineNext;
    return ArgumentRole::kArgument;
  }
  void OnCommandLineNext(bool next) { command_line_calls.push_back(next); }
  void OnReplaceValue(int, const char* begin, const char* end) { replaced.emplace_back(begin, end); }
  std::vector<bool> command_line_calls;
};

// Feeds `tokens` (each an element's JSON text) and returns what was replaced.
std::vector<std::string> Replaced(const std::vector<std::string>& tokens, bool flat_headers = false,
                                  bool in_array = false, FakeVisitor* out = nullptr) {
  FakeVisitor visitor;
  ArgumentArray<FakeVisitor> arguments(&visitor, flat_headers);
  // One buffer with padding, as the walk's tokens sit in a padded line.
  std::vector<std::string> storage;
  storage.reserve(tokens.size());
  for (const std::string& t : tokens) {
    storage.push_back(t + std::string(8, '\0'));
    arguments.Add(storage.back().data(), storage.back().data() + t.size());
  }
  arguments.Finish(in_array);
  if (out) *out = visitor;
  return visitor.replaced;
}

using Tokens = std::vector<std::string>;

TEST(ArgumentArrayTest, OffSwitchesAndInlineValuesTakeNoArgument) {
  for (std::string_view flag : {"--password", "-storepass", "--db-password", "-p"}) {
    EXPECT_TRUE(TakesNextArgument(flag)) << flag;
  }
  for (std::string_view flag : {"--no-password", "-no-password", "--skip-token", "-show-secret", "--password=x",
                                "-Dpassword=x", "--without-auth", "--ignore-token", "--disable-password"}) {
    EXPECT_FALSE(TakesNextArgument(flag)) << flag;
  }
}

TEST(ArgumentArrayTest, TheArgumentAfterASecretFlagIsReplaced) {
  EXPECT_EQ(Replaced({R"("app")", R"("--password")", R"("hunter2")", R"("--port")", "5432"}), Tokens{R"("hunter2")"});
  // A number (a PIN) and a short-flag-looking value count; a long flag does not.
  EXPECT_EQ(Replaced({R"("--password")", "123456"}), Tokens{"123456"});
  EXPECT_EQ(Replaced({R"("--password")", R"("-x7Kq")"}), Tokens{R"("-x7Kq")"});
  EXPECT_EQ(Replaced({R"("--password")", R"("--host")", R"("db")"}), Tokens{});
  // Off-switches and inline values take no next argument.
  EXPECT_EQ(Replaced({R"("--no-password")", R"("x")"}), Tokens{});
  EXPECT_EQ(Replaced({R"("--password=x")", R"("y")"}), Tokens{});
}

TEST(ArgumentArrayTest, AProgramsShortFlagIsAskedWithTheProgram) {
  EXPECT_EQ(Replaced({R"("redis-cli")", R"("-h")", R"("cache")", R"("-a")", R"("pw")"}), Tokens{R"("pw")"});
  EXPECT_EQ(Replaced({R"("docker")", R"("run")", R"("-a")", R"("x")"}), Tokens{});
}

TEST(ArgumentArrayTest, AnotherProgramTakesTheFlagsAfterIt) {
  // Behind sudo, redis-cli's -a; before redis-cli, -a is sudo's.
  EXPECT_EQ(Replaced({R"("sudo")", R"("-u")", R"("app")", R"("redis-cli")", R"("-a")", R"("pw")"}), Tokens{R"("pw")"});
  EXPECT_EQ(Replaced({R"("sudo")", R"("-a")", R"("x")", R"("redis-cli")"}), Tokens{});
}

TEST(ArgumentArrayTest, TheVisitorReadsTheValueOfACommandFlagAsACommandLine) {
  FakeVisitor visitor;
  Replaced({R"("sh")", R"("-c")", R"("mysql -ppw")", R"("x")"}, false, false, &visitor);
  EXPECT_EQ(visitor.command_line_calls, (std::vector<bool>{true, false}));
  // Last: Finish ends it.
  Replaced({R"("sh")", R"("-c")"}, false, false, &visitor);
  EXPECT_EQ(visitor.command_line_calls, (std::vector<bool>{true, false}));
  Replaced({R"("sh")", R"("x")"}, false, false, &visitor);
  EXPECT_TRUE(visitor.command_line_calls.empty());
}

TEST(ArgumentArrayTest, TheNameAfterSetIsAsked) {
  FakeVisitor visitor;
  EXPECT_EQ(Replaced({R"("config")", R"("set")", R"("secret")", R"("v")"}, false, false, &visitor), Tokens{R"("v")"});
  EXPECT_EQ(visitor.asked, (std::vector<std::string>{"secret"}));
}

TEST(ArgumentArrayTest, FlatHeaderListsAskEveryOtherString) {
  const Tokens headers = {R"("Host")", R"("Authorization")", R"("Authorization")", R"("Bearer x")"};
  EXPECT_EQ(Replaced(headers, /*flat_headers=*/true), Tokens{R"("Bearer x")"});
  EXPECT_EQ(Replaced(headers, /*flat_headers=*/false), Tokens{});
}

TEST(ArgumentArrayTest, ANameValueTupleInAnArrayIsAPair) {
  EXPECT_EQ(Replaced({R"("Authorization")", R"("Bearer x")"}, false, /*in_array=*/true), Tokens{R"("Bearer x")"});
  EXPECT_EQ(Replaced({R"("Authorization")", "120"}, false, /*in_array=*/true), Tokens{});  // a count
  EXPECT_EQ(Replaced({R"("Authorization")", R"("Bearer x")"}, false, /*in_array=*/false), Tokens{});
}

}  // namespace
}  // namespace sluice
