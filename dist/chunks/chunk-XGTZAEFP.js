import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{b as l}from"./chunk-RDMTCXJ6.js";var p="ci-run";function c(e,s,n,t,d){let a=[`github:${e.repo}:${e.workflow}`,...e.services],i=[];for(let r of a){let o=l(s,{service:r,action:p});if(o.killed){i.push({kind:"kill-switch",message:`the ${o.scope} kill switch${o.scope==="global"?"":` for ${o.target}`} is on: ${o.reason}`});break}}if(e.attempt>n.maxAttempts&&i.push({kind:"retry-limit",message:`attempt ${e.attempt} is over the retry limit of ${n.maxAttempts} attempts for ${e.workflow}`}),t&&t.state!=="closed"){let r=t.openedAtMs===null?null:t.openedAtMs+t.openMs;t.state==="open"&&(r===null||d<r)&&i.push({kind:"circuit-open",message:`the circuit of ${e.workflow} is open${r===null?"":` until ${new Date(r).toISOString()}`} (too many consecutive failures)`})}return{allowed:i.length===0,violations:i,services:a}}export{c as a};
