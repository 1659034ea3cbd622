// Actions secrets of the replayed repository and its environments: names and dates only, as
// GitHub shows them (values are write-only and never stored here).

export interface StoredSecret {
  readonly name: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Secrets a replay starts with: repository secret names, and environment → names. */
export interface SecretSeed {
  readonly repository?: readonly string[];
  readonly environments?: Readonly<Record<string, readonly string[]>>;
}

/** A fixed Curve25519 public key (base64), as GET …/secrets/public-key answers. */
export const REPLAY_PUBLIC_KEY = { key_id: '3380204578043523366', key: 'hBT5WZEj8ZoOv6TYJsfWq7MxTEQopZO5/IT3ZCVQPzs=' };

export const REPOSITORY_SCOPE = '';

export class ReplaySecrets {
  /** scope ('' = repository, else the environment name) → secret name → secret. */
  readonly #scopes = new Map<string, Map<string, StoredSecret>>();

  constructor(seed: SecretSeed, at: string) {
    this.#scopes.set(REPOSITORY_SCOPE, new Map());
    for (const name of seed.repository ?? []) this.#put(REPOSITORY_SCOPE, name, at);
    for (const [environment, names] of Object.entries(seed.environments ?? {})) {
      this.#scopes.set(environment, new Map());
      for (const name of names) this.#put(environment, name, at);
    }
  }

  #put(scope: string, name: string, at: string): void {
    const upper = name.toUpperCase();
    this.#scopes.get(scope)?.set(upper, { name: upper, created_at: at, updated_at: at });
  }

  hasScope(scope: string): boolean {
    return this.#scopes.has(scope);
  }

  list(scope: string): StoredSecret[] {
    return [...(this.#scopes.get(scope)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(scope: string, name: string): StoredSecret | undefined {
    return this.#scopes.get(scope)?.get(name.toUpperCase());
  }

  delete(scope: string, name: string): boolean {
    return this.#scopes.get(scope)?.delete(name.toUpperCase()) ?? false;
  }

  /** Names per scope, for a demo or a test to show what is left. */
  names(scope: string = REPOSITORY_SCOPE): string[] {
    return this.list(scope).map((s) => s.name);
  }
}
