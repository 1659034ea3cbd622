export * from './classify-failure.js';
export * from './audit-rules.js';
export * from './fingerprint.js';
export * from './ticket-types.js';
export { clusterFailures, occurrencesAfter, compareMarks, markOf, type FailureCluster } from './cluster-failures.js';
export { buildTicket, newTicketId, ticketStamp, TICKET_ID, type TicketInput } from './build-ticket.js';
