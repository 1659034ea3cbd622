import { describe, expect, it } from '@jest/globals';
import { admitCircuit, DEFAULT_CIRCUIT, recordCircuitOutcome, type CircuitSnapshot } from '../../src/index.js';

const cfg = DEFAULT_CIRCUIT;

function fail(times: number, from: CircuitSnapshot | null = null, at = 0): CircuitSnapshot | null {
  let s = from;
  for (let i = 0; i < times; i++) s = recordCircuitOutcome(s, cfg, false, at);
  return s;
}

describe('circuit breaker', () => {
  it('stays closed for 4 consecutive failures and opens on the 5th', () => {
    expect(fail(4)?.state).toBe('closed');
    expect(fail(5)?.state).toBe('open');
  });

  it('a success resets the consecutive failure count', () => {
    const s = recordCircuitOutcome(fail(4), cfg, true, 0);
    expect(fail(4, s)?.state).toBe('closed');
  });

  it('refuses while open and turns half-open after 60 s', () => {
    const open = fail(5, null, 1_000);
    expect(admitCircuit(open, cfg, 30_000)).toMatchObject({ allowed: false, retryAfterMs: 31_000 });
    expect(admitCircuit(open, cfg, 61_000)).toMatchObject({ allowed: true, snapshot: { state: 'half_open' } });
  });

  it('closes after 3 consecutive successes in half-open', () => {
    let s = admitCircuit(fail(5), cfg, 60_000).snapshot;
    s = recordCircuitOutcome(s, cfg, true, 60_000);
    s = recordCircuitOutcome(s, cfg, true, 60_001);
    expect(s.state).toBe('half_open');
    s = recordCircuitOutcome(s, cfg, true, 60_002);
    expect(s).toEqual({ state: 'closed', consecutiveFailures: 0, consecutiveSuccesses: 0, openedAtMs: null });
  });

  it('reopens on a failure while half-open, with a fresh 60 s', () => {
    let s = admitCircuit(fail(5), cfg, 60_000).snapshot;
    s = recordCircuitOutcome(s, cfg, true, 60_000);
    s = recordCircuitOutcome(s, cfg, false, 70_000);
    expect(s).toMatchObject({ state: 'open', openedAtMs: 70_000 });
    expect(admitCircuit(s, cfg, 100_000).allowed).toBe(false);
  });
});
