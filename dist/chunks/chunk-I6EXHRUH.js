import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{a as r}from"./chunk-R6ZCEJG3.js";var s="Asia/Tokyo";function m(t){try{return new Intl.DateTimeFormat("en-US",{timeZone:t}),t}catch{throw new r(`unknown time zone "${t}" (use an IANA name such as Asia/Tokyo or UTC)`)}}function c(t,o=s){let e=new Intl.DateTimeFormat("en-CA",{timeZone:m(o),year:"numeric",month:"2-digit",day:"2-digit"}).formatToParts(t),n=i=>e.find(a=>a.type===i)?.value??"";return`${n("year")}-${n("month")}-${n("day")}`}export{m as a,c as b};
