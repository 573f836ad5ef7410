#include "ruleset/ruleset.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "core/text.h"

namespace hostwall::ruleset {
namespace {

using model::IcmpDirection;
using model::Protocol;

// The union of the scopes that open one port.
struct MergedScope {
  bool all = false;
  bool subnet = false;
  std::set<IpNetwork> networks;

  void Add(const model::Scope& scope) {
    switch (scope.kind) {
      case model::ScopeKind::kAll:
        all = true;
        return;
      case model::ScopeKind::kSubnet:
        subnet = true;
        return;
      case model::ScopeKind::kCustom:
        subnet = subnet || scope.local_subnet;
        networks.insert(scope.networks.begin(), scope.networks.end());
        return;
    }
  }
  void Merge(const MergedScope& other) {
    all = all || other.all;
    subnet = subnet || other.subnet;
    networks.insert(other.networks.begin(), other.networks.end());
  }
  auto Key() const { return std::make_pair(subnet, networks); }
};

const char* ProtocolWord(Protocol protocol) { return protocol == Protocol::kTcp ? "tcp" : "udp"; }

std::string Quoted(const std::string& interface_name) { return "\"" + interface_name + "\""; }

std::string SetBody(const std::vector<std::string>& elements) {
  return "{ " + Join(elements, ", ") + " }";
}

// One verdict map per protocol: a plain port key loads faster than a concatenation.
std::string PortMap(Protocol protocol) { return std::string(ProtocolWord(protocol)) + "_ports"; }

// The elements of the table's verdict maps, by map name, as "key : verdict" (or "key").
using ElementLists = std::map<std::string, std::vector<std::string>>;

// "add element inet hostwall tcp_ports { ... }" lines (or "delete"), for the non-empty lists.
std::string ElementCommands(const char* verb, const ElementLists& elements) {
  std::string script;
  for (const auto& [map, list] : elements) {
    if (list.empty()) continue;
    script +=
        std::string(verb) + " element inet " + kTableName + " " + map + " " + SetBody(list) + "\n";
  }
  return script;
}

std::string StampText(uint32_t stamp) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%08x", stamp);
  return text;
}

std::vector<std::string> Networks(const std::set<IpNetwork>& networks, IpFamily family) {
  std::vector<std::string> out;
  for (const IpNetwork& n : networks) {
    if (n.family == family) out.push_back(FormatIpNetwork(n));
  }
  return out;
}

// A set of addresses; `elements` may be empty. Blocks need an interval set; a list of single
// addresses loads several times faster as a hash set, so it gets one.
void AddressSet(std::ostringstream& out, const std::string& name, IpFamily family,
                const std::vector<std::string>& elements) {
  const bool blocks =
      elements.empty() || std::any_of(elements.begin(), elements.end(), [](const std::string& e) {
        return e.find('/') != std::string::npos;
      });
  out << "  set " << name << " {\n    type "
      << (family == IpFamily::kV4 ? "ipv4_addr" : "ipv6_addr") << "\n"
      << (blocks ? "    flags interval\n    auto-merge\n" : "");
  if (!elements.empty()) out << "    elements = " << SetBody(elements) << "\n";
  out << "  }\n";
}

// ICMP wire types of the settings in `icmp` that are on (`allowed`) or off, for one direction.
std::vector<std::string> IcmpTypes(const model::IcmpSettings& icmp, IcmpDirection direction,
                                   bool allowed, IpFamily family) {
  std::vector<std::string> types;
  for (const model::IcmpSettingInfo& info : model::IcmpSettingTable()) {
    if (info.direction != direction || icmp.Allows(info.setting) != allowed) continue;
    const auto& type = family == IpFamily::kV4 ? info.v4_type : info.v6_type;
    if (type) types.push_back(std::to_string(*type));
  }
  return types;
}

// "icmp type { 8, 13 } <verdict>" and its ICMPv6 twin, each only when it has types.
void IcmpRules(std::ostringstream& out, const std::string& prefix, const model::IcmpSettings& icmp,
               IcmpDirection direction, bool allowed, const std::string& verdict) {
  for (IpFamily family : {IpFamily::kV4, IpFamily::kV6}) {
    const auto types = IcmpTypes(icmp, direction, allowed, family);
    if (types.empty()) continue;
    out << "    " << prefix << (family == IpFamily::kV4 ? "icmp type " : "icmpv6 type ")
        << SetBody(types) << " " << verdict << "\n";
  }
}

// The settings a connection overrides, and what they are there.
model::IcmpSettings OverriddenOnly(const model::IcmpOverrides& overrides, bool value) {
  model::IcmpSettings settings;
  for (size_t i = 0; i < model::kIcmpSettingCount; ++i) {
    settings.allowed.set(i, overrides.values[i] == value);
  }
  return settings;
}

// Hands the packet to the log; the prefix becomes the path field of its DROP line.
std::string LogStatement(IcmpDirection direction) {
  return std::string("log prefix \"") +
         (direction == IcmpDirection::kInbound ? "RECEIVE" : "SEND") + "\" group " +
         std::to_string(kLogGroup);
}

// The verdict of a refused packet: "drop", logged first when dropped packets are logged.
std::string DropVerdict(bool logged, IcmpDirection direction) {
  return logged ? LogStatement(direction) + " drop" : "drop";
}

// Per-connection ICMP overrides: accepted or dropped before the profile's own rules.
void ConnectionIcmpRules(std::ostringstream& out,
                         const std::vector<model::InterfaceSettings>& conns,
                         IcmpDirection direction, const std::string& drop) {
  const char* match = direction == IcmpDirection::kInbound ? "iifname " : "oifname ";
  for (const model::InterfaceSettings& connection : conns) {
    if (connection.icmp.Empty()) continue;
    const std::string prefix = match + Quoted(connection.name) + " ";
    IcmpRules(out, prefix, OverriddenOnly(connection.icmp, true), direction, true, "accept");
    IcmpRules(out, prefix, OverriddenOnly(connection.icmp, false), direction, true, drop);
  }
}

// The broadcast address of each local IPv4 subnet: replies to them open the response window.
std::vector<std::string> DirectedBroadcasts(const model::HostFacts& facts) {
  std::vector<std::string> out;
  for (const IpNetwork& n : facts.local_subnets) {
    if (n.family != IpFamily::kV4 || n.prefix_length >= 31) continue;
    IpNetwork last = n;
    for (size_t bit = n.prefix_length; bit < 32; ++bit) {
      last.address[bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8));
    }
    last.prefix_length = 32;
    out.push_back(FormatIpNetwork(last));
  }
  return out;
}

// Only the connections that exist and whose names can be written.
std::vector<model::InterfaceSettings> UsableConnections(const policy::EffectiveProfile& effective,
                                                        const model::HostFacts& facts,
                                                        std::vector<std::string>& skipped) {
  std::vector<model::InterfaceSettings> usable;
  for (const model::InterfaceSettings& connection : effective.interfaces) {
    if (std::find(facts.interfaces.begin(), facts.interfaces.end(), connection.name) ==
        facts.interfaces.end()) {
      continue;
    }
    if (!IsSafeInterfaceName(connection.name)) {
      skipped.push_back(connection.name);
      continue;
    }
    usable.push_back(connection);
  }
  return usable;
}

// The elements of one kind of map that differ between `before` and `after`, into `removed` and
// `added` (a changed verdict is both). Unchanged elements cost a lookup, no text.
template <typename Key, typename MapOf, typename TextOf>
void DiffElements(const std::map<Key, std::string>& before, const std::map<Key, std::string>& after,
                  MapOf map_of, TextOf text_of, ElementLists& removed, ElementLists& added) {
  for (const auto& [key, verdict] : before) {
    auto it = after.find(key);
    if (it == after.end() || it->second != verdict) removed[map_of(key)].push_back(text_of(key));
  }
  for (const auto& [key, verdict] : after) {
    auto it = before.find(key);
    if (it == before.end() || it->second != verdict) {
      added[map_of(key)].push_back(text_of(key) + " : " + verdict);
    }
  }
}

// The element changes that turn the verdict maps of `before` into those of `after`.
void DiffAllMaps(const Ruleset& before, const Ruleset& after, ElementLists& removed,
                 ElementLists& added) {
  DiffElements(
      before.ports, after.ports, [](const PortKey& key) { return PortMap(key.first); },
      [](const PortKey& key) { return std::to_string(key.second); }, removed, added);
  DiffElements(
      before.programs, after.programs, [](uint32_t) { return std::string("programs"); }, StampText,
      removed, added);
  DiffElements(
      before.program_ports, after.program_ports,
      [](uint16_t) { return std::string("program_ports"); },
      [](uint16_t port) { return std::to_string(port); }, removed, added);
}

}  // namespace

bool IsSafeInterfaceName(std::string_view name) {
  if (name.empty() || name.size() > 15) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Ruleset Compile(const policy::EffectiveProfile& effective, const model::HostFacts& facts) {
  const model::ProfileSettings& s = effective.settings;
  Ruleset ruleset;
  std::ostringstream out;
  out << "table inet " << kTableName << " {\n";
  if (!s.firewall_enabled) {
    // Firewall off: the table stays, so that turning it on is one more transaction, but it
    // filters nothing.
    out << "  chain input {\n    type filter hook input priority filter; policy accept;\n  }\n"
           "  chain output {\n    type filter hook output priority filter; policy accept;\n  "
           "}\n}\n";
    ruleset.definition = out.str();
    return ruleset;
  }
  const std::vector<model::InterfaceSettings> connections =
      UsableConnections(effective, facts, ruleset.skipped_connections);

  // Port exceptions and services, merged per port.
  std::map<PortKey, MergedScope> opened;
  if (s.exceptions_allowed) {
    for (const model::PortOpening& port : s.ports) {
      if (port.enabled) opened[{port.protocol, port.port}].Add(port.scope);
    }
    for (const model::ServiceInfo& info : model::ServiceTable()) {
      const model::ServiceSetting& service = s.service(info.type);
      if (!service.enabled) continue;
      for (const model::ServicePort& port : info.ports) {
        opened[{port.protocol, port.port}].Add(service.scope);
      }
    }
  }
  // Program exceptions: the scope of each stamped program, and of each TCP port it listens on.
  std::map<uint16_t, MergedScope> programs;
  if (s.exceptions_allowed) {
    for (const model::AllowedProgram& program : s.programs) {
      auto id = facts.program_ids.find(program.path);
      if (program.enabled && id != facts.program_ids.end()) programs[id->second].Add(program.scope);
    }
  }
  std::map<uint16_t, MergedScope> program_ports;
  for (const auto& [port, ids] : facts.program_listeners) {
    for (uint16_t id : ids) {
      if (auto it = programs.find(id); it != programs.end()) program_ports[port].Merge(it->second);
    }
  }

  std::map<std::pair<bool, std::set<IpNetwork>>, int> scope_ids;
  std::vector<const MergedScope*> custom_scopes;
  auto verdict_for = [&](const MergedScope& scope) -> std::string {
    if (scope.all) return "accept";
    if (scope.networks.empty()) return "jump scope_subnet";
    auto [it, inserted] = scope_ids.try_emplace(scope.Key(), static_cast<int>(scope_ids.size()));
    if (inserted) custom_scopes.push_back(&scope);
    return "jump scope_" + std::to_string(it->second);
  };
  for (const auto& [key, scope] : opened) ruleset.ports[key] = verdict_for(scope);
  for (const auto& [id, scope] : programs)
    ruleset.programs[model::StampOf(id)] = verdict_for(scope);
  for (const auto& [port, scope] : program_ports) ruleset.program_ports[port] = verdict_for(scope);

  std::set<IpNetwork> local(facts.local_subnets.begin(), facts.local_subnets.end());
  ruleset.input_drops = true;
  TableObjects& objects = ruleset.objects;
  AddressSet(out, "subnet_v4", IpFamily::kV4, Networks(local, IpFamily::kV4));
  AddressSet(out, "subnet_v6", IpFamily::kV6, Networks(local, IpFamily::kV6));
  objects.sets = {"subnet_v4", "subnet_v6"};
  objects.chains = {"scope_subnet"};
  out << "  chain scope_subnet {\n    ip saddr @subnet_v4 accept\n    ip6 saddr @subnet_v6 "
         "accept\n  }\n";
  for (size_t id = 0; id < custom_scopes.size(); ++id) {
    const MergedScope& scope = *custom_scopes[id];
    const std::string name = "scope_" + std::to_string(id);
    const auto v4 = Networks(scope.networks, IpFamily::kV4);
    const auto v6 = Networks(scope.networks, IpFamily::kV6);
    if (!v4.empty()) {
      AddressSet(out, name + "_v4", IpFamily::kV4, v4);
      objects.sets.push_back(name + "_v4");
    }
    if (!v6.empty()) {
      AddressSet(out, name + "_v6", IpFamily::kV6, v6);
      objects.sets.push_back(name + "_v6");
    }
    objects.chains.push_back(name);
    out << "  chain " << name << " {\n";
    if (!v4.empty()) out << "    ip saddr @" << name << "_v4 accept\n";
    if (!v6.empty()) out << "    ip6 saddr @" << name << "_v6 accept\n";
    if (scope.subnet) out << "    jump scope_subnet\n";
    out << "  }\n";
  }
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    out << "  map " << PortMap(protocol) << " {\n    type inet_service : verdict\n  }\n";
    objects.maps.push_back(PortMap(protocol));
  }
  // Sockets stamped as an allowed program (src/bpf/program_stamp.bpf.c), while programs are
  // listed: a new flow to such a socket takes its program's verdict. A SYN that finds a TIME_WAIT
  // socket instead (a client reusing a 4-tuple) has no mark to read; it takes the verdict of the
  // stamped listeners on its port, unless a full socket that is not stamped holds the port.
  const bool stamped = !facts.program_ids.empty();
  if (stamped) {
    out << "  map programs {\n    type mark : verdict\n  }\n"
           "  map program_ports {\n    type inet_service : verdict\n  }\n"
           "  chain program_time_wait {\n    socket wildcard { 0, 1 } return\n"
           "    tcp dport vmap @program_ports\n  }\n";
    objects.maps.push_back("programs");
    objects.maps.push_back("program_ports");
    objects.chains.push_back("program_time_wait");
  }

  std::vector<std::string> connection_ports;
  for (const model::InterfaceSettings& connection : connections) {
    for (const model::PortOpening& port : connection.ports) {
      if (port.enabled) {
        connection_ports.push_back(Quoted(connection.name) + " . " + ProtocolWord(port.protocol) +
                                   " . " + std::to_string(port.port) + " : accept");
      }
    }
  }
  const bool response_window = s.unicast_responses_to_multicast;
  if (response_window) {
    // Local UDP ports that sent to a multicast or broadcast address in the last 3 seconds.
    objects.sets.push_back("multicast_senders");
    out << "  set multicast_senders {\n    type inet_service\n    flags dynamic,timeout\n"
           "    timeout 3s\n  }\n";
  }

  const bool logged = effective.logging.log_dropped_packets;
  const std::string drop_in = DropVerdict(logged, IcmpDirection::kInbound);
  out << "  chain input {\n    type filter hook input priority filter; policy drop;\n"
         "    ct state established,related accept\n"
         "    ct state invalid "
      << drop_in
      << "\n"
         "    iif \"lo\" accept\n"
         "    icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, "
         "nd-neighbor-advert, mld-listener-query, mld-listener-report, mld2-listener-report } "
         "accept\n"
         "    udp sport 67 udp dport 68 accept\n"
         "    ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept\n";
  if (s.exceptions_allowed) {
    for (const model::InterfaceSettings& connection : connections) {
      if (!policy::ConnectionProtected(s, &connection)) {
        out << "    iifname " << Quoted(connection.name) << " accept\n";
      }
    }
    out << "    tcp dport vmap @tcp_ports\n    udp dport vmap @udp_ports\n";
    if (stamped) {
      out << "    meta l4proto { tcp, udp } socket mark and " << StampText(model::kStampMask)
          << " vmap @programs\n"
             "    tcp flags & (syn | ack) == syn socket transparent 0 jump program_time_wait\n";
    }
    if (!connection_ports.empty()) {
      out << "    iifname . meta l4proto . th dport vmap " << SetBody(connection_ports) << "\n";
    }
  }
  if (response_window) out << "    udp dport @multicast_senders accept\n";
  ConnectionIcmpRules(out, connections, IcmpDirection::kInbound, drop_in);
  IcmpRules(out, "", s.icmp, IcmpDirection::kInbound, true, "accept");
  if (logged) out << "    " << LogStatement(IcmpDirection::kInbound) << "\n";  // then the policy
  out << "  }\n";

  out << "  chain output {\n    type filter hook output priority filter; policy accept;\n";
  if (response_window) {
    std::vector<std::string> group_addresses = {"224.0.0.0/4", "255.255.255.255"};
    for (const std::string& b : DirectedBroadcasts(facts)) group_addresses.push_back(b);
    out << "    ip daddr " << SetBody(group_addresses)
        << " udp sport != 68 update @multicast_senders { udp sport }\n"
           "    ip6 daddr ff00::/8 udp sport != 546 update @multicast_senders { udp sport }\n";
  }
  const std::string drop_out = DropVerdict(logged, IcmpDirection::kOutbound);
  ConnectionIcmpRules(out, connections, IcmpDirection::kOutbound, drop_out);
  IcmpRules(out, "", s.icmp, IcmpDirection::kOutbound, false, drop_out);
  out << "  }\n}\n";
  ruleset.definition = out.str();
  return ruleset;
}

std::string ReplaceScript(const TableObjects& old, const Ruleset& ruleset) {
  const std::string table = std::string(" inet ") + kTableName + " ";
  // The base chains exist from here on (created when absent), with the new policy.
  const std::string input_policy = ruleset.input_drops ? "drop" : "accept";
  std::string script = "table" + table +
                       "{\n  chain input {\n    type filter hook input priority "
                       "filter; policy " +
                       input_policy +
                       ";\n  }\n  chain output {\n    type filter hook output priority filter; "
                       "policy accept;\n  }\n}\n"
                       "flush chain" +
                       table + "input\nflush chain" + table + "output\n";
  // Maps jump to chains, chains jump to chains and look in sets: empty the chains first, then
  // remove maps, chains and sets in that order.
  for (const std::string& name : old.chains) script += "flush chain" + table + name + "\n";
  for (const std::string& name : old.maps) script += "delete map" + table + name + "\n";
  for (const std::string& name : old.chains) script += "delete chain" + table + name + "\n";
  for (const std::string& name : old.sets) script += "delete set" + table + name + "\n";
  // Every element is new to the fresh maps.
  ElementLists removed, added;
  DiffAllMaps(Ruleset{}, ruleset, removed, added);
  return script + ruleset.definition + ElementCommands("add", added);
}

std::string BootScript(const Ruleset& ruleset) {
  const std::string table = std::string(" inet ") + kTableName + "\n";
  return "table" + table + "delete table" + table + ReplaceScript({}, ruleset);
}

std::optional<std::string> IncrementalScript(const Ruleset& old, const Ruleset& next) {
  if (old.definition != next.definition) return std::nullopt;
  ElementLists removed, added;
  DiffAllMaps(old, next, removed, added);
  return ElementCommands("delete", removed) + ElementCommands("add", added);
}

}  // namespace hostwall::ruleset
