import { generateSample, writeSampleFiles } from './generate/generate-sample.js';
import { shiftSample } from './generate/shift-sample.js';
import { loadSample } from './load-sample.js';
import type { Sample } from './types.js';

/**
 * The sample's repository moved to end at `now`, written to `dir` and loaded: for what runs on
 * the real clock (the actions, the bundle smoke runs), where GitHub refuses re-runs of runs older
 * than 30 days and windows are counted back from now. Moved, not regenerated at the current
 * hour: a regenerated sample's story depends on the hour and weekday it is made at.
 */
export async function movedSample(dir: string, now: Date): Promise<Sample> {
  await writeSampleFiles(dir, shiftSample(generateSample().files, now));
  return loadSample(dir);
}
