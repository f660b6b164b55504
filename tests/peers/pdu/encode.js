// Encodes SMS PDUs with node-pdu and prints them as a JSON array of hex strings.
// Usage: node encode.js '{"kind":"submit","to":"+46708251358","text":"hi"}'
//        node encode.js '{"kind":"deliver","from":"+46708251358","text":"hi","time":"2024-02-29T13:45:10Z"}'
//        node encode.js '{"kind":"report","to":"+46708251358","reference":42,"status":0,"time":"...","discharge":"..."}'
'use strict';
const pdu = require('node-pdu');

const req = JSON.parse(process.argv[2]);
let msg;
if (req.kind === 'submit') {
  msg = new pdu.Submit(req.to, req.text);
} else if (req.kind === 'deliver') {
  msg = new pdu.Deliver(req.from, req.text);
  msg.setServiceCenterTimeStamp(new Date(req.time));
} else {
  const scts = pdu.utils.SCTS ? new pdu.utils.SCTS(new Date(req.time)) : null;
  const dt = pdu.utils.SCTS ? new pdu.utils.SCTS(new Date(req.discharge)) : null;
  msg = new pdu.Report(req.to, req.reference, scts, dt, req.status);
}
const out = req.kind === 'report' ? [msg.toString()] : msg.getParts().map((p) => p.toString(msg));
process.stdout.write(JSON.stringify(out));
