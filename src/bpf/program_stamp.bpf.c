// SPDX-License-Identifier: GPL-2.0
// Program exceptions in the kernel (docs/program-exceptions.md).
//
// Every task carries the identity of the file it executed (device, inode, generation), taken at
// exec and inherited at fork: unlike /proc/self/exe it cannot be re-pointed afterwards. When a
// task of an allowed program creates a TCP or UDP socket in the daemon's network namespace, the
// socket is stamped with the program's mark; the nftables input chain accepts new flows to
// sockets by their stamp (`socket mark and MASK vmap @programs`). Listening sockets, stamped or
// not, are reported on a ring buffer for the Security Alert.
// vmlinux.h defines the kernel types every other header needs: it comes first.
// clang-format off
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf/program_stamp.h"
// clang-format on

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define TCP_LISTEN 10
#define TCP_CLOSE 7

char LICENSE[] SEC("license") = "GPL";

// Set by the loader: the network namespace whose sockets this instance stamps and reports.
const volatile __u64 netns_cookie = 0;

struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct hw_exe_key);
} task_exe SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, HW_MAX_PROGRAMS);
  __type(key, struct hw_exe_key);
  __type(value, __u32);  // the stamp: HW_STAMP_TAG | id << 16
} allowed SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 20);
} events SEC(".maps");

static __always_inline void FileIdentity(struct file* file, struct hw_exe_key* key) {
  struct inode* inode = file->f_inode;
  if (!inode) return;
  key->ino = inode->i_ino;
  key->dev = inode->i_sb->s_dev;
  key->generation = inode->i_generation;
}

// The identity of the running task: what it executed, else (a task that existed before the
// programs were loaded) its current executable.
static __always_inline int TaskIdentity(struct task_struct* task, struct hw_exe_key* key) {
  struct hw_exe_key* stored = bpf_task_storage_get(&task_exe, task, 0, 0);
  if (stored) {
    *key = *stored;
    return 0;
  }
  struct mm_struct* mm = task->mm;
  if (!mm || !mm->exe_file) return -1;
  FileIdentity(mm->exe_file, key);
  return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(hw_exec, struct task_struct* task, pid_t old_pid, struct linux_binprm* bprm) {
  struct hw_exe_key* key = bpf_task_storage_get(&task_exe, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (key && bprm->file) {
    __builtin_memset(key, 0, sizeof(*key));
    FileIdentity(bprm->file, key);
  }
  return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(hw_fork, struct task_struct* parent, struct task_struct* child) {
  struct hw_exe_key* from = bpf_task_storage_get(&task_exe, parent, 0, 0);
  if (!from) return 0;
  struct hw_exe_key* to = bpf_task_storage_get(&task_exe, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (to) *to = *from;
  return 0;
}

SEC("cgroup/sock_create")
int hw_sock_create(struct bpf_sock* sk) {
  if (sk->family != AF_INET && sk->family != AF_INET6) return 1;
  if (sk->type != SOCK_STREAM && sk->type != SOCK_DGRAM) return 1;
  if (bpf_get_netns_cookie(sk) != netns_cookie) return 1;
  struct hw_exe_key key = {};
  if (TaskIdentity(bpf_get_current_task_btf(), &key)) return 1;
  __u32* stamp = bpf_map_lookup_elem(&allowed, &key);
  if (!stamp) {
    key.generation = HW_ANY_GENERATION;
    stamp = bpf_map_lookup_elem(&allowed, &key);
  }
  if (stamp) sk->mark = (sk->mark & ~HW_STAMP_MASK) | *stamp;
  return 1;  // never refuse a socket
}

static __always_inline void Report(__u8 kind, __u8 protocol, __u16 family, __u16 port, __u32 mark) {
  struct hw_listen_event* event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
  if (!event) return;
  struct task_struct* task = bpf_get_current_task_btf();
  __builtin_memset(event, 0, sizeof(*event));
  event->kind = kind;
  event->protocol = protocol;
  event->family = family;
  event->port = port;
  event->mark = mark;
  event->pid = bpf_get_current_pid_tgid() >> 32;
  event->uid = (__u32)bpf_get_current_uid_gid();
  TaskIdentity(task, &event->exe);
  bpf_ringbuf_submit(event, 0);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(hw_tcp_state, struct sock* sk, int old_state, int new_state) {
  if (sk->sk_protocol != IPPROTO_TCP) return 0;
  const int listening = new_state == TCP_LISTEN;
  if (!listening && !(old_state == TCP_LISTEN && new_state == TCP_CLOSE)) return 0;
  if (sk->__sk_common.skc_net.net->net_cookie != netns_cookie) return 0;
  Report(listening ? HW_EVENT_LISTEN : HW_EVENT_UNLISTEN, IPPROTO_TCP, sk->__sk_common.skc_family,
         sk->__sk_common.skc_num, sk->sk_mark);
  return 0;
}

static __always_inline int UdpBound(struct bpf_sock* sk, __u16 family) {
  if (sk->protocol != IPPROTO_UDP) return 1;
  if (bpf_get_netns_cookie(sk) != netns_cookie) return 1;
  Report(HW_EVENT_LISTEN, IPPROTO_UDP, family, (__u16)sk->src_port, 0);
  return 1;
}

SEC("cgroup/post_bind4")
int hw_post_bind4(struct bpf_sock* sk) { return UdpBound(sk, AF_INET); }

SEC("cgroup/post_bind6")
int hw_post_bind6(struct bpf_sock* sk) { return UdpBound(sk, AF_INET6); }
