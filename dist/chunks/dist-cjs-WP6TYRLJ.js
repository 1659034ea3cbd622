import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a}from"./chunk-2JTYBUL6.js";import"./chunk-K5BC3Q6M.js";import"./chunk-E227EHW2.js";import"./chunk-GDKXHWNX.js";export default a();
