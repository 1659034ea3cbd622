export {
  createBudget,
  DeadlineExceededError,
  isDeadlineExceededError,
  DEFAULT_RESERVE_MS,
  type Budget,
} from './budget.js';
export { boundedFetch, DEFAULT_REQUEST_TIMEOUTS, type RequestTimeouts } from './bounded-fetch.js';
export { guardClassifier } from './classify-failure.js';
