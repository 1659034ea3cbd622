import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a,b}from"./chunk-TI7VOPBJ.js";import"./chunk-XFO4NZNG.js";import"./chunk-OXTV66IT.js";import"./chunk-GDKXHWNX.js";export{a as VERSION,b as retry};
