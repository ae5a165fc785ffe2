import { Redis } from "ioredis";
import net from "node:net";
const redis = new Redis("redis://127.0.0.1:6379/14");
const N = 1_000_000;
const cpu = async () => { const info = await redis.info("cpu"); return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]); };
const keys = Array.from({ length: N }, (_, i) => `larder:prj_abcdefgh:fg_abcdefgh:${i}`);
const vals = Array.from({ length: N }, (_, i) => `[${1767225600000000 + (i % 86400) * 1e6},"${["visa","amex","mc"][i%3]}","${(i%10000)*1.5}","${i%2===0}","2026-01-01T00:00:00.000000Z"]`);
const scripts = {
  mgetmset: `local n = #KEYS local old = redis.call('MGET', unpack(KEYS)) local args = {} local w = 0
for i = 1, n do local v = ARGV[i + 1] local o = old[i]
  local keep = true
  if o then local ot = tonumber(string.match(o, '^%[(%-?%d+)')) local t = tonumber(string.match(v, '^%[(%-?%d+)')) if ot > t then keep = false end end
  if keep then w = w + 1 args[#args + 1] = KEYS[i] args[#args + 1] = v end
end
if #args > 0 then redis.call('MSET', unpack(args)) end return w`,
  setonly: `for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i+1]) end return #KEYS`,
  noop: `local n = 0 for i = 1, #KEYS do n = n + #ARGV[i+1] end return #KEYS`,
  setget: `local ttl = tonumber(ARGV[1]) local w = 0
for i = 1, #KEYS do local v = ARGV[i + 1] local t = tonumber(string.match(v, '^%[(%-?%d+)'))
  local old = redis.call('SET', KEYS[i], v, 'GET')
  if old then local ot = tonumber(string.match(old, '^%[(%-?%d+)')) if ot > t then redis.call('SET', KEYS[i], old) else w = w + 1 end else w = w + 1 end
end return w`,
  pcallset: `for i = 1, #KEYS do redis.pcall('SET', KEYS[i], ARGV[i+1]) end return #KEYS`,
};
const BATCH = Number(process.env.BATCH ?? 500), DEPTH = 20;
const run = async (sha, withMset) => {
  const sock = net.connect(6379, "127.0.0.1"); await new Promise((r) => sock.once("connect", r));
  let pending = 0, buf = ""; let wake = null;
  sock.on("data", (d) => { buf += d.toString("latin1"); let i; while ((i = buf.indexOf("\r\n")) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 2); if (line[0] === ":" || line[0] === "+") pending--; else throw new Error(line); } if (wake && pending < DEPTH / 2) { const w = wake; wake = null; w(); } });
  const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  sock.write(`*2\r\n$6\r\nSELECT\r\n$2\r\n14\r\n`); pending++;
  for (let s = 0; s < N; s += BATCH) {
    const n = Math.min(BATCH, N - s);
    let cmd;
    if (withMset) { cmd = `*${1 + 2 * n}\r\n$4\r\nMSET\r\n`; for (let i = s; i < s + n; i++) cmd += bulk(keys[i]) + bulk(vals[i]); }
    else { cmd = `*${3 + 2 * n + 1}\r\n$7\r\nEVALSHA\r\n${bulk(sha)}${bulk(String(n))}`; for (let i = s; i < s + n; i++) cmd += bulk(keys[i]); cmd += bulk("0"); for (let i = s; i < s + n; i++) cmd += bulk(vals[i]); }
    sock.write(cmd); pending++;
    if (pending >= DEPTH) await new Promise((r) => (wake = r));
  }
  while (pending > 0) await new Promise((r) => (wake = r, setTimeout(r, 5)));
  sock.end();
};
for (const [name, lua] of [["mset", null], ...Object.entries(scripts)].filter(([n]) => !process.env.ONLY || process.env.ONLY.split(",").includes(n))) {
  await redis.flushdb();
  const sha = lua ? await redis.script("LOAD", lua) : null;
  const c0 = await cpu(); const s = performance.now();
  await run(sha, !lua);
  console.log(name, "redis us/row", ((await cpu() - c0) * 1e6 / N).toFixed(2), "wall", ((performance.now() - s) / 1000).toFixed(2));
}
redis.disconnect();
