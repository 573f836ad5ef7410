#include "kernel/program_stamp.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <mntent.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bpf/program_stamp.h"
#include "bpf/program_stamp.skel.h"
#include "core/unique_fd.h"
#include "kernel/process_sockets.h"

namespace hostwall::kernel {
namespace {

static_assert(HW_STAMP_MASK == model::kStampMask && HW_STAMP_TAG == model::kStampTag,
              "the BPF program and the ruleset agree on the stamp");

hw_exe_key Key(const model::ExecutableId& id) {
  hw_exe_key key{};
  key.dev = id.device;
  key.ino = id.inode;
  key.generation = id.generation;
  return key;
}

model::ExecutableId FromKey(const hw_exe_key& key) {
  return {.device = key.dev, .inode = key.ino, .generation = key.generation};
}

// Where the cgroup2 hierarchy is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hosts
// with the hybrid layout; empty when it is not mounted here.
Result<std::string> Cgroup2Mount() {
  FILE* mounts = setmntent("/proc/self/mounts", "r");
  if (mounts == nullptr) return Fail(SystemError("reading /proc/self/mounts", errno));
  std::string root;
  while (mntent* entry = getmntent(mounts)) {
    if (std::strcmp(entry->mnt_type, "cgroup2") == 0) {
      root = entry->mnt_dir;
      break;
    }
  }
  endmntent(mounts);
  return root;
}

// The root of the cgroup2 hierarchy, opened. Where it is not mounted (`ip netns exec` gives a
// process a /sys of its own) it is mounted on a private directory just long enough to open it.
Result<UniqueFd> OpenCgroup2Root() {
  auto mounted = Cgroup2Mount();
  if (!mounted) return Fail(mounted.error());
  if (!mounted->empty()) {
    UniqueFd fd(::open(mounted->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return Fail(SystemError("open " + *mounted, errno));
    return fd;
  }
  char dir[] = "/tmp/hostwalld-cgroup2-XXXXXX";
  if (::mkdtemp(dir) == nullptr) return Fail(SystemError("mkdtemp", errno));
  if (::mount("cgroup2", dir, "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
    const int error = errno;
    ::rmdir(dir);
    return Fail(SystemError("mounting the cgroup2 hierarchy", error));
  }
  UniqueFd fd(::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const int error = errno;
  ::umount2(dir, MNT_DETACH);
  ::rmdir(dir);
  if (!fd.valid()) return Fail(SystemError("open the cgroup2 root", error));
  return fd;
}

}  // namespace

Result<uint64_t> CurrentNetnsCookie() {
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Fail(SystemError("socket", errno));
  return NetnsCookieOf(fd.get());
}

struct ProgramStamp::Impl {
  program_stamp_bpf* skeleton = nullptr;
  std::vector<bpf_link*> links;
  ring_buffer* ring = nullptr;
  const std::function<void(const ListenEvent&)>* on_event = nullptr;

  ~Impl() {
    if (ring != nullptr) ring_buffer__free(ring);
    for (bpf_link* link : links) bpf_link__destroy(link);
    if (skeleton != nullptr) program_stamp_bpf__destroy(skeleton);
  }
};

Result<std::unique_ptr<ProgramStamp>> ProgramStamp::Load() {
  auto cookie = CurrentNetnsCookie();
  if (!cookie) return Fail(cookie.error());
  auto cgroup = OpenCgroup2Root();
  if (!cgroup) return Fail(cgroup.error());
  auto impl = std::make_unique<Impl>();
  impl->skeleton = program_stamp_bpf__open();
  if (impl->skeleton == nullptr) return Fail(SystemError("opening the BPF programs", errno));
  impl->skeleton->rodata->netns_cookie = *cookie;
  if (const int err = program_stamp_bpf__load(impl->skeleton); err != 0) {
    return Fail(SystemError("loading the BPF programs", -err));
  }
  auto attach = [&](bpf_program* program, bool to_cgroup) -> Result<void> {
    bpf_link* link = to_cgroup ? bpf_program__attach_cgroup(program, cgroup->get())
                               : bpf_program__attach(program);
    if (link == nullptr) {
      return Fail(SystemError(std::string("attaching ") + bpf_program__name(program), errno));
    }
    impl->links.push_back(link);
    return Ok();
  };
  auto& programs = impl->skeleton->progs;
  // The identity hooks first, so that no task execs unseen once sockets are stamped.
  HW_TRY(attach(programs.hw_exec, false));
  HW_TRY(attach(programs.hw_fork, false));
  HW_TRY(attach(programs.hw_sock_create, true));
  HW_TRY(attach(programs.hw_tcp_state, false));
  HW_TRY(attach(programs.hw_post_bind4, true));
  HW_TRY(attach(programs.hw_post_bind6, true));
  Impl* raw = impl.get();
  impl->ring = ring_buffer__new(
      bpf_map__fd(impl->skeleton->maps.events),
      [](void* context, void* data, size_t size) -> int {
        auto* self = static_cast<Impl*>(context);
        if (size < sizeof(hw_listen_event) || self->on_event == nullptr) return 0;
        hw_listen_event event;
        std::memcpy(&event, data, sizeof(event));
        (*self->on_event)({.listening = event.kind == HW_EVENT_LISTEN,
                           .protocol = event.protocol,
                           .ipv6 = event.family == AF_INET6,
                           .port = event.port,
                           .pid = event.pid,
                           .uid = event.uid,
                           .mark = event.mark,
                           .executable = FromKey(event.exe)});
        return 0;
      },
      raw, nullptr);
  if (impl->ring == nullptr) return Fail(SystemError("opening the BPF ring buffer", errno));
  return std::unique_ptr<ProgramStamp>(new ProgramStamp(std::move(impl), *cookie));
}

ProgramStamp::ProgramStamp(std::unique_ptr<Impl> impl, uint64_t netns_cookie)
    : impl_(std::move(impl)), netns_cookie_(netns_cookie) {}

ProgramStamp::~ProgramStamp() = default;

Result<void> ProgramStamp::Allow(const model::ExecutableId& executable, uint32_t stamp) {
  const hw_exe_key key = Key(executable);
  if (bpf_map__update_elem(impl_->skeleton->maps.allowed, &key, sizeof(key), &stamp, sizeof(stamp),
                           BPF_ANY) != 0) {
    return Fail(SystemError("allowing a program in the BPF map", errno));
  }
  return Ok();
}

Result<void> ProgramStamp::Forget(const model::ExecutableId& executable) {
  const hw_exe_key key = Key(executable);
  if (bpf_map__delete_elem(impl_->skeleton->maps.allowed, &key, sizeof(key), 0) != 0 &&
      errno != ENOENT) {
    return Fail(SystemError("removing a program from the BPF map", errno));
  }
  return Ok();
}

std::optional<model::ExecutableId> ProgramStamp::ExecutedBy(int pidfd) const {
  hw_exe_key key{};
  if (bpf_map__lookup_elem(impl_->skeleton->maps.task_exe, &pidfd, sizeof(pidfd), &key, sizeof(key),
                           0) != 0) {
    return std::nullopt;
  }
  return FromKey(key);
}

int ProgramStamp::events_fd() const { return ring_buffer__epoll_fd(impl_->ring); }

void ProgramStamp::ReadEvents(const std::function<void(const ListenEvent&)>& on_event) {
  impl_->on_event = &on_event;
  ring_buffer__consume(impl_->ring);
  impl_->on_event = nullptr;
}

}  // namespace hostwall::kernel
