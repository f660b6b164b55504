// Decodes one SMS PDU (hex, with the SMSC field) with node-pdu and prints what it found as JSON.
// Usage: node decode.js <hex>
'use strict';
const pdu = require('node-pdu');

const hex = (process.argv[2] || '').trim();
const msg = pdu.parse(hex);
const out = {};
if (msg instanceof pdu.Submit) {
  out.type = 'submit';
  out.address = msg.address.phone;
  out.addressType = msg.address.type.toString();
  out.messageReference = msg.messageReference;
  out.statusReportRequest = msg.type.statusReportRequest;
  out.validityPeriodFormat = msg.type.validityPeriodFormat;
  out.validityMinutes = msg.validityPeriod.interval == null ? null : msg.validityPeriod.interval / 60;
  out.text = msg.data.getText();
  out.dcs = msg.dataCodingScheme.toString();
} else if (msg instanceof pdu.Deliver) {
  out.type = 'deliver';
  out.address = msg.address.phone;
  out.text = msg.data.getText();
  out.time = msg.serviceCenterTimeStamp.time;
} else {
  out.type = 'report';
  out.address = msg.address.phone;
  out.reference = msg.reference;
  out.status = msg.status;
}
const parts = msg.data && msg.data.parts ? msg.data.parts : [];
const header = parts.length > 0 && parts[0].header ? parts[0].header.toJSON() : null;
if (header) {
  out.header = header;
}
process.stdout.write(JSON.stringify(out));
