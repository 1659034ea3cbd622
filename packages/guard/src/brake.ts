import { parseKillVariable, type KillSwitchEntry } from '@opsguard/core';
import type { Store } from '@opsguard/store';

/** Where a kill switch was read from: the store's switches, or the `OPSGUARD_KILL` variable. */
export type BrakeSource = 'store' | 'input' | 'environment' | 'api';

export interface BrakeEntry extends KillSwitchEntry {
  readonly source: BrakeSource;
  /** Who set a store switch, and when (UTC ISO-8601); absent for the variable. */
  readonly updatedBy?: string | null;
  readonly updatedAt?: string;
}

/** How this process sees `OPSGUARD_KILL`: a value it was handed, or a read through the API. */
export interface KillVariableReader {
  readonly source: Exclude<BrakeSource, 'store'>;
  /** The variable's value, null when unset. Throws when it cannot be read (the guard refuses). */
  read(): Promise<string | null>;
}

export interface Brake {
  /** Every active switch, read fresh (never cached); throws when any source is unreadable. */
  read(): Promise<BrakeEntry[]>;
  /** Where `OPSGUARD_KILL` comes from; null when this process cannot see it at all. */
  readonly variable: Exclude<BrakeSource, 'store'> | null;
}

/**
 * The one reading of the brake (issue 16: "one function reads the brake") that the guard, the
 * kill-switch status and every command use: the store's switches, then `OPSGUARD_KILL` from the
 * reader the composition root chose (the action input, the environment, or the API).
 */
export function createBrake(store: Store, variable: KillVariableReader | null): Brake {
  return {
    variable: variable?.source ?? null,
    async read() {
      const fromStore: BrakeEntry[] = (await store.listKillSwitches())
        .filter((s) => s.active)
        .map((s) => ({
          scope: s.scope,
          target: s.target,
          active: true,
          reason: s.reason,
          source: 'store',
          updatedBy: s.updatedBy,
          updatedAt: s.updatedAt,
        }));
      if (!variable) return fromStore;
      let value: string | null;
      try {
        value = await variable.read();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`OPSGUARD_KILL unreadable (from the ${variable.source}): ${reason}`, { cause: error });
      }
      return [...fromStore, ...parseKillVariable(value).map((e) => ({ ...e, source: variable.source }))];
    },
  };
}
