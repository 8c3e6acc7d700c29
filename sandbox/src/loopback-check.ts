import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Local address of a LISTEN socket from /proc/net/tcp{,6}, decoded enough to tell loopback apart. */
function listeningSockets(): Map<string, string> {
  const byInode = new Map<string, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      const [hexAddr, hexPort] = cols[1]!.split(':');
      byInode.set(cols[9]!, `${decodeAddress(hexAddr!)}:${parseInt(hexPort!, 16)}`);
    }
  }
  return byInode;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) {
    const bytes = hex
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .reverse();
    return bytes.join('.');
  }
  if (hex === '00000000000000000000000001000000') return '::1';
  if (hex === '0000000000000000FFFF00000100007F') return '::ffff:127.0.0.1';
  return hex === '00000000000000000000000000000000' ? '::' : `[${hex}]`;
}

function isLoopback(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':'));
  return host.startsWith('127.') || host === '::1' || host === '::ffff:127.0.0.1';
}

/** Throws when any of these processes listens on a non-loopback address (network safety rule). */
export function assertListensOnLoopbackOnly(pids: Record<string, number>): void {
  const sockets = listeningSockets();
  const offenders: string[] = [];
  for (const [name, pid] of Object.entries(pids)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const address = inode ? sockets.get(inode) : undefined;
      if (address && !isLoopback(address)) offenders.push(`${name} (pid ${pid}) listens on ${address}`);
    }
  }
  if (offenders.length > 0) throw new Error(`network safety: ${offenders.join('; ')}`);
}
