import type { ApiKeyRecord, ApiKeyRole, ApiKeyStore } from '@opsguard/store';
import type { FastifyRequest } from 'fastify';
import { checkApiKey } from './api-key.js';
import { ProblemError } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` for routes that need a key. */
    apiKey: ApiKeyRecord | null;
  }
}

const ROLE_RANK: Readonly<Record<ApiKeyRole, number>> = { reader: 0, writer: 1 };

function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="opsguard"' };

/** An onRequest hook: the key (Bearer or X-API-Key) must exist, be unrevoked and have the role. */
export function authenticate(keys: ApiKeyStore, role: ApiKeyRole) {
  return async (request: FastifyRequest): Promise<void> => {
    const presented = presentedKey(request);
    if (presented === null) {
      throw new ProblemError('unauthorized', 'send an API key: Authorization: Bearer og_… (or X-API-Key)', {
        headers: CHALLENGE,
      });
    }
    const check = await checkApiKey(keys, presented);
    if (!check.ok) {
      const why = check.reason === 'revoked' ? 'the API key was revoked' : 'the API key is not valid';
      throw new ProblemError('unauthorized', why, { headers: CHALLENGE });
    }
    if (ROLE_RANK[check.key.role] < ROLE_RANK[role]) {
      throw new ProblemError('forbidden', `this needs a ${role} key; "${check.key.name}" is a ${check.key.role} key`);
    }
    request.apiKey = check.key;
  };
}
