// Tests for src/parse/argument_array.h: which element of an array names
// which, fed token by token as RecordWalker feeds it, with a visitor that
// calls "--password", "Authorization" and "secret" sensitive and knows one
// program flag (redis-cli's -a).
#include "parse/argument_array.h"

#include <gtest/gtest.h>

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
  // A program's arguments: noted as "index:token"; "-c" makes the next
  // element a command line.
  struct Reader {
    int elements = 0;
  };
  using ProgramReader = Reader;
  ArgumentRole OnProgramArgument(Reader* reader, size_t index, const char* begin, const char* end) {
    ++reader->elements;
    read.push_back(std::to_string(index) + ":" + std::string(begin, end));
    const std::string_view token(begin, static_cast<size_t>(end - begin));
    if (token == R"("-c")") return ArgumentRole::kCommandLineNext;
    // "-ppassword" is mysql's: not a name.
    return token.starts_with(R"("-p)") ? ArgumentRole::kProgramFlag : ArgumentRole::kArgument;
  }
  std::vector<std::string> read;
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

TEST(ArgumentArrayTest, StringsAndNumbersGoToTheVisitorsProgramReader) {
  FakeVisitor visitor;
  Replaced({R"("redis-cli")", R"("-a")", "42", R"({"k":1})", "[1]", "true", R"("x")"}, false, false, &visitor);
  EXPECT_EQ(visitor.read, (std::vector<std::string>{R"(0:"redis-cli")", R"(1:"-a")", "2:42", R"(6:"x")"}));
  // The value of a flag the key rules name is theirs; a number is no program.
  Replaced({R"("app")", R"("--password")", R"("pw")", R"("-v")"}, false, false, &visitor);
  EXPECT_EQ(visitor.read, (std::vector<std::string>{R"(0:"app")", R"(1:"--password")", R"(3:"-v")"}));
  Replaced({"7", R"("-v")"}, false, false, &visitor);
  EXPECT_EQ(visitor.read, (std::vector<std::string>{R"(1:"-v")"}));
  // A program's flag is asked of no name rule ("--password" is one).
  EXPECT_EQ(Replaced({R"("mysql")", R"("--password")", R"("x")"}), Tokens{R"("x")"});
  Replaced({R"("mysql")", R"("-ppassword")", R"("x")"}, false, false, &visitor);
  EXPECT_TRUE(visitor.asked.empty());
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
