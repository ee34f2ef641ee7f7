// The load generator of `bench/server.mjs`, its own process (the bench pins it to the core the
// server is not on): autocannon's programmatic API against one server for a fixed number of
// connections and seconds, cycling through the requests it is given. Prints one JSON line with
// the figures the bench keeps. Usage: node bench/server/load.mjs '<json options>'.
import autocannon from 'autocannon';

const { url, connections, duration, requests } = JSON.parse(process.argv[2]);
const cpuBefore = process.cpuUsage();
const result = await autocannon({ url, connections, duration, pipelining: 1, requests });
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  // seconds the load actually ran (autocannon's own clock), so rps = requests / seconds
  seconds: result.duration,
  rps: result.requests.total / result.duration,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  // The generator's CPU time per second of load: near 1 it is itself the bottleneck (one core),
  // and the server's throughput is capped by it rather than measured.
  generatorCpu: (cpu.user + cpu.system) / 1e6 / result.duration,
}) + '\n');
