export { verifyBundle, formatProblem, type VerifyProblem, type VerifyReport } from './verify-bundle.js';
