export { main } from './main.js';
export type { CliCommand, CliIo } from './command.js';
