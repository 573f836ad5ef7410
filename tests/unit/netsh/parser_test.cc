#include "netsh/parser.h"

#include <gtest/gtest.h>

#include "core/text.h"
#include "netsh/grammar.h"

namespace hostwall::netsh {
namespace {

Result<NetshCommand> Parse(std::string_view line) {
  auto tokens = LexLine(line);
  if (!tokens) return Fail(tokens.error());
  return ParseCommand(*tokens);
}

NetshCommand MustParse(std::string_view line) {
  auto command = Parse(line);
  EXPECT_TRUE(command) << line << "\n" << (command ? "" : command.error().message());
  return command ? *command : NetshCommand{};
}

// The same command in positional, named and mixed forms parses to the same arguments.
TEST(ParserTest, AddAllowedProgramInEveryForm) {
  for (
      const char* line :
      {R"(add allowedprogram C:\MyApp\MyApp.exe MyApp ENABLE CUSTOM 157.60.0.1,LocalSubnet DOMAIN)",
       R"(add allowedprogram program = C:\MyApp\MyApp.exe name = MyApp mode = ENABLE scope = CUSTOM addresses = 157.60.0.1,LocalSubnet profile = DOMAIN)",
       R"(ADD ALLOWEDPROGRAM program=C:\MyApp\MyApp.exe MyApp scope=custom 157.60.0.1,LocalSubnet mode=enable profile=domain)",
       R"(a allowedp C:\MyApp\MyApp.exe name=MyApp e c addr=157.60.0.1,LocalSubnet prof=dom)"}) {
    const NetshCommand command = MustParse(line);
    EXPECT_EQ(command.verb, Verb::kAdd) << line;
    EXPECT_EQ(command.object, Object::kAllowedProgram) << line;
    EXPECT_EQ(command.args.program, "C:\\MyApp\\MyApp.exe") << line;
    EXPECT_EQ(command.args.name, "MyApp") << line;
    EXPECT_EQ(command.args.mode, true) << line;
    EXPECT_EQ(command.args.scope, model::ScopeKind::kCustom) << line;
    ASSERT_TRUE(command.args.addresses) << line;
    EXPECT_EQ(model::FormatScopeText(*command.args.addresses), "157.60.0.1,LocalSubNet");
    EXPECT_EQ(command.args.profile, ProfileChoice::kDomain) << line;
  }
}

TEST(ParserTest, AddPortOpeningAsTheXpTranscriptWritesIt) {
  const NetshCommand command =
      MustParse(R"(add portopening TCP 445 "Service Firewall" ENABLE ALL)");
  EXPECT_EQ(command.args.protocol, ProtocolChoice::kTcp);
  EXPECT_EQ(command.args.port, 445);
  EXPECT_EQ(command.args.name, "Service Firewall");
  EXPECT_EQ(command.args.mode, true);
  EXPECT_EQ(command.args.scope, model::ScopeKind::kAll);
  EXPECT_FALSE(command.args.profile);
}

TEST(ParserTest, NamedFormFromSqlServerDocs) {
  const NetshCommand command = MustParse(
      R"x(add portopening protocol=TCP port=135 name="RPC (TCP/135)" mode=ENABLE scope=SUBNET)x");
  EXPECT_EQ(command.args.port, 135);
  EXPECT_EQ(command.args.name, "RPC (TCP/135)");
  EXPECT_EQ(command.args.scope, model::ScopeKind::kSubnet);
}

TEST(ParserTest, EveryCommandOfTheInventoryParses) {
  const char* lines[] = {
      "add allowedprogram /usr/bin/app App",
      "set allowedprogram /usr/bin/app mode=DISABLE",
      "delete allowedprogram /usr/bin/app",
      "add portopening UDP 53 DNS",
      "set portopening protocol=TCP port=3389 mode=disable interface=lan0",
      "delete portopening ALL 53 profile=ALL",
      "set icmpsetting 8",
      "set icmpsetting type=ALL mode=disable profile=standard",
      "set icmpsetting type = 8 mode = enable interface = \"lan0\"",
      "set multicastbroadcastresponse DISABLE",
      "set notifications mode=enable profile=all",
      "set logging /var/log/fw.log 1024 ENABLE DISABLE",
      "set logging droppedpackets=enable",
      "set opmode disable",
      "set opmode mode=ENABLE exceptions=DISABLE profile=DOMAIN",
      "set opmode enable interface=lan0",
      "set service remoteadmin enable",
      "set service type=fileandprint mode=enable profile=all",
      "set service REMOTEDESKTOP ENABLE CUSTOM 10.0.0.0/8",
      "reset",
      "show allowedprogram",
      "show config verbose=enable",
      "show currentprofile",
      "show icmpsetting profile=domain",
      "show icmpsetting interface=lan0",
      "show logging",
      "show multicastbroadcastresponse",
      "show notifications standard",
      "show opmode",
      "show portopening verbose=ENABLE",
      "show service",
      "show state verbose=enable",
  };
  for (const char* line : lines) MustParse(line);
}

// A value every parameter accepts, chosen so that the full parameter list is valid together.
std::string SampleValue(Param param) {
  switch (param) {
    case Param::kProgram:
      return "/usr/bin/app";
    case Param::kName:
      return "\"My App\"";
    case Param::kMode:
    case Param::kExceptions:
    case Param::kConnections:
    case Param::kVerbose:
      return "DISABLE";
    case Param::kDroppedPackets:
      return "ENABLE";
    case Param::kScope:
      return "CUSTOM";
    case Param::kAddresses:
      return "10.0.0.0/8,LocalSubnet";
    case Param::kProfile:
      return "DOMAIN";
    case Param::kProtocol:
      return "UDP";
    case Param::kPort:
      return "1434";
    case Param::kInterface:
      return "lan0";
    case Param::kIcmpType:
      return "13";
    case Param::kServiceType:
      return "UPNP";
    case Param::kFileLocation:
      return "/var/log/fw.log";
    case Param::kMaxFileSize:
      return "1024";
  }
  return "";
}

// Every command, with every parameter it takes, in the positional and in the named form (the
// named one in reverse order), parses to the same arguments. `interface` is left out of the
// full list because it excludes `profile` and `scope`, and is tried by name on its own; the
// parameters after it are named in the positional form too.
TEST(ParserTest, EveryCommandTakesEveryParameterInBothForms) {
  for (const CommandSpec& spec : CommandSpecs()) {
    std::string positional = CommandName(spec);
    std::vector<std::string> named;
    bool has_interface = false;
    for (const ParamSpec& p : spec.params) {
      if (p.param == Param::kInterface) {
        has_interface = true;
        continue;
      }
      const std::string tagged = std::string(ParamTag(p.param)) + "=" + SampleValue(p.param);
      // Past the skipped interface, position no longer names the parameter.
      positional += " " + (has_interface ? tagged : SampleValue(p.param));
      named.insert(named.begin(), tagged);
    }
    const NetshCommand by_position = MustParse(positional);
    const NetshCommand by_name = MustParse(CommandName(spec) + " " + Join(named, " "));
    EXPECT_EQ(by_position.verb, spec.verb) << positional;
    EXPECT_EQ(by_position.object, spec.object) << positional;
    EXPECT_TRUE(by_position.args == by_name.args) << positional;
    if (!has_interface) continue;
    std::string with_interface = CommandName(spec);
    for (const ParamSpec& p : spec.params) {
      if (p.required || p.param == Param::kInterface || p.param == Param::kMode) {
        with_interface += " " + std::string(ParamTag(p.param)) + "=" + SampleValue(p.param);
      }
    }
    EXPECT_EQ(MustParse(with_interface).args.interface_name, "lan0") << with_interface;
  }
}

TEST(ParserTest, AbbreviationsMatchUniquePrefixes) {
  EXPECT_EQ(MustParse("show conf").object, Object::kConfig);
  EXPECT_EQ(MustParse("del portopening tcp 80").verb, Verb::kDelete);
  EXPECT_EQ(MustParse("sh state").object, Object::kState);
  EXPECT_EQ(MustParse("set opm dis").args.mode, false);
  EXPECT_EQ(MustParse("show currentp").object, Object::kCurrentProfile);
}

TEST(ParserTest, ValuesAreCaseInsensitive) {
  const NetshCommand command = MustParse("Set Service Type=FileAndPrint Mode=Enable Profile=All");
  EXPECT_EQ(*command.args.service_type, model::ServiceType::kFileAndPrint);
  EXPECT_EQ(command.args.profile, ProfileChoice::kAll);
}

TEST(ParserTest, IcmpTypeTenIsTheRouterRequest) {
  EXPECT_EQ(**MustParse("set icmpsetting 10").args.icmp_type,
            model::IcmpSetting::kInboundRouterRequest);
  EXPECT_EQ(**MustParse("set icmpsetting 9").args.icmp_type,
            model::IcmpSetting::kInboundRouterRequest);
  EXPECT_FALSE(*MustParse("set icmpsetting all").args.icmp_type);
}

struct ErrorCase {
  const char* line;
  ErrorCode code;
  const char* message_part;
};

class ParserErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ParserErrorTest, RefusesWithAClearMessage) {
  const ErrorCase& c = GetParam();
  auto command = Parse(c.line);
  ASSERT_FALSE(command) << c.line;
  EXPECT_EQ(command.error().code(), c.code) << c.line;
  EXPECT_NE(command.error().message().find(c.message_part), std::string::npos)
      << c.line << "\n"
      << command.error().message();
}

INSTANTIATE_TEST_SUITE_P(
    All, ParserErrorTest,
    testing::Values(
        ErrorCase{"add portopening TCP 80", ErrorCode::kInvalidArgument, "'name' is required."},
        ErrorCase{"add portopening TCP 80 web profile=BOGUS", ErrorCode::kInvalidArgument,
                  "Invalid value 'BOGUS' for 'profile'"},
        ErrorCase{"add portopening ICMP 80 web", ErrorCode::kInvalidArgument,
                  "Invalid value 'ICMP' for 'protocol'"},
        ErrorCase{"add portopening TCP 0 web", ErrorCode::kInvalidArgument,
                  "'port' must be a number from 1 to 65535, not '0'."},
        ErrorCase{"add portopening TCP 65536 web", ErrorCode::kInvalidArgument, "not '65536'"},
        ErrorCase{"add portopening TCP http web", ErrorCode::kInvalidArgument, "not 'http'"},
        ErrorCase{"add portopening TCP 80 web addresses=10.0.0.1", ErrorCode::kInvalidArgument,
                  "'scope' must be 'CUSTOM' to specify 'addresses'."},
        ErrorCase{"add portopening TCP 80 web ENABLE CUSTOM", ErrorCode::kInvalidArgument,
                  "'addresses' must be specified when 'scope' is 'CUSTOM'."},
        ErrorCase{"add portopening TCP 80 web ENABLE CUSTOM 10.0.0.999",
                  ErrorCode::kInvalidArgument, "'10.0.0.999' is not a valid address"},
        ErrorCase{"add portopening TCP 80 web profile=DOMAIN interface=lan0",
                  ErrorCode::kInvalidArgument,
                  "'profile' and 'interface' may not be specified together."},
        ErrorCase{"add portopening TCP 80 web scope=SUBNET interface=lan0",
                  ErrorCode::kInvalidArgument,
                  "'scope' and 'interface' may not be specified together."},
        ErrorCase{"set opmode enable exceptions=disable interface=lan0",
                  ErrorCode::kInvalidArgument, "'exceptions' and 'interface'"},
        ErrorCase{"set logging", ErrorCode::kInvalidArgument, "At least one parameter"},
        ErrorCase{"set logging maxfilesize=32768", ErrorCode::kInvalidArgument, "from 1 to 32767"},
        ErrorCase{"set logging filelocation=%windir%\\pfirewall.log", ErrorCode::kInvalidArgument,
                  "absolute Linux path"},
        ErrorCase{"set icmpsetting 6", ErrorCode::kInvalidArgument, "Invalid value '6' for 'type'"},
        ErrorCase{"set service FTP", ErrorCode::kInvalidArgument, "Invalid value 'FTP' for 'type'"},
        ErrorCase{"add portopening TCP 80 web bogus=1", ErrorCode::kInvalidArgument,
                  "'bogus' is not a parameter of 'add portopening'."},
        ErrorCase{"add portopening TCP 80 web port=81", ErrorCode::kInvalidArgument,
                  "'port' is given twice."},
        ErrorCase{"set opmode enable enable domain lan0 extra", ErrorCode::kInvalidArgument,
                  "Too many arguments: 'extra'"},
        ErrorCase{"add portopening TCP 80 name=", ErrorCode::kInvalidArgument,
                  "'name' has no value after '='."},
        ErrorCase{"add portopening = TCP", ErrorCode::kInvalidArgument,
                  "'=' must follow a parameter name."},
        ErrorCase{"add portopening TCP 80 web p=x", ErrorCode::kInvalidArgument,
                  "'p' is an ambiguous parameter"},
        ErrorCase{"set service remote", ErrorCode::kInvalidArgument,
                  "'remote' is ambiguous for 'type'"},
        ErrorCase{"add portopening TCP 80 \"\"", ErrorCode::kInvalidArgument,
                  "'name' must not be empty."},
        ErrorCase{"add foo", ErrorCode::kNotFound,
                  "The following command was not found: firewall add foo."},
        ErrorCase{"frobnicate", ErrorCode::kNotFound,
                  "The following command was not found: firewall frobnicate."},
        ErrorCase{"s state", ErrorCode::kNotFound, "firewall s."},
        ErrorCase{"add state", ErrorCode::kNotFound, "firewall add state."}));

TEST(ParserTest, SyntaxErrorsCarryTheNetshSentenceAndUsage) {
  auto command = Parse("add portopening TCP 80");
  ASSERT_FALSE(command);
  EXPECT_NE(command.error().message().find(
                "The syntax supplied for this command is not valid. Check help for the correct "
                "syntax."),
            std::string::npos);
  EXPECT_NE(command.error().message().find("Usage: add portopening"), std::string::npos);
}

TEST(ParserTest, HelpRequests) {
  EXPECT_TRUE(HelpRequest({}));
  auto help = HelpRequest(*LexLine("?"));
  ASSERT_TRUE(help);
  EXPECT_NE(help->find("add portopening"), std::string::npos);
  auto verb = HelpRequest(*LexLine("set"));
  ASSERT_TRUE(verb);
  EXPECT_NE(verb->find("set opmode"), std::string::npos);
  EXPECT_EQ(verb->find("show state"), std::string::npos);
  auto usage = HelpRequest(*LexLine("add portopening ?"));
  ASSERT_TRUE(usage);
  EXPECT_NE(usage->find("Usage: add portopening"), std::string::npos);
  EXPECT_FALSE(HelpRequest(*LexLine("show state")));
}

}  // namespace
}  // namespace hostwall::netsh
