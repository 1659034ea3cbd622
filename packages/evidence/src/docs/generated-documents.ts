import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../bundle/atomic-file.js';
import { mergeRecordFile } from '../bundle/record-file.js';
import { sanitizeDocument, type GeneratedDocument, type NumberRef } from './doc-builder.js';

/** Every generated document of a bundle, with its source JSON and the numbers it states. */
export const GENERATED_DOCUMENTS_FILE = '_generated_documents.json';

export interface RegisteredDocument {
  readonly path: string;
  readonly source: string;
  /** SHA-256 of the document as written. */
  readonly sha256: string;
  readonly numbers: readonly NumberRef[];
  readonly generatedAt: string;
}

/**
 * Writes generated documents (sanitised, atomically) and registers them in
 * `_generated_documents.json`, merged by path, so `verify` checks each number against its source.
 * Call it under the bundle lock: a document and its registration then always match. Returns the
 * bundle paths written (the documents and the registry).
 */
export async function writeGeneratedDocuments(
  bundleDir: string,
  documents: readonly GeneratedDocument[],
  sanitize: (text: string) => string,
  now: Date,
): Promise<string[]> {
  if (documents.length === 0) return [];
  const registered: RegisteredDocument[] = [];
  for (const raw of documents) {
    if (raw.path.startsWith('/') || raw.path.split('/').includes('..')) {
      throw new RangeError(`a generated document must stay inside the bundle: ${raw.path}`);
    }
    const doc = sanitizeDocument(raw, sanitize);
    await writeFileAtomic(join(bundleDir, doc.path), doc.text);
    registered.push({
      path: doc.path,
      source: doc.source,
      sha256: createHash('sha256').update(doc.text).digest('hex'),
      numbers: doc.numbers,
      generatedAt: now.toISOString(),
    });
  }
  await mergeRecordFile(join(bundleDir, GENERATED_DOCUMENTS_FILE), registered, (d) => d.path, now);
  return [...registered.map((d) => d.path), GENERATED_DOCUMENTS_FILE];
}
