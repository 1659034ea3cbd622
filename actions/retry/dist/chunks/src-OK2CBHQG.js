import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a,b,c,d,e,f}from"./chunk-HTRCOL3D.js";import"./chunk-GDKXHWNX.js";export{a as SlackDeliveryError,d as createIssueChannel,e as createLogChannel,c as createSlackChannel,f as deliver,b as slackBlocks};
