export {
  requiredInput,
  optionalInput,
  secretInput,
  booleanInput,
  integerInput,
  choiceInput,
  listInput,
} from './inputs.js';
export { setOutputs, appendSummary, actionLogger, type ActionLogger, type OutputValue } from './outputs.js';
export { fail, runAction } from './fail.js';
export { storeInputs, hasDurableStore } from './store-inputs.js';
export { runnerEnv, RUNNER_VARIABLES } from './runner-env.js';
export { runContext, payloadValue, type RunContext } from './context.js';
export { readLoopInputs, splitRepository, timeBudgetInput, type LoopInputs } from './loop-inputs.js';
export { uploadArtifact, type UploadedArtifact } from './artifact.js';
export { checkWritableDir } from './output-dir.js';
export { awsConnectionInputs, type AwsConnectionInputs } from './aws-connection-inputs.js';
