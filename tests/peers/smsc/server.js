'use strict';
// Third-party SMSC for the integration tests: node-smpp (npm `smpp`) in server mode on 127.0.0.1.
// Binds must use SMPP_PEER_PASSWORD and a system_id starting with SMPP_PEER_SYSTEM_ID; the rest of the system_id
// selects fault injection for that bind, so tests running in parallel do not disturb each other:
//   ...-kill<K>  destroy the connection when its K-th submit_sm arrives (that submit is never answered); PDUs node-smpp had
//                already read from the socket are still handled and logged, like an SMSC that had them queued, but
//                their responses are lost
//   ...-thr<N>   answer every N-th submit_sm with ESME_RTHROTTLED (0x58)
//   ...-nor      never send delivery receipts
//   ...-hex      write the message id in receipts (text and receipted_message_id) in upper-case hexadecimal
//   ...-pre      send a submit_sm's receipt before its submit_sm_resp
//   ...-k<K>, ...-t<N>  short forms of -kill<K> and -thr<N>, for system_ids that must stay within 15 characters
// A transmitter bind's receipts go to a bind_receiver session of the same system_id (none bound: the receipt is
// dropped and logged), as SMSCs that deliver on a separate receiver bind do; submit_sm on a receiver bind is refused.
// Every event is appended as one JSON line to SMPP_PEER_LOG, for reconciliation by the tests; "conn" numbers the
// connection, so that a test can tell which submits were in flight when their connection was killed.
const smpp = require('smpp');
const fs = require('fs');

const host = process.env.SMPP_PEER_HOST || '127.0.0.1';
const systemIdPrefix = process.env.SMPP_PEER_SYSTEM_ID || 'esme';
const password = process.env.SMPP_PEER_PASSWORD || 'secret';
const logPath = process.env.SMPP_PEER_LOG;
const portFile = process.env.SMPP_PEER_PORT_FILE;
const enquireMs = parseInt(process.env.SMPP_PEER_ENQUIRE_MS || '1000', 10);
const quiet = process.env.SMPP_PEER_QUIET === '1';

// Synchronous writes on one descriptor: an event is on disk before the response that follows it is sent,
// so a test that reads the log right after its send completes always finds it.
const logFd = logPath ? fs.openSync(logPath, 'a') : null;
function record(event, conn) {
  if (conn !== undefined) event.conn = conn;
  if (logFd !== null && !quiet) fs.writeSync(logFd, JSON.stringify(event) + '\n');
}

let nextId = 100000;
let nextConn = 0;
const receivers = new Map(); // system_id -> Set of bound bind_receiver sessions
function pad(n) { return String(n).padStart(2, '0'); }
function smppDate(d) {
  return pad(d.getUTCFullYear() % 100) + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + pad(d.getUTCHours()) + pad(d.getUTCMinutes());
}

const server = smpp.createServer(function (session) {
  const conn = ++nextConn;
  let systemId = null;
  let submits = 0;
  let killAt = 0;
  let throttleEvery = 0;
  let receipts = true;
  let hexReceipts = false;
  let receiptFirst = false;
  let bindCommand = null;
  let timer = null;

  session.on('error', function () { /* the client went away */ });
  session.on('close', function () {
    if (timer) clearInterval(timer);
    if (bindCommand === 'bind_receiver' && receivers.has(systemId)) receivers.get(systemId).delete(session);
  });

  function onBind(pdu) {
    session.pause();
    const id = pdu.system_id || '';
    let status = smpp.ESME_ROK;
    if (!id.startsWith(systemIdPrefix)) status = smpp.ESME_RINVSYSID;
    else if (pdu.password !== password) status = smpp.ESME_RINVPASWD;
    session.send(pdu.response({ command_status: status, system_id: 'NODESMSC' }));
    record({ event: 'bind', system_id: id, command: pdu.command, status: status }, conn);
    if (status !== smpp.ESME_ROK) { session.resume(); return; }
    systemId = id;
    bindCommand = pdu.command;
    if (bindCommand === 'bind_receiver') {
      if (!receivers.has(id)) receivers.set(id, new Set());
      receivers.get(id).add(session);
    }
    const kill = /-k(?:ill)?(\d+)/.exec(id); if (kill) killAt = parseInt(kill[1], 10);
    const thr = /-t(?:hr)?(\d+)/.exec(id); if (thr) throttleEvery = parseInt(thr[1], 10);
    if (/-nor/.test(id)) receipts = false;
    if (/-hex/.test(id)) hexReceipts = true;
    if (/-pre/.test(id)) receiptFirst = true;
    if (enquireMs > 0) {
      timer = setInterval(function () {
        session.enquire_link({}, function () { record({ event: 'enquire_link_resp', system_id: systemId }, conn); });
      }, enquireMs);
    }
    session.resume();
  }
  session.on('bind_transceiver', onBind);
  session.on('bind_transmitter', onBind);
  session.on('bind_receiver', onBind);

  session.on('enquire_link', function (pdu) {
    record({ event: 'enquire_link', system_id: systemId }, conn);
    session.send(pdu.response());
  });

  session.on('unbind', function (pdu) {
    record({ event: 'unbind', system_id: systemId }, conn);
    session.send(pdu.response());
    session.close();
  });

  session.on('submit_sm', function (pdu) {
    if (bindCommand === 'bind_receiver') {
      record({ event: 'submit_on_receiver', system_id: systemId }, conn);
      session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
      return;
    }
    submits++;
    if (killAt && submits === killAt) {
      record({ event: 'killed', system_id: systemId, sequence: pdu.sequence_number }, conn);
      session.destroy();
      return;
    }
    if (throttleEvery && submits % throttleEvery === 0) {
      record({ event: 'throttled', system_id: systemId }, conn);
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    const messageId = String(nextId++);
    const raw = pdu.short_message && pdu.short_message.message !== undefined ? pdu.short_message : { message: pdu.short_message };
    const udh = raw.udh && raw.udh.length ? Buffer.concat(raw.udh) : null;
    record({
      event: 'submit', system_id: systemId, message_id: messageId, source_addr: pdu.source_addr, source_addr_ton: pdu.source_addr_ton,
      destination_addr: pdu.destination_addr, dest_addr_ton: pdu.dest_addr_ton, data_coding: pdu.data_coding, esm_class: pdu.esm_class,
      registered_delivery: pdu.registered_delivery, udh: udh ? udh.toString('hex') : null,
      text: Buffer.isBuffer(raw.message) ? raw.message.toString('hex') : raw.message,
    }, conn);
    const wantsReceipt = receipts && (pdu.registered_delivery & 0x03);
    // -hex: the receipt names the message in hexadecimal although submit_sm_resp gave it in decimal.
    const receiptId = hexReceipts ? Number(messageId).toString(16).toUpperCase() : messageId;
    function sendReceipt() {
      const now = smppDate(new Date());
      let target = session;
      if (bindCommand === 'bind_transmitter') {
        const set = receivers.get(systemId);
        target = set && set.size ? set.values().next().value : null;
        if (!target) { record({ event: 'receipt_lost', system_id: systemId, message_id: messageId }, conn); return; }
      }
      target.deliver_sm({
        source_addr_ton: pdu.dest_addr_ton, source_addr_npi: pdu.dest_addr_npi, source_addr: pdu.destination_addr,
        dest_addr_ton: pdu.source_addr_ton, dest_addr_npi: pdu.source_addr_npi, destination_addr: pdu.source_addr,
        esm_class: 0x04, data_coding: 0,
        short_message: Buffer.from('id:' + receiptId + ' sub:001 dlvrd:001 submit date:' + now + ' done date:' + now + ' stat:DELIVRD err:000 text:', 'ascii'),
        receipted_message_id: receiptId, message_state: 2,
      }, function (resp) { record({ event: 'receipt_ack', system_id: systemId, message_id: messageId, status: resp.command_status, on: target === session ? bindCommand : 'bind_receiver' }, conn); });
    }
    // -pre: the receipt goes out before the submit_sm_resp it belongs to.
    if (wantsReceipt && receiptFirst) sendReceipt();
    session.send(pdu.response({ message_id: messageId }));
    if (wantsReceipt && !receiptFirst) setTimeout(sendReceipt, 20);
  });
});

server.on('error', function (e) { console.error('smsc peer:', e.message); process.exit(1); });
server.listen(parseInt(process.env.SMPP_PEER_PORT || '0', 10), host, function () {
  const port = server.address().port;
  if (portFile) fs.writeFileSync(portFile, String(port));
  console.log('smsc peer listening on ' + host + ':' + port);
});
