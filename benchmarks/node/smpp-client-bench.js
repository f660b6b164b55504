'use strict';
// node-smpp's own client, as the reference for the SMPP throughput harness: keeps <window> submit_sm outstanding
// until <count> responses arrived (after <warmup> untimed ones, so that V8 has optimised the path, as the .NET side
// is warmed up too), then prints one JSON line {window, count, seconds, rate}.
// Usage: NODE_PATH=tests/peers/node_modules node benchmarks/node/smpp-client-bench.js <host> <port> <system_id> <password> <window> <count> [warmup]
const smpp = require('smpp');
const [host, port, systemId, password, windowArg, countArg, warmupArg] = process.argv.slice(2);
const window = parseInt(windowArg, 10);
const warmup = parseInt(warmupArg || '0', 10);
const count = parseInt(countArg, 10) + warmup;

const session = smpp.connect({ url: 'smpp://' + host + ':' + port });
session.on('error', function (e) { console.error(e.message); process.exit(1); });
session.bind_transceiver({ system_id: systemId, password: password }, function (pdu) {
  if (pdu.command_status !== 0) { console.error('bind failed ' + pdu.command_status); process.exit(1); }
  let sent = 0, done = 0;
  let started = process.hrtime.bigint();
  function next() {
    if (sent >= count) return;
    sent++;
    session.submit_sm({ source_addr: 'Bench', source_addr_ton: 5, destination_addr: '46708251358', dest_addr_ton: 1, dest_addr_npi: 1, short_message: 'Benchmark message' }, function () {
      done++;
      if (done === warmup) {
        started = process.hrtime.bigint();
      }
      if (done === count) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(JSON.stringify({ window: window, count: count - warmup, seconds: seconds, rate: (count - warmup) / seconds }));
        session.unbind(function () { session.close(); process.exit(0); });
        return;
      }
      next();
    });
  }
  for (let i = 0; i < window; i++) next();
});
