import { Redis } from "ioredis";
const r = new Redis("redis://127.0.0.1:6379/14");
const N = 300000;
let t = performance.now();
for (let from = 0; from < N; from += 5000) { const p = r.pipeline(); for (let i = from; i < from + 5000; i++) p.hset(`probe:${i}`, "_t", "1767225600000000", "a", "visa", "b", "1.5", "c", "true", "d", "2026-01-01T00:00:00.000000Z"); await p.exec(); }
console.log("hset pipeline rows/s", Math.round(N / ((performance.now() - t) / 1000)));
t = performance.now();
for (let from = 0; from < N; from += 5000) { const args = []; for (let i = from; i < from + 5000; i++) args.push(`probe:${i}`, "x"); await r.mset(...args); }
console.log("mset rows/s", Math.round(N / ((performance.now() - t) / 1000)));
t = performance.now();
for (let from = 0; from < N; from += 5000) { const p = r.pipeline(); for (let i = from; i < from + 5000; i += 500) { const keys=[], args=[]; for (let j=i;j<i+500;j++){keys.push(`probe:${j}`); args.push("1767225600000000", 0, 4, "a", "visa", "b", "1.5", "c", "true", "d", "2026-01-01T00:00:00.000000Z");} p.call("PING"); } await p.exec(); }
console.log("arg building only rows/s", Math.round(N / ((performance.now() - t) / 1000)));
const keys = []; for (let from = 0; from < N; from += 10000) { const ks=[]; for (let i=from;i<from+10000;i++) ks.push(`probe:${i}`); await r.unlink(...ks); }
r.disconnect();
