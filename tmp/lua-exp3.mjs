import { Redis } from "ioredis";
const redis = new Redis("redis://127.0.0.1:6379/14");
const N = 1_000_000;
const cpu = async () => { const info = await redis.info("cpu"); return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]); };
const lines = Array.from({ length: N }, (_, i) => `${i}\t[${1767225600000000 + (i % 86400) * 1e6},"${["visa","amex","mc"][i%3]}","${(i%10000)*1.5}","${i%2===0}","2026-01-01T00:00:00.000000Z"]\n`);
const SCRIPT = `#!lua flags=no-cluster
local prefix = ARGV[1]
local ttl = tonumber(ARGV[2])
local keys, vals, times = {}, {}, {}
local n = 0
for k, t, rest in string.gmatch(ARGV[3], '([^\\t]*)\\t%[(%-?%d+)([^\\n]*)\\n') do
  n = n + 1
  keys[n] = prefix .. k
  times[n] = tonumber(t)
  vals[n] = '[' .. t .. rest
end
local old = redis.call('MGET', unpack(keys))
local args = {}
local w = 0
for i = 1, n do
  local o = old[i]
  if (not o) or tonumber(string.match(o, '^%[(%-?%d+)')) <= times[i] then
    w = w + 1
    args[#args + 1] = keys[i]
    args[#args + 1] = vals[i]
  end
end
if #args > 0 then redis.call('MSET', unpack(args)) end
return w`;
redis.defineCommand("bulk", { numberOfKeys: 0, lua: SCRIPT });
const BATCH = Number(process.env.BATCH ?? 500), DEPTH = 20;
for (const pass of [1, 2]) {
  if (pass === 1) await redis.flushdb();
  const c0 = await cpu(); const u0 = process.cpuUsage(); const s = performance.now();
  let inflight = [], w = 0;
  for (let i = 0; i < N; i += BATCH) {
    inflight.push(redis.bulk("larder:prj_abcdefgh:fg_abcdefgh:", "0", lines.slice(i, i + BATCH).join("")));
    if (inflight.length >= DEPTH) { for (const x of await Promise.all(inflight)) w += x; inflight = []; }
  }
  for (const x of await Promise.all(inflight)) w += x;
  const u = process.cpuUsage(u0);
  console.log(pass === 1 ? "fresh" : "overwrite", { w, redisUsPerRow: ((await cpu() - c0) * 1e6 / N).toFixed(2), nodeUsPerRow: ((u.user + u.system) / N).toFixed(2), wall: ((performance.now() - s) / 1000).toFixed(2) });
}
console.log(await redis.get("larder:prj_abcdefgh:fg_abcdefgh:12345"));
redis.disconnect();
