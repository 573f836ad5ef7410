#include "daemon/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

#include "daemon/daemon_log.h"
#include "daemon/event_logger.h"
#include "daemon/event_loop.h"
#include "daemon/firewall_service.h"
#include "daemon/host_facts_reader.h"
#include "daemon/network_watcher.h"
#include "kernel/nft_kernel.h"
#include "kernel/program_stamp.h"
#include "store/atomic_file.h"
#include "store/policy_store.h"

namespace hostwall::daemon {
namespace {

// One daemon per state directory: a second one would overwrite the first one's store.
Result<UniqueFd> LockStateDir(const std::string& state_dir) {
  const std::string path = state_dir + "/hostwalld.lock";
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return Fail(SystemError("open " + path, errno));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return Fail(ErrorCode::kConflict, "another hostwalld uses the state directory " + state_dir);
  }
  return fd;
}

Result<UniqueFd> StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  if (::sigprocmask(SIG_BLOCK, &signals, nullptr) != 0) {
    return Fail(SystemError("sigprocmask", errno));
  }
  UniqueFd fd(::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd.valid()) return Fail(SystemError("signalfd", errno));
  return fd;
}

}  // namespace

Result<void> RunDaemon(const DaemonOptions& options) {
  ::signal(SIGPIPE, SIG_IGN);
  auto log = DaemonLog::Open(options.log_dir);
  if (!log) return Fail(log.error());
  HW_TRY(store::MakeDirectories(options.state_dir, 0750));
  auto lock = LockStateDir(options.state_dir);
  if (!lock) return Fail(lock.error());
  store::LoadedPolicy loaded;
  auto store = store::PolicyStore::Open(options.state_dir, loaded);
  if (!store) return Fail(store.error());

  std::unique_ptr<PolicySource> policy_source;
  if (!options.policy_dir.empty()) {
    policy_source = std::make_unique<PolicySource>(options.policy_dir);
    policy_source->Refresh(true);
    for (const std::string& problem : policy_source->problems()) {
      log->Error("Group Policy not applied: " + problem);
    }
  }
  // Before any thread starts, so that every thread inherits the blocked signals and SIGTERM
  // reaches the event loop alone.
  auto signals = StopSignals();
  if (!signals) return Fail(signals.error());
  // Without its logger the daemon still protects: a log is not worth an open door.
  std::unique_ptr<EventLogger> logger;
  if (auto started = EventLogger::Start(ruleset::kLogGroup); started) {
    logger = std::move(*started);
  } else {
    log->Error("pfirewall.log will stay empty: " + started.error().message());
  }
  // Without BPF, program exceptions stay listed and enforce nothing; ports still work.
  std::unique_ptr<kernel::ProgramStamp> program_stamp;
  std::unique_ptr<ProgramTable> programs;
  if (auto loaded_stamp = kernel::ProgramStamp::Load(); loaded_stamp) {
    program_stamp = std::move(*loaded_stamp);
    programs = std::make_unique<ProgramTable>(*program_stamp);
  } else {
    log->Error("program exceptions and Security Alerts are off: " + loaded_stamp.error().message());
  }
  ServiceOptions service_options{.default_log_path = options.log_dir + "/pfirewall.log",
                                 .policy_source = policy_source.get(),
                                 .logger = logger.get(),
                                 .programs = programs.get()};
  if (loaded.problem) {
    log->Error(*loaded.problem);
    service_options.startup_problems.push_back(*loaded.problem);
  }
  auto kernel = kernel::NftKernel::Create();
  if (!kernel) return Fail(kernel.error());
  Enforcer enforcer(**kernel, options.state_dir + "/ruleset.nft");
  FirewallService service(
      std::move(*store), std::move(loaded.policy), std::move(service_options),
      [&] { return ReadHostFacts(options.domain, options.resolv_conf); }, enforcer, *log);
  // Enforce before serving anyone. If the kernel refuses, the table it holds stays: protection
  // is never dropped to start.
  if (auto started = service.Start(); !started) {
    log->Error(started.error().message());
    return Fail(started.error());
  }

  auto loop = EventLoop::Create();
  if (!loop) return Fail(loop.error());
  HW_TRY(loop->Add(signals->get(), EPOLLIN, [&](uint32_t) { loop->Stop(); }));

  const std::optional<gid_t> admin_group = LookUpGroup(options.admin_group.c_str());
  if (!admin_group) {
    log->Warning("group '" + options.admin_group +
                 "' does not exist; only root may change settings");
  }
  auto server = ControlServer::Listen(
      options.socket_path, options.limits, admin_group, *loop,
      [&](std::string_view line, const Peer& peer) { return service.Handle(line, peer); });
  if (!server) return Fail(server.error());
  service.SetPublisher([&](const std::string& line) { (*server)->Publish(line); });
  if (program_stamp) {
    HW_TRY(loop->Add(program_stamp->events_fd(), EPOLLIN, [&](uint32_t) {
      program_stamp->ReadEvents(
          [&](const kernel::ListenEvent& event) { service.OnListenEvent(event); });
    }));
  }
  // resolv.conf changes without a netlink event; a second is XP's network-awareness pace.
  auto next_refresh = std::chrono::steady_clock::now();
  loop->SetTick([&] {
    (*server)->CloseIdleClients();
    service.SaveKnownGood();
    if (logger) {
      for (const std::string& problem : logger->TakeProblems()) log->Error(problem);
    }
    if (std::chrono::steady_clock::now() >= next_refresh) {
      service.RefreshHostFacts();
      service.RefreshPolicy(false);
      next_refresh = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    }
  });
  auto watcher = NetworkWatcher::Start(*loop, [&] { service.RefreshHostFacts(); });
  if (!watcher) return Fail(watcher.error());

  log->Info("hostwalld " HOSTWALL_VERSION " serving " + options.socket_path + ", state in " +
            options.state_dir);
  HW_TRY(loop->Run());
  service.SaveKnownGood();
  log->Info("hostwalld stopping");
  return Ok();
}

}  // namespace hostwall::daemon
