/**
 * Resets a loopback TCP connection (RST instead of FIN), as a crashed
 * gateway or load balancer node, a middlebox dropping its state, or a server
 * closing with unread data does; a client cannot tell that from the reset of
 * an idle connection. Deno does not expose socket descriptors or
 * `SO_LINGER`, so this goes through libc (`Deno.dlopen`): the descriptor is
 * the one of this process's sockets whose `getsockname`/`getpeername` match
 * the connection's addresses. Linux (glibc) only; needs `--allow-ffi` and
 * `--allow-read`.
 *
 * @module
 */

/** A TCP connection's two ends (a `Deno.TcpConn`, or a `Deno.TlsConn` over TCP). */
export interface TcpEnds {
  /** This end. */
  readonly localAddr: Deno.NetAddr;
  /** The peer. */
  readonly remoteAddr: Deno.NetAddr;
}

const SOL_SOCKET = 1;
const SO_LINGER = 13;
const AF_INET = 2;
const SOCK_STREAM = 1;

const LIBC = {
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  getpeername: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  dup2: { parameters: ["i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
} as const;

type Libc = Deno.DynamicLibrary<typeof LIBC>["symbols"];

/**
 * Resets the connection now: sets `SO_LINGER` 0 on its socket, then puts a
 * fresh unconnected socket in place of its descriptor (`dup2`), which drops
 * the last reference to the connected socket, so the kernel sends the RST at
 * once. (A plain `close()` would not do: Deno shuts the write side down
 * first, so the peer reads a FIN before the reset.) Call `conn.close()` right
 * after, to free Deno's resource; it then closes the placeholder socket.
 */
export function resetNow(conn: TcpEnds): void {
  const library = Deno.dlopen("libc.so.6", LIBC);
  try {
    const libc = library.symbols;
    const fd = socketFd(libc, conn);
    const linger = new Uint8Array(new Int32Array([1, 0]).buffer); // { l_onoff: 1, l_linger: 0 }
    if (libc.setsockopt(fd, SOL_SOCKET, SO_LINGER, linger, linger.length) !== 0) {
      throw new Error(`setsockopt(SO_LINGER) failed on fd ${fd}`);
    }
    const placeholder = libc.socket(AF_INET, SOCK_STREAM, 0);
    if (placeholder < 0) throw new Error("socket() failed");
    try {
      if (libc.dup2(placeholder, fd) !== fd) throw new Error(`dup2 failed on fd ${fd}`);
    } finally {
      libc.close(placeholder);
    }
  } finally {
    library.close();
  }
}

/** The descriptor, in this process, of the IPv4 socket with `conn`'s two ports. */
function socketFd(libc: Libc, conn: TcpEnds): number {
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    let link: string;
    try {
      link = Deno.readLinkSync(`/proc/self/fd/${entry.name}`);
    } catch {
      continue; // closed meanwhile
    }
    if (!link.startsWith("socket:")) continue;
    const fd = Number(entry.name);
    if (
      port(libc.getsockname, fd) === conn.localAddr.port &&
      port(libc.getpeername, fd) === conn.remoteAddr.port
    ) {
      return fd;
    }
  }
  throw new Error(`no socket ${conn.localAddr.port} -> ${conn.remoteAddr.port} in this process`);
}

/** The port of an IPv4 `sockaddr_in` that `get` fills for `fd`, or -1. */
function port(get: Libc["getsockname"], fd: number): number {
  const addr = new Uint8Array(16);
  const length = new Uint8Array(new Uint32Array([addr.length]).buffer);
  if (get(fd, addr, length) !== 0 || (addr[0] | (addr[1] << 8)) !== AF_INET) return -1;
  return (addr[2] << 8) | addr[3];
}
