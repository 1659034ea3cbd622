import type { CliCommand } from '../command.js';

/**
 * Every subcommand, loaded lazily so `opsguard classify` never pays for PGlite or Octokit.
 * Add one line per capability.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<CliCommand>>> = {
  killswitch: async () => (await import('./killswitch.js')).killswitchCommand,
  rollback: async () => (await import('./rollback.js')).rollbackCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  sanitize: async () => (await import('./sanitize.js')).sanitizeCommand,
  kpi: async () => (await import('./observe.js')).kpiCommand,
  detect: async () => (await import('./observe.js')).detectCommand,
  classify: async () => (await import('./classify.js')).classifyCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  keys: async () => (await import('./keys.js')).keysCommand,
  export: async () => (await import('./export.js')).exportCommand,
  sign: async () => (await import('./sign.js')).signCommand,
  cleanup: async () => (await import('./cleanup.js')).cleanupCommand,
  migrate: async () => (await import('./migrate.js')).migrateCommand,
  'audit-tickets': async () => (await import('./audit-tickets.js')).auditTicketsCommand,
  evidence: async () => (await import('./evidence.js')).evidenceCommand,
  guardrails: async () => (await import('./guardrails.js')).guardrailsCommand,
  aws: async () => (await import('./aws.js')).awsCommand,
};
