export { GUARDRAIL_RPC_ARGS, guardrailStoresOn } from '../../src/index.js';
export type { GuardrailRpcName as GuardrailRpcNameForTest } from '../../src/guardrail-store.js';
