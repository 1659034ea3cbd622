// The same recorded repository, moved in time: tests that run the actions against the real clock
// need a sample that ends "now", yet its story (a quiet night, a busy afternoon, the incident, the
// forced failures) must not depend on the hour or weekday the tests happen to run at. Moving every
// timestamp by one whole-second offset keeps the story and its order exactly.
import type { SampleManifest } from '../types.js';
import type { SampleFiles } from './generate-sample.js';
import { SECOND } from './time.js';

// REST timestamps (`…T10:30:00Z`) and log stamps (`…T10:29:13.4821937Z`).
const TIMESTAMP = /\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z\b/g;

/** The files with every timestamp moved so that the sample ends at `now` (floored to the second). */
export function shiftSample(files: SampleFiles, now: Date): SampleFiles {
  const manifestText = files.get('sample.json');
  if (manifestText === undefined) throw new Error('the sample has no sample.json manifest');
  const manifest = JSON.parse(manifestText) as Pick<SampleManifest, 'now'>;
  const from = Date.parse(manifest.now);
  if (Number.isNaN(from)) throw new Error(`sample.json has no valid "now": ${String(manifest.now)}`);
  const offset = Math.floor(now.getTime() / SECOND) * SECOND - from;
  if (offset === 0) return files;
  const shifted = new Map<string, string>();
  for (const [name, text] of files) {
    shifted.set(
      name,
      text.replace(TIMESTAMP, (_match, seconds: string, fraction: string | undefined) => {
        const moved = new Date(Date.parse(`${seconds}Z`) + offset).toISOString().slice(0, 19);
        return `${moved}${fraction ?? ''}Z`;
      }),
    );
  }
  return shifted;
}
