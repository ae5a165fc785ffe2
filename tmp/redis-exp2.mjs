import { Redis } from "ioredis";
import net from "node:net";
const redis = new Redis("redis://127.0.0.1:6379/14");
const N = Number(process.env.N ?? 1_000_000);
const cpu = async () => { const info = await redis.info("cpu"); return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]); };
const keys = Array.from({ length: N }, (_, i) => `larder:prj_abcdefgh:fg_abcdefgh:${i}`);
const vals = Array.from({ length: N }, (_, i) => `[${1767225600000000 + (i % 86400) * 1e6},"${["visa","amex","mc"][i%3]}","${(i%10000)*1.5}","${i%2===0}","2026-01-01T00:00:00.000000Z"]`);
const SCRIPT = `
local ttl = tonumber(ARGV[1])
local n = #KEYS
local written = 0
for i = 1, n do
  local v = ARGV[i + 1]
  local t = tonumber(string.match(v, '^%[(%-?%d+)'))
  local old
  if ttl > 0 then old = redis.call('SET', KEYS[i], v, 'PXAT', string.format('%d', math.floor(t / 1000) + ttl + 1), 'GET')
  else old = redis.call('SET', KEYS[i], v, 'GET') end
  if old then
    local ot = tonumber(string.match(old, '^%[(%-?%d+)'))
    if ot > t then
      if ttl > 0 then redis.call('SET', KEYS[i], old, 'PXAT', string.format('%d', math.floor(ot / 1000) + ttl + 1))
      else redis.call('SET', KEYS[i], old) end
    else written = written + 1 end
  else written = written + 1 end
end
return written`;
redis.defineCommand("sg", { lua: SCRIPT });
const BATCH = 500, DEPTH = 50;
const time = async (label, fn, flush = true) => { if (flush) await redis.flushdb(); const c0 = await cpu(); const u0 = process.cpuUsage(); const s = performance.now(); const w = await fn(); const sec = (performance.now() - s) / 1000; const c1 = await cpu(); const u1 = process.cpuUsage(u0); console.log(label, { written: w, sec: sec.toFixed(2), rowsPerSec: Math.round(N / sec), redisUsPerRow: ((c1 - c0) * 1e6 / N).toFixed(2), nodeUsPerRow: ((u1.user + u1.system) / N).toFixed(2) }); };
const which = process.argv.slice(2);
if (which.includes("ioredis")) await time("ioredis SET GET lua", async () => { let w = 0; let inflight = []; for (let s = 0; s < N; s += BATCH) { inflight.push(redis.sg(Math.min(BATCH, N - s), ...keys.slice(s, s + BATCH), "0", ...vals.slice(s, s + BATCH))); if (inflight.length >= DEPTH) { for (const x of await Promise.all(inflight)) w += x; inflight = []; } } for (const x of await Promise.all(inflight)) w += x; return w; });
if (which.includes("raw")) {
  const sha = await redis.script("LOAD", SCRIPT);
  const raw = async () => {
    const sock = net.connect(6379, "127.0.0.1"); await new Promise((r) => sock.once("connect", r));
    sock.setNoDelay(true);
    let pending = 0, written = 0, buf = "";
    let wake = null;
    sock.on("data", (d) => { buf += d.toString("latin1"); let i; while ((i = buf.indexOf("\r\n")) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 2); if (line[0] === ":") { written += Number(line.slice(1)); pending--; } else if (line[0] === "+") { pending--; } else { throw new Error(line); } } if (wake && pending < DEPTH / 2) { const w = wake; wake = null; w(); } });
    const bulk = (s) => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
    sock.write(`*2\r\n$6\r\nSELECT\r\n$2\r\n14\r\n`); pending++;
    for (let s = 0; s < N; s += BATCH) {
      const n = Math.min(BATCH, N - s);
      let cmd = `*${3 + 2 * n + 1}\r\n$7\r\nEVALSHA\r\n${bulk(sha)}${bulk(String(n))}`;
      for (let i = s; i < s + n; i++) cmd += bulk(keys[i]);
      cmd += bulk("0");
      for (let i = s; i < s + n; i++) cmd += bulk(vals[i]);
      sock.write(cmd); pending++;
      if (pending >= DEPTH) await new Promise((r) => (wake = r));
    }
    while (pending > 0) await new Promise((r) => (wake = r, setTimeout(r, 5)));
    sock.end();
    return written;
  };
  await time("raw RESP SET GET lua", raw);
  await time("raw RESP SET GET lua (overwrite same)", raw, false);
}
redis.disconnect();
