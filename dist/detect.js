import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{d as n,h as i,i as r,j as p,k as s,t as m}from"./chunks/chunk-JW4F4ZQS.js";import"./chunks/chunk-I6EXHRUH.js";import"./chunks/chunk-R6ZCEJG3.js";import"./chunks/chunk-GDKXHWNX.js";function l(){return{...m({days:8,outDir:"docs"}),apply:n("apply",!0)}}async function u(){await s(async()=>{let e=l(),{auditRepository:c,auditSetupOf:d,loopProblems:y,describeProblem:f}=await import("./chunks/src-BHELGN2Z.js"),{anomalyJobSummary:b,guaranteesSummary:g,problemsSummary:S}=await import("./chunks/src-FL24FW7F.js"),t=await c({...d(e,o=>p.info(o)),kind:"detect",apply:e.apply,jobs:"failed"});i({count:t.anomalies.length,critical:t.anomalies.some(o=>o.severity==="critical"),anomalies:JSON.stringify(t.anomalies.map(({rule:o,subject:w,value:h,baseline:x,severity:I,message:L})=>({rule:o,subject:w,value:h,baseline:x,severity:I,message:L}))),dispatched:t.dispatched,"bundle-path":t.bundle.dir});let a=y(t).map(f);if(await r([b(t.anomalies),S(a),g(t.guarantees)].join(`

`)),a.length>0)throw new Error(`detection is partial: ${a.join("; ")}`)})}await u();
