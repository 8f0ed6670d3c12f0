// ProgramPasswordFlag: a short flag carries a password only after the
// program (and command) that give it that meaning.
#include "redact/program_flags.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sluice {
namespace {

struct FlagCase {
  std::string program;
  std::string command;
  std::string flag;
  ProgramFlag expected;
};

TEST(ProgramFlagsTest, ShortFlagsCountOnlyAfterTheirProgram) {
  const FlagCase cases[] = {
      {"redis-cli", "-h", "-a", ProgramFlag::kNextArgument},
      {"/usr/bin/redis-cli", "", "-a", ProgramFlag::kNextArgument},  // a path, by its last part
      {"sshpass", "-p", "-p", ProgramFlag::kNextArgument},
      {"sshpass", "", "-ppw", ProgramFlag::kGlued},
      {"ldapsearch", "-x", "-w", ProgramFlag::kNextArgument},
      {"sqlcmd", "-S", "-P", ProgramFlag::kNextArgument},
      {"docker", "login", "-p", ProgramFlag::kNextArgument},
      {"helm", "registry", "-p", ProgramFlag::kNextArgument},
      {"curl", "-s", "-u", ProgramFlag::kNextArgument},
      // mysql's -p alone prompts; the argument after it is a database.
      {"mysql", "-uroot", "-p", ProgramFlag::kNone},
      {"mysql", "-uroot", "-pHunter2", ProgramFlag::kGlued},
      {"mariadb-dump", "", "-pHunter2", ProgramFlag::kGlued},
      // Other commands of the same program, other programs, other flags.
      {"docker", "run", "-p", ProgramFlag::kNone},
      {"docker", "run", "-p8080", ProgramFlag::kNone},
      {"redis-cli", "", "-ab", ProgramFlag::kNone},
      {"ssh", "", "-p", ProgramFlag::kNone},
      {"mysql", "", "--password", ProgramFlag::kNone},
      {"mysql", "", "p", ProgramFlag::kNone},
      {"", "", "-p", ProgramFlag::kNone},
      {"xmysql", "", "-ppw", ProgramFlag::kNone},
  };
  for (const FlagCase& c : cases) {
    EXPECT_EQ(ProgramPasswordFlag(c.program, c.command, c.flag), c.expected)
        << c.program << " " << c.command << " " << c.flag;
  }
}

struct LineCase {
  std::string line;
  std::string password;  // "" for none
};

TEST(ProgramFlagsTest, CommandLinesInTextGiveTheirPassword) {
  const LineCase cases[] = {
      {"mysql -uroot -phunter2x app", "hunter2x"},
      {"/usr/bin/redis-cli -h cache -a hunter2x ping", "hunter2x"},
      {"docker login -u bob -p hunter2x ghcr.io", "hunter2x"},
      {"sshpass -phunter2x ssh h", "hunter2x"},
      {"sqlcmd -S db -P 'hunter 2x' -Q 1", "hunter 2x"},
      {"mysql \"-phunter;2x\" app", "hunter;2x"},
      {"curl\t-s -u ci:hunter2x https://x", "ci:hunter2x"},
      {"redis-cli -a hunter2x\nredis-cli -a other", "hunter2x"},
      // The flag as the second argument is no command ("login" must be).
      {"helm registry login -p hunter2x", "hunter2x"},
      // Options before the command, Windows' programs, flags run together
      // or glued, a ';' after the password, shell quoting inside an argument.
      {"docker --config /x login -u a -p hunter2x r", "hunter2x"},
      {"SQLCMD.EXE -S srv -U sa -P hunter2x", "hunter2x"},
      {"C:\\Tools\\sqlcmd.exe -S srv -Phunter2x", "hunter2x"},
      {"curl -sSfu ci:hunter2x https://x", "ci:hunter2x"},
      {"ldapwhoami -whunter2x; id", "hunter2x"},
      {"az.cmd login -u a -phunter2x", "hunter2x"},
      {"psexec \\\\host -u admin -p hunter2x cmd", "hunter2x"},
      {"zip -Phunter2x out.zip f", "hunter2x"},
      {"mongo -u a -phunter2x", "hunter2x"},
      {"mysql -p'hunter 2x' db", "'hunter 2x'"},
      // A quote with no match may be the end of an outer quote (bash -c
      // 'mysql -ppw') or the password's own: it goes with the password.
      {"mysql -uroot -phunter2x' && x", "hunter2x'"},
      {"mysql -pab'cd db", "ab'cd"},
      {"sshpass -p \"S3c \\\"x\\\" ret\" ssh h", "S3c \\\"x\\\" ret"},
      {"sshpass -p\\\n  hunter2x ssh h", "hunter2x"},
      // A continued line.
      {"mysql -uroot \\\n  -phunter2x db", "hunter2x"},
      // No password: other commands, mysql's -p alone, a long flag after
      // the flag, the command's end before the value, an unknown program.
      {"docker run -p 8080:80 nginx", ""},
      {"mysql -u root -p orders", ""},
      {"redis-cli -a --no-auth-warning ping", ""},
      {"redis-cli -a", ""},
      {"redis-cli -h h; -a x", ""},
      {"redis-cli -h h\n-a x", ""},
      {"ssh -p 22 host", ""},
      {"docker run --name login -p 8080:80 nginx", ""},
      // sshpass's own options end at the command it runs.
      {"sshpass -f /run/pw ssh -p 2222 host", ""},
      {"sshpass -e ssh -p 2222 host", ""},
      {"sshpass -f /run/pw -p hunter2x ssh h", "hunter2x"},
      {"xmysql -ppw", ""},
      {"", ""},
      // Passwords after a user in the flag's value, Windows' glued switches,
      // bare words that take one, places counted from the program, a flag
      // or a share.
      {"smbclient //fs/share -U bob%hunter2x", "hunter2x"},
      {"smbclient -Ubob%hunter2x //fs/share", "hunter2x"},
      {"rpcclient --user=CORP\\bob%hunter2x dc01", "hunter2x"},
      {"lftp -u bob,hunter2x ftp://h", "hunter2x"},
      {"xfreerdp /u:bob /p:hunter2x /v:h", "hunter2x"},
      {"WFREERDP.EXE /P:hunter2x /v:h", "hunter2x"},
      {"ipmitool -I lanplus -U admin -P hunter2x power status", "hunter2x"},
      {"nmcli dev wifi connect home password hunter2x", "hunter2x"},
      {"rclone config create s3 s3 secret_access_key hunter2x", "hunter2x"},
      {"wpa_passphrase home hunter2x", "hunter2x"},
      {"htpasswd -b /etc/nginx/.htpasswd admin hunter2x", "hunter2x"},
      {"htpasswd -c -b .htpasswd admin hunter2x", "hunter2x"},
      {"htpasswd -nbB admin hunter2x", "hunter2x"},
      {"sqlplus -s scott/hunter2x@//db:1521/orcl", "hunter2x"},
      {"sqlplus scott/hunter2x", "hunter2x"},
      {"net use Z: \\\\fs01\\share hunter2x /user:CORP\\bob", "hunter2x"},
      {"net use \\\\fs01\\share hunter2x", "hunter2x"},
      // No password: a user alone, a prompt, stdin, no user before the
      // '/', other commands.
      {"smbclient //fs/share -U bob", ""},
      {"lftp -u bob ftp://h", ""},
      {"rdesktop -u bob -p - host", ""},
      {"net use Z: \\\\fs01\\share * /user:bob", ""},
      {"net use Z: \\\\fs01\\share /user:bob", ""},
      {"sqlplus / as sysdba", ""},
      {"sqlplus -s /nolog", ""},
      {"sqlplus scott@orcl", ""},
      {"htpasswd -c .htpasswd admin", ""},
      {"rclone copy token remote:token", ""},
      {"nmcli con show password", ""},
  };
  for (const LineCase& c : cases) {
    size_t begin = 0, end = 0;
    const bool found = FindCommandLinePassword(c.line, &begin, &end);
    EXPECT_EQ(found, !c.password.empty()) << c.line;
    if (found) {
      EXPECT_EQ(c.line.substr(begin, end - begin), c.password) << c.line;
    }
  }
}

TEST(ProgramFlagsTest, EveryCommandLineOfATextIsRead) {
  const std::string text =
      "+ sudo -u app sshpass -p one ssh h && (mysql -ptwo db) | COMMAND=curl -u u:three x; mysql -pA&&sshpass -p four";
  std::vector<std::string> found;
  ForEachCommandLinePassword(text, [&](size_t begin, size_t end) { found.push_back(text.substr(begin, end - begin)); });
  EXPECT_EQ(found, (std::vector<std::string>{"one", "two", "u:three", "A&&sshpass", "four"}));
  found.clear();
  const std::string shell = "bash -c -- 'mysql -pfive db'";
  ForEachCommandLinePassword(shell, [&](size_t begin, size_t end) { found.push_back(shell.substr(begin, end - begin)); });
  EXPECT_EQ(found, (std::vector<std::string>{"five"}));
  // Past the argument limit, nothing.
  std::string many = "redis-cli";
  for (int i = 0; i < kMaxCommandArguments; ++i) many += " -v";
  many += " -a hunter2x";
  size_t begin = 0, end = 0;
  EXPECT_FALSE(FindCommandLinePassword(many, &begin, &end));
}

// Every password ForEachCommandLinePassword finds in `line`, joined by '|'.
std::string AllPasswords(const std::string& line) {
  std::string all;
  ForEachCommandLinePassword(line, [&](size_t begin, size_t end) {
    if (!all.empty()) all += '|';
    all += line.substr(begin, end - begin);
  });
  return all;
}

TEST(ProgramFlagsTest, PlacesSkipFlagValuesScriptsAndRedirections) {
  const LineCase cases[] = {
      // A flag's value holds no place (htpasswd -C cost, sqlplus -M opts);
      // flags count together (-n -b); a connect descriptor's '=' and a
      // quoted '@' are the logon's; the keyword form (userid=).
      {"htpasswd -bnBC 10 \"\" hunter2x", "hunter2x"},
      {"htpasswd -b -C 10 .htpasswd admin hunter2x", "hunter2x"},
      {"htpasswd -B -n -b admin hunter2x", "hunter2x"},
      {"mosquitto_passwd -b /etc/mosquitto/pw bob hunter2x", "hunter2x"},
      {"sqlplus -M \"HTML ON\" scott/hunter2x@orcl @report.sql", "hunter2x"},
      {"sqlplus scott/hunter2x@\"(DESCRIPTION=(ADDRESS=(HOST=h)))\"", "hunter2x"},
      {"sqlplus scott/\"hun@ter2x\"@orcl", "hun@ter2x"},
      {"sqlldr userid=scott/hunter2x@orcl control=x.ctl", "hunter2x"},
      {"expdp USERID=system/hunter2x@orcl FULL=Y", "hunter2x"},
      {"/opt/oracle/instantclient_21_1/sqlplus scott/hunter2x@db", "hunter2x"},
      {"./sqlplus scott/hunter2x@db", "hunter2x"},
      // A program of places starts mid-way unless its name is a common word.
      {"docker run --rm httpd:2.4 htpasswd -Bbn admin hunter2x", "hunter2x"},
      {"rclone -v config create r ftp pass hunter2x", "hunter2x"},
      {"lftp -c 'open -u bob,hunter2x ftp://h; mirror -R dist /www'", "hunter2x"},
      {"smbclient //fs/share -U %hunter2x", "hunter2x"},
      {"xfreerdp /u:bob /p:hunter2x /gu:gw /gp:hunter3x", "hunter2x|hunter3x"},
      {"ipmitool -H h -U admin user set password 3 hunter2x", "hunter2x"},
      {"htpasswd -b -n admin hunter2x", "hunter2x"},
      // A user named like a program is no program while a place is due.
      {"htpasswd -b /etc/nginx/.htpasswd docker hunter2x", "hunter2x"},
      {"rclone config create az azureblob account myacct key hunter2x", "hunter2x"},
      {"nmcli con mod dsl pppoe.password hunter2x", "hunter2x"},
      {"wlfreerdp /v:h /u:bob /p:hunter2x", "hunter2x"},
      {"sqlplus 'sys/hunter2x as sysdba'", "hunter2x"},
      {"net ads join -U Administrator%hunter2x", "hunter2x"},
      {"net rpc user add bob -U admin%hunter2x", "hunter2x"},
      {"net use https://dav.example.com/share hunter2x /user:bob", "hunter2x"},
      {"net use Z: \\\\server\\share /user:corp.local/bob", ""},
      {"nmcli con mod dsl pppoe.password hunter2x", "hunter2x"},
      {"nmcli con mod my-password connection.autoconnect yes", ""},
      // No password: a script, a logon that prompts, a redirection, a
      // flag's value.
      {"sqlplus -s /nolog @/u01/app/scripts/check.sql", ""},
      {"sqlplus -S @/u01/app/scripts/check.sql", ""},
      {"sqlplus system@//localhost:1521/XEPDB1", ""},
      {"sqlplus system@localhost/XEPDB1", ""},
      {"expdp system@orcl/pdb1 directory=DP", ""},
      {"net use Z: \\\\server\\share /persistent:no >nul 2>&1", ""},
      {"net use \\\\server\\share 2>nul", ""},
      {"wpa_passphrase home >> /etc/wpa_supplicant/wpa_supplicant.conf", ""},
      {"wpa_passphrase home < /run/psk", ""},
      {"nmcli -s -g 802-11-wireless-security.psk connection show home", ""},
      {"nmcli -f password con show home", ""},
      {"nmcli --fields password con show home", ""},
      {"nmcli --show-secrets --get-values 802-11-wireless-security.psk connection show home", ""},
      {"ipmitool user priv 3 4 1", ""},
      {"ipmitool -I lanplus -H h -U admin -E user set name 3 operator1", ""},
      {"impdp parfile=/u01/app/oracle/imp.par", ""},
      {"sqlldr control=/data/load/emp.ctl log=/data/load/emp.log", ""},
      {"impdp dumpfile=exports/full.dmp directory=DP", ""},
      {"open -u https://example.com/search?q=a,b", ""},
  };
  for (const LineCase& c : cases) EXPECT_EQ(AllPasswords(c.line), c.password) << c.line;
}

// Reads `words` as arguments, the reader going on at each program, and gives each
// word's kind as a letter: a argument, F a flag before a password, P
// password, G glued password, N another program, C the next is a command
// line.
std::string Kinds(const std::vector<std::string>& words) {
  CommandArguments arguments(words.front());
  std::string kinds;
  for (size_t i = 1; i < words.size(); ++i) {
    switch (arguments.Read(words[i])) {
      case CommandArguments::Word::kArgument: kinds += 'a'; break;
      case CommandArguments::Word::kPasswordFlag: kinds += 'F'; break;
      case CommandArguments::Word::kPassword: kinds += 'P'; break;
      case CommandArguments::Word::kGluedPassword: kinds += 'G'; break;
      case CommandArguments::Word::kCommandLineNext: kinds += 'C'; break;
      case CommandArguments::Word::kProgram: kinds += 'N'; break;
    }
  }
  return kinds;
}

TEST(ProgramFlagsTest, CommandArgumentsSayWhatEachArgumentIs) {
  EXPECT_EQ(Kinds({"redis-cli", "-h", "cache", "-a", "pw", "ping"}), "aaFPa");
  EXPECT_EQ(Kinds({"redis-cli", "-a", "--tls"}), "Fa");  // a long flag is no password
  EXPECT_EQ(Kinds({"/usr/bin/MYSQL.exe", "-uroot", "-ppw"}), "aG");
  // Behind sudo and env, and sshpass's own options up to the command it runs.
  EXPECT_EQ(Kinds({"sudo", "-u", "app", "env", "A=1", "mysql", "-ppw"}), "aaNaNG");
  EXPECT_EQ(Kinds({"sudo", "-E", "redis-cli", "-a", "pw"}), "aNFP");  // -E takes no value
  EXPECT_EQ(Kinds({"strace", "-f", "-o", "out.txt", "mysql", "-ppw"}), "aaaNG");
  EXPECT_EQ(Kinds({"timeout", "30", "mysql", "-ppw"}), "aNG");
  EXPECT_EQ(Kinds({"sudo", "-u", "mysql", "ls"}), "aaN");  // -u's value names no program
  EXPECT_EQ(Kinds({"docker", "run", "--name", "mongo", "-p", "27017:27017"}), "aaaaa");
  EXPECT_EQ(Kinds({"find", "/var/lib/mysql", "-perm", "600"}), "aaa");  // a data path
  EXPECT_EQ(Kinds({"env", "/usr/local/mysql/bin/mysql", "-ppw"}), "NG");
  // Shells behind other programs, and after "--".
  EXPECT_EQ(Kinds({"sudo", "-u", "app", "sh", "-c", "x"}), "aaNCa");
  EXPECT_EQ(Kinds({"kubectl", "exec", "-it", "redis-0", "--", "sh", "-c", "x"}), "aaaaNCa");
  EXPECT_EQ(Kinds({"su", "-s", "/bin/sh", "mongo", "-c", "x"}), "aaaCa");  // su's user
  EXPECT_EQ(Kinds({"sshpass", "-f", "pw.txt", "ssh", "-p", "2222"}), "aaNaa");
  EXPECT_EQ(Kinds({"sshpass", "-p", "pw", "ssh", "-p", "2222"}), "FPNaa");
  // The command may follow options; docker run's -p is a port.
  EXPECT_EQ(Kinds({"docker", "--config", "/x", "login", "-p", "pw"}), "aaaFP");
  EXPECT_EQ(Kinds({"docker", "run", "--name", "login", "-p", "8080:80"}), "aaaaa");
  // Shells' -c, cmd's /c and powershell's -Command.
  EXPECT_EQ(Kinds({"/bin/sh", "-c", "x"}), "Ca");
  EXPECT_EQ(Kinds({"bash", "-lc", "x"}), "Ca");
  EXPECT_EQ(Kinds({"zsh", "-euxc", "x"}), "Ca");
  EXPECT_EQ(Kinds({"CMD.EXE", "/C", "x"}), "Ca");
  EXPECT_EQ(Kinds({"pwsh", "-Command", "x"}), "Ca");
  EXPECT_EQ(Kinds({"su", "-", "postgres", "-c", "x"}), "aaCa");
  EXPECT_EQ(Kinds({"sh", "-x", "script"}), "aa");
  EXPECT_EQ(Kinds({"python", "-c", "x"}), "aa");
  // "--" ends a shell's options before its command line.
  EXPECT_EQ(Kinds({"bash", "-c", "--", "x"}), "CCa");
  EXPECT_EQ(Kinds({"bash", "-x", "--", "x"}), "aaa");
  EXPECT_EQ(Kinds({"cmd", "-c", "x"}), "aa");
  // Passwords by their place, after the command they count from.
  EXPECT_EQ(Kinds({"rabbitmqctl", "-n", "node", "add_user", "bob", "pw"}), "aaaaP");
  EXPECT_EQ(Kinds({"rabbitmqctl", "list_users"}), "a");
  EXPECT_EQ(Kinds({"net", "user", "/add", "bob", "pw", "/domain"}), "aaaPa");
  EXPECT_EQ(Kinds({"net", "user", "bob"}), "aa");
  EXPECT_EQ(Kinds({"NET.EXE", "USER", "bob", "pw"}), "aaP");
  EXPECT_EQ(Kinds({"the", "net", "user", "count", "rose"}), "aaaa");  // words, not a command
  EXPECT_EQ(Kinds({"sudo", "net", "user", "bob", "pw"}), "NaaP");
  EXPECT_EQ(Kinds({"mysqladmin", "-uroot", "-pold", "password", "new"}), "aGaP");
  EXPECT_EQ(Kinds({"vault", "login", "-method=userpass", "username=bob"}), "aaa");
  EXPECT_EQ(Kinds({"vault", "login", "s.token"}), "aP");
  EXPECT_EQ(Kinds({"mc", "alias", "set", "local", "http://minio:9000", "ak", "sk"}), "aaaaaP");
  EXPECT_EQ(Kinds({"mc", "alias", "set", "--insecure", "local", "http://m:9000", "ak", "sk"}), "aaaaaaP");
  EXPECT_EQ(Kinds({"mc", "config", "host", "add", "local", "http://m:9000", "ak", "sk"}), "aaaaaaP");
  EXPECT_EQ(Kinds({"mc", "admin", "user", "add", "local", "bob", "sk"}), "aaaaaP");
  EXPECT_EQ(Kinds({"vault", "login", "-no-print", "s.token"}), "aaP");
  EXPECT_EQ(Kinds({"rabbitmqctl", "authenticate_user", "bob", "pw"}), "aaP");
  EXPECT_EQ(Kinds({"SCHTASKS.EXE", "/create", "/tn", "x", "/ru", "bob", "/RP", "pw"}), "aaaaaFP");
  EXPECT_EQ(Kinds({"schtasks", "/query", "/fo", "list"}), "aaa");
  // Long flags of the table.
  EXPECT_EQ(Kinds({"gh", "secret", "set", "DB_PASSWORD", "--body", "pw"}), "aaaFP");
  EXPECT_EQ(Kinds({"gh", "secret", "set", "X", "--body=pw", "-bpw"}), "aaaGG");
  EXPECT_EQ(Kinds({"openssl", "x509", "-check", "-noout"}), "aaa");  // no clusters: -check is no -k
  EXPECT_EQ(Kinds({"openssl", "enc", "-aes-256-cbc", "-pass", "pass:pw", "-passin", "env:X"}), "aaFPFP");
}

TEST(ProgramFlagsTest, AReaderWithNoProgramTakesTheFirstWordUnlessItIsAFlag) {
  using Word = CommandArguments::Word;
  CommandArguments named;
  EXPECT_EQ(named.Read("redis-cli"), Word::kProgram);
  EXPECT_EQ(named.Read("-a"), Word::kPasswordFlag);
  EXPECT_EQ(named.Read("pw"), Word::kPassword);
  CommandArguments unnamed;  // ["-h","mongo","-p","27017"]: no program's flags
  for (std::string_view word : {"-h", "mongo", "-p", "27017"}) EXPECT_EQ(unnamed.Read(word), Word::kArgument) << word;
}

TEST(ProgramFlagsTest, AShellsTraceStartsWithACommand) {
  for (std::string_view text : {"+ mysql -ppw", "++ /usr/bin/x", "+ 'a b'", "+ $CMD", "+ DB_PASS=x mysql"}) {
    EXPECT_TRUE(IsShellTrace(text)) << text;
  }
  for (std::string_view text : {"+ Fixed --token handling", "+ 3 more", "+1 555", "+", "+ ", "a + b", "+ =x"}) {
    EXPECT_FALSE(IsShellTrace(text)) << text;
  }
}

TEST(ProgramFlagsTest, SecretFlagsOfAnyProgramGiveTheirArgument) {
  const std::string text =
      "keytool -storepass one -keypass \"t w o\" -v; app --db-password three --token --host x -k=v -pw";
  std::vector<std::string> asked, found;
  ForEachSecretFlagValue(
      text,
      [&](std::string_view flag) {
        asked.emplace_back(flag);
        return flag == "-storepass" || flag == "-keypass" || flag == "--db-password" || flag == "--token" ? 7 : -1;
      },
      [&](size_t begin, size_t end, int rule) {
        EXPECT_EQ(rule, 7);
        found.push_back(text.substr(begin, end - begin));
      });
  // "--token" is followed by a long flag: no value. "-k=v" is not asked.
  EXPECT_EQ(found, (std::vector<std::string>{"one", "t w o", "three"}));
  // "-v;" is no flag's name.
  EXPECT_EQ(asked, (std::vector<std::string>{"-storepass", "-keypass", "--db-password", "--token", "--host", "-pw"}));
}

}  // namespace
}  // namespace sluice
