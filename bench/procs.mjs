// The processes below this one and their memory, from /proc: what the bench
// scripts (browser.mjs, outbound.mjs) report of Chromium, workerd and the emulator.
import { readdirSync, readFileSync } from 'node:fs';

// descendants lists the processes below this one, leaving out skip and the
// processes below it.
export function descendants(skip = 0) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = (pid) => {
    for (let p = parent.get(pid); p > 1; p = parent.get(p)) {
      if (p === skip) return false;
      if (p === process.pid) return true;
    }
    return false;
  };
  return [...parent.keys()].filter((pid) => pid !== skip && mine(pid));
}

// rssBytes is a process's resident memory (shared pages counted in full), 0 once it is gone.
export function rssBytes(pid) {
  try { return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096; } catch { return 0; }
}

// pssBytes is a process's proportional memory (shared pages split between
// their users), 0 once it is gone. Reading it walks the page tables, which
// for Chromium's terabytes of mapped address space costs kernel time: read it sparingly.
export function pssBytes(pid) {
  try { return Number(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m)[1]) * 1024; } catch { return 0; }
}

// fdCount is how many file descriptors a process holds, 0 once it is gone.
export function fdCount(pid) {
  try { return readdirSync(`/proc/${pid}/fd`).length; } catch { return 0; }
}

// cmdline is a process's command line, its arguments joined by spaces ('' once gone).
export function cmdline(pid) {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(); } catch { return ''; }
}
