// CPU time of the PostgreSQL server's processes (postmaster and backends), from /proc: the bench
// prints where a request's time goes, Node's share and Postgres's, not just the wall clock.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: string): { ppid: string; cpuMs: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses: state ppid … utime stime.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: fields[1] ?? '', cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

function postmasterOf(port: string): string | null {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('postgres') && argv.includes(port) && argv.includes('-p')) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** A function that answers the CPU milliseconds the server at `url` has used so far (null: unknown). */
export function postgresCpuClock(url: string): () => number | null {
  const port = new URL(url).port;
  const postmaster = port ? postmasterOf(port) : null;
  if (postmaster === null) return () => null;
  return () => {
    let total = 0;
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      const s = pid === postmaster ? stat(pid) : null;
      if (s) total += s.cpuMs;
      else {
        const child = stat(pid);
        if (child?.ppid === postmaster) total += child.cpuMs;
      }
    }
    return total;
  };
}
