// ProgramMemberFinder: an argument list is read with the program member
// beside it in the same object (a container's "command" before or after its
// "args", Docker's "Path" before "Args"), never with another object's.
#include "redact/program_member.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice {
namespace {

// The kinds CommandArguments gives the words of the list under `key` at the
// first '[' after `key` in `text`, read with the finder's reader: 'P' for a
// password, '.' for anything else.
std::string Kinds(const std::string& text, const std::string& key, ProgramMemberFinder* finder) {
  const size_t list = text.find('[', text.find("\"" + key + "\""));
  CommandArguments reader = finder->ReaderFor(list, key);
  std::string kinds;
  size_t at = list;
  while ((at = text.find('"', at + 1)) != std::string::npos && at < text.find(']', list)) {
    const size_t close = text.find('"', at + 1);
    // A view into `text`: the reader keeps views of the words it read.
    const CommandArguments::Word word = reader.Read(std::string_view(text).substr(at + 1, close - at - 1));
    kinds += word == CommandArguments::Word::kPassword || word == CommandArguments::Word::kGluedPassword ? 'P' : '.';
    at = close;
  }
  return kinds;
}

TEST(ProgramMemberFinderTest, ReadsAListWithTheProgramBesideIt) {
  struct Case {
    std::string text;
    std::string key;
    std::string kinds;
  };
  const Case cases[] = {
      // Before, after (kubectl sorts keys), with blanks; Docker's Path.
      {R"({"command":["redis-cli"],"args":["-a","pw"]})", "args", ".P"},
      {R"({"args":["-a","pw"],"command":["redis-cli"],"name":"x"})", "args", ".P"},
      {R"({"args": ["-a", "pw"], "command": ["sudo", "redis-cli"]})", "args", ".P"},
      {R"({"Path":"redis-cli","Args":["-a","pw"]})", "Args", ".P"},
      {R"({"Path":"redis-cli","Args":[],"Config":{"Cmd":["-a","pw"]}})", "Cmd", ".P"},
      // A member between, a Cmd that names its own program (another
      // object's program: below).
      {R"({"command":["redis-cli"],"image":"r","args":["-a","pw"]})", "args", ".."},
      {R"({"Path":"redis-cli","Config":{"Cmd":["redis-cli","-a","pw"]}})", "Cmd", "..P"},
      // Cut short: what the cut took is no member.
      {R"({"args":["-a","pw"],"command":["redis-c)", "args", ".."},
  };
  for (const Case& c : cases) {
    ProgramMemberFinder finder(c.text);
    EXPECT_EQ(Kinds(c.text, c.key, &finder), c.kinds) << c.text;
  }
  // The second container reads its own list with no program.
  const std::string sidecar = R"({"c":[{"command":["sshpass"],"args":["-p","pw"]},{"name":"b","args":["-p","8080"]}]})";
  ProgramMemberFinder finder(sidecar);
  const size_t first = sidecar.find('[', sidecar.find("\"args\""));
  const size_t second = sidecar.find('[', sidecar.find("\"args\"", first));
  CommandArguments own = finder.ReaderFor(first, "args");
  EXPECT_EQ(own.Read("-p"), CommandArguments::Word::kPasswordFlag);
  CommandArguments other = finder.ReaderFor(second, "args");
  other.Read("-p");
  EXPECT_EQ(other.Read("8080"), CommandArguments::Word::kArgument);
}

TEST(ProgramMemberFinderTest, ReadsAProgramValue) {
  CommandArguments list = ReaderOfProgramValue(R"( ["sudo", "-u", "app", "mysql"] , "x")");
  EXPECT_EQ(list.Read("-ppw"), CommandArguments::Word::kGluedPassword);
  CommandArguments path = ReaderOfProgramValue(R"("redis-cli")");
  path.Read("-a");
  EXPECT_EQ(path.Read("pw"), CommandArguments::Word::kPassword);
  // An escape ends the words: no program is taken from a half.
  CommandArguments escaped = ReaderOfProgramValue(R"(["a\"b"])");
  EXPECT_EQ(escaped.Read("mysql"), CommandArguments::Word::kProgram);
}

}  // namespace
}  // namespace sluice
