import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import"./chunk-GDKXHWNX.js";var e=()=>{throw new Error("the embedded PGlite store is not part of the action bundle: give the action supabase-url + supabase-key or database-url, or run it store-less")},t={create:e};export{t as PGlite};
