// Shared by the BPF program (program_stamp.bpf.c) and its loader (kernel/program_stamp.h).
#ifndef HOSTWALL_BPF_PROGRAM_STAMP_H_
#define HOSTWALL_BPF_PROGRAM_STAMP_H_

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

// A socket's mark carries the stamp in its top 16 bits: a tag nibble and a 12-bit program id;
// the low 16 bits stay the application's (and kube-proxy's 0x4000/0x8000).
#define HW_STAMP_MASK 0xffff0000u
#define HW_STAMP_TAG 0x40000000u
#define HW_MAX_PROGRAMS 4095
// The generation of a file on a file system that does not tell it to user space (tmpfs):
// such an entry matches the inode whatever its generation.
#define HW_ANY_GENERATION 0xffffffffu

// An executable: the kernel's encoding of the device (major << 20 | minor), the inode and its
// generation, so that a recycled inode number is a different file.
struct hw_exe_key {
  __u64 dev;
  __u64 ino;
  __u32 generation;
  __u32 pad;
};

enum { HW_EVENT_LISTEN = 1, HW_EVENT_UNLISTEN = 2 };

struct hw_listen_event {
  struct hw_exe_key exe;
  __u32 pid;
  __u32 uid;
  __u32 mark;  // TCP only: the socket's mark (its stamp when allowed)
  __u16 family;
  __u16 port;
  __u8 kind;
  __u8 protocol;
  __u8 pad[6];
};

#endif  // HOSTWALL_BPF_PROGRAM_STAMP_H_
