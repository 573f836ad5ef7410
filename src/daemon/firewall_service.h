// FirewallService: hostwalld's state and the meaning of every control-socket request
// (docs/control-protocol.md). It owns the local policy and its store; sockets live elsewhere
// (control_server.h), so the service is tested by calling HandleLine directly.
//
// Every change is all or nothing: it is applied to a copy, enforced in the kernel, made
// durable, and only then does the copy become the daemon's state. A refused ruleset or a failed
// write leaves the kernel and the state as they were.
// Not thread-safe: the daemon's event loop owns it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/control_server.h"
#include "daemon/daemon_log.h"
#include "daemon/enforcer.h"
#include "daemon/event_logger.h"
#include "daemon/peer.h"
#include "daemon/policy_source.h"
#include "daemon/program_table.h"
#include "daemon/security_alerts.h"
#include "model/host_facts.h"
#include "model/policy.h"
#include "netsh/command.h"
#include "policy/effective.h"
#include "protocol/messages.h"
#include "store/policy_store.h"

namespace hostwall::daemon {

struct ServiceOptions {
  std::string default_log_path;  // <log dir>/pfirewall.log
  std::vector<std::string> startup_problems;
  PolicySource* policy_source = nullptr;  // Group Policy files; none without --policy-dir
  EventLogger* logger = nullptr;          // pfirewall.log; none in tests of the service alone
  ProgramTable* programs = nullptr;       // program exceptions; none without BPF
};

class FirewallService {
 public:
  using HostFactsSource = std::function<model::HostFacts()>;

  FirewallService(store::PolicyStore store, model::LocalPolicy policy, ServiceOptions options,
                  HostFactsSource host_facts, Enforcer& enforcer, DaemonLog& log);

  // Reads the host facts and enforces the stored policy. Errors: the kernel refused it.
  Result<void> Start();
  // Re-reads the host facts (the network changed) and enforces again when they differ.
  void RefreshHostFacts();
  // Brings the boot-time copy of the ruleset up to date (daemon/enforcer.h).
  void SaveKnownGood();
  // Reads the Group Policy files again (all of them with `force`, else only when they changed)
  // and enforces the result.
  void RefreshPolicy(bool force);

  // One request line in, one response line out; the reply subscribes the client to events
  // after a successful "alerts_subscribe".
  ControlServer::Reply Handle(std::string_view line, const Peer& peer);
  std::string HandleLine(std::string_view line, const Peer& peer) {
    return Handle(line, peer).line;
  }
  // Where events for subscribers (Security Alerts) go.
  void SetPublisher(std::function<void(const std::string&)> publish) {
    publish_ = std::move(publish);
  }
  // A socket started or stopped listening (kernel/program_stamp.h): follows stamped listeners,
  // and raises the Security Alert for a program with no entry.
  void OnListenEvent(const kernel::ListenEvent& event);

 private:
  Result<nlohmann::json> Dispatch(const protocol::Request& request, const Peer& peer);
  Result<nlohmann::json> Netsh(const nlohmann::json& params, const Peer& peer);
  Result<nlohmann::json> NetshScript(const nlohmann::json& params, const Peer& peer);
  Result<nlohmann::json> Status() const;
  Result<nlohmann::json> Import(const nlohmann::json& params, const Peer& peer);
  Result<nlohmann::json> Explain(const nlohmann::json& params) const;
  nlohmann::json PolicyStatus() const;
  Result<nlohmann::json> PolicyPreview(const nlohmann::json& params) const;
  nlohmann::json PolicyShow() const;
  nlohmann::json SubscribeAlerts(const Peer& peer) const;
  Result<nlohmann::json> Diagnose() const;
  Result<nlohmann::json> AnswerAlert(const nlohmann::json& params, const Peer& peer);
  void RaiseAlert(const kernel::ListenEvent& event);
  void Publish(const nlohmann::json& event) const;
  // The program ids of the programs `policy` lists (either profile, Group Policy included), and
  // the stamped listeners, into `facts`.
  void ResolvePrograms(const model::LocalPolicy& policy, model::HostFacts& facts);

  // Runs one parsed command of a script against `policy`: applies a change, or shows the
  // policy as the script has made it so far. Returns the command's output.
  Result<std::string> Execute(const netsh::NetshCommand& command, const model::HostFacts& facts,
                              model::LocalPolicy& policy) const;
  // The output of a show command over `policy`; with `data`, the report as JSON there instead.
  std::string Show(const netsh::NetshCommand& command, const model::HostFacts& facts,
                   const model::LocalPolicy& policy, nlohmann::json* data) const;
  // Stores `next` (through the journal when `change` is given, whole otherwise) and makes it
  // the daemon's state. On error nothing changed.
  Result<void> Commit(model::LocalPolicy next, const store::ChangeRecord* change,
                      std::string_view what, const Peer& peer);
  // Enforces `policy` under the current host facts, and logs by its logging settings. On error
  // (the kernel refused the ruleset, or with kRefuse the log file cannot be opened) both stay as
  // they were. With kReport a log file that cannot be opened is reported and protection goes on:
  // a change the daemon did not ask for (start, network, Group Policy) must still be enforced.
  // Activate first resolves the programs `policy` lists, whose list may have changed; Apply takes
  // the host facts as they are (already resolved, or only listeners changed).
  enum class LogFailure { kRefuse, kReport };
  Result<void> Activate(const model::LocalPolicy& policy, LogFailure on_log_failure);
  Result<void> Apply(const model::LocalPolicy& policy, LogFailure on_log_failure);
  // The log settings of `effective`: nothing is logged while the firewall is off.
  LogSettings LogSettingsOf(const policy::EffectiveProfile& effective) const;

  store::PolicyStore store_;
  model::LocalPolicy policy_;
  policy::GroupPolicyOverlay overlay_;
  ServiceOptions options_;
  HostFactsSource host_facts_;
  model::HostFacts facts_;
  Enforcer& enforcer_;
  DaemonLog& log_;
  SecurityAlerts alerts_;
  std::function<void(const std::string&)> publish_;
};

}  // namespace hostwall::daemon
