import { createRequire as __opsguardCreateRequire } from 'node:module';
import { fileURLToPath as __opsguardFileURLToPath } from 'node:url';
import { dirname as __opsguardDirname } from 'node:path';
const require = __opsguardCreateRequire(import.meta.url);
const __filename = __opsguardFileURLToPath(import.meta.url);
const __dirname = __opsguardDirname(__filename);
import{d as i,h as r,i as n,j as s,k as p,t as l}from"./chunks/chunk-JW4F4ZQS.js";import"./chunks/chunk-I6EXHRUH.js";import"./chunks/chunk-R6ZCEJG3.js";import"./chunks/chunk-GDKXHWNX.js";function m(){return{...l({days:8,outDir:"docs"}),apply:i("apply",!0)}}async function d(){await p(async()=>{let a=m(),{auditRepository:c,auditSetupOf:u,loopProblems:g,describeProblem:y,rollbackConditionsSummary:f}=await import("./chunks/src-XI55Y4D5.js"),{anomalyJobSummary:b,guaranteesSummary:w,problemsSummary:S}=await import("./chunks/src-JPN6W23Q.js"),e=await c({...u(a,t=>s.info(t)),kind:"detect",apply:a.apply,jobs:"failed"});r({count:e.anomalies.length,critical:e.anomalies.some(t=>t.severity==="critical"),anomalies:JSON.stringify(e.anomalies.map(({rule:t,subject:k,value:h,baseline:x,severity:I,message:L})=>({rule:t,subject:k,value:h,baseline:x,severity:I,message:L}))),dispatched:e.dispatched,rollbacks:JSON.stringify(e.rollbacks.map(t=>({condition:t.triggered.trigger.condition,detail:t.triggered.trigger.detail,response:t.triggered.response,workflow:t.triggered.workflow??null,sent:t.sent}))),"bundle-path":e.bundle.dir});let o=g(e).map(y);if(await n([b(e.anomalies),f(e.rollbacks),S(o),w(e.guarantees)].filter(t=>t!=="").join(`

`)),o.length>0)throw new Error(`detection is partial: ${o.join("; ")}`)})}await d();
