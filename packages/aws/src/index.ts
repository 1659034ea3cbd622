/**
 * AWS adapters on SDK v3: the clients OpsGuard's cost protection calls (shutdown, recovery,
 * IAM guardrails). Mutating calls go through the guard at the engine; this package only speaks AWS.
 */
export {};
