'use strict';
// SMTP peer for the integration tests and the throughput harness: Nodemailer's smtp-server on 127.0.0.1.
//
// Ports (all 127.0.0.1): a plain port (no STARTTLS offered), a port that offers STARTTLS, and an implicit-TLS
// port, all with AUTH PLAIN/LOGIN, plus a plain port that offers AUTH LOGIN only. Authentication is optional; when given, only SMTP_PEER_USER (or any
// user name starting with it) with SMTP_PEER_PASSWORD is accepted.
//
// Failure injection by recipient local part (the part before '@'; a '.' and anything after it is a free nonce
// so tests can make unique addresses; an optional '-N' after the keyword fails only the first N attempts
// seen for that exact address):
//   fail450   450 at RCPT TO              reject550   550 at RCPT TO
//   fail451data  451 after the DATA end  reject554data  554 after the DATA end
//   drop421   421 at RCPT TO, then the server closes the connection
//   dropbeforedata  the socket is destroyed at RCPT TO (connection lost before DATA)
//   disconnectafterdata  the message is stored, then the socket is destroyed without a reply
//   bench...  (every recipient) the message is only counted, not parsed or stored: for the throughput harness;
//             bench-delayN waits N ms before replying 250 (a server that syncs its queue file first)
//
// HTTP API on 127.0.0.1:SMTP_PEER_HTTP_PORT (JSON):
//   GET /messages?rcpt=ADDR   messages whose envelope has ADDR: {id, from, rcptTo, dsn, rcptDsn, ehlo, user {name, method}, secure, raw (base64), parsed}
//   GET /stats?ehlo=NAME      connections whose EHLO name is NAME: {opened, open, maxOpen, messages}
//
// SMTP_PEER_WORKERS=N (default 1) runs N worker processes sharing the same ports (node's cluster module), for
// throughput runs on a machine where one node process is the bottleneck. Each worker keeps its own messages,
// stats and '-N' attempt counters, so the HTTP API and failure injection are only meaningful with 1 worker
// (the tests use the default).
const cluster = require('cluster');
const fs = require('fs');
const http = require('http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const crypto = require('crypto');

const env = name => {
  const v = process.env[name];
  if (!v) { throw new Error(`${name} is not set`); }
  return v;
};

const host = '127.0.0.1';
const user = env('SMTP_PEER_USER');
const password = env('SMTP_PEER_PASSWORD');
const key = fs.readFileSync(env('SMTP_PEER_KEY'));
const cert = fs.readFileSync(env('SMTP_PEER_CERT'));

const messages = [];
const attemptsByAddress = new Map();
const statsByEhlo = new Map();

function stats(ehlo) {
  let s = statsByEhlo.get(ehlo);
  if (!s) { s = { opened: 0, open: 0, maxOpen: 0, messages: 0 }; statsByEhlo.set(ehlo, s); }
  return s;
}

// Returns the injected action for an address, or null; counts attempts for '-N' limited failures.
function action(address) {
  const local = String(address).split('@')[0].toLowerCase();
  const m = /^(fail450|reject550|fail451data|reject554data|drop421|dropbeforedata|disconnectafterdata)(?:-(\d+))?(?:\.|$)/.exec(local);
  if (!m) { return null; }
  if (m[2] !== undefined) {
    const key = String(address).toLowerCase() + '|' + m[1];
    const seen = (attemptsByAddress.get(key) || 0) + 1;
    attemptsByAddress.set(key, seen);
    if (seen > Number(m[2])) { return null; }
  }
  return m[1];
}

function smtpError(code, text) {
  const err = new Error(text);
  err.responseCode = code;
  return err;
}

// Counts a connection once it has said EHLO, so tests can tell their connections apart by LocalDomain.
function track(session) {
  if (session.__tracked || !session.hostNameAppearsAs) { return; }
  session.__tracked = session.hostNameAppearsAs;
  const s = stats(session.__tracked);
  s.opened++; s.open++; s.maxOpen = Math.max(s.maxOpen, s.open);
}

function makeServer(options) {
  // Cuts the line without a reply: the session object does not expose the socket, its connection does.
  const kill = session => {
    for (const c of server.connections) {
      if (c.id === session.id) { c._socket.destroy(); }
    }
  };
  const server = new SMTPServer({
    logger: false,
    name: 'smtp-peer.test',
    banner: 'Messaging.Sdk test peer',
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    allowInsecureAuth: true,
    hideDSN: false,
    size: 50 * 1024 * 1024,
    key, cert,
    socketTimeout: 60 * 1000,
    // No reverse DNS of 127.0.0.1 per connection: it depends on the machine's resolver and is not what is tested.
    disableReverseLookup: true,
    ...options,
    onAuth(auth, session, cb) {
      track(session);
      if (String(auth.username).startsWith(user) && auth.password === password) {
        return cb(null, { user: { name: auth.username, method: auth.method } });
      }
      return cb(smtpError(535, 'Authentication credentials invalid'));
    },
    onMailFrom(address, session, cb) { track(session); cb(); },
    onRcptTo(address, session, cb) {
      track(session);
      const a = action(address.address);
      session.__actions = session.__actions || new Map();
      switch (a) {
        case 'fail450': return cb(smtpError(450, 'Mailbox busy, try again later'));
        case 'reject550': return cb(smtpError(550, 'No such user here'));
        case 'drop421': return cb(smtpError(421, 'Service shutting down, closing channel'));
        case 'dropbeforedata': kill(session); return undefined;
        case 'fail451data': case 'reject554data': case 'disconnectafterdata':
          session.__actions.set(address.address, a); return cb();
        default: return cb();
      }
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', c => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const acts = new Set((session.__actions || new Map()).values());
        session.__actions = new Map();
        if (acts.has('fail451data')) { return cb(smtpError(451, 'Local error in processing, try again')); }
        if (acts.has('reject554data')) { return cb(smtpError(554, 'Message rejected as spam')); }
        const id = crypto.randomUUID();
        if (session.envelope.rcptTo.every(r => /^bench/i.test(r.address))) {
          // Throughput runs: count only, so that the peer's parsing does not dominate what is measured;
          // 'bench-delayN@' waits N ms before the 250, like a server that writes its queue file to disk first.
          if (session.hostNameAppearsAs) { stats(session.hostNameAppearsAs).messages++; }
          const delay = /^bench-delay(\d+)/i.exec(session.envelope.rcptTo[0].address);
          const reply = () => cb(null, 'OK: queued as ' + id);
          return delay ? setTimeout(reply, Number(delay[1])) : reply();
        }
        let parsed = null;
        try {
          const p = await simpleParser(raw);
          parsed = {
            subject: p.subject || null,
            from: p.from ? p.from.text : null,
            to: p.to ? p.to.text : null,
            replyTo: p.replyTo ? p.replyTo.text : null,
            text: p.text || null,
            html: p.html || null,
            attachments: (p.attachments || []).map(x => ({
              filename: x.filename || null, contentType: x.contentType, contentId: x.contentId || null,
              related: !!x.related, size: x.size, sha256: crypto.createHash('sha256').update(x.content).digest('hex'),
            })),
          };
        } catch (e) { parsed = { error: String(e) }; }
        messages.push({
          id,
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map(r => r.address),
          dsn: session.envelope.dsn || null,
          rcptDsn: session.envelope.rcptTo.map(r => (r.args && r.args.NOTIFY) || null),
          ehlo: session.hostNameAppearsAs,
          user: session.user || null,
          secure: !!session.secure,
          raw: raw.toString('base64'),
          parsed,
        });
        if (session.hostNameAppearsAs) { stats(session.hostNameAppearsAs).messages++; }
        if (acts.has('disconnectafterdata')) { kill(session); return undefined; }
        return cb(null, 'OK: queued as ' + id);
      });
    },
    onConnect(session, cb) { cb(); },
    onClose(session) {
      if (session.__tracked) { stats(session.__tracked).open--; }
    },
  });
  return server;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, host, () => resolve(server.server.address().port));
  });
}

async function main() {
  const plain = makeServer({ hideSTARTTLS: true });
  const starttls = makeServer({});
  const tls = makeServer({ secure: true });
  const loginOnly = makeServer({ hideSTARTTLS: true, authMethods: ['LOGIN'] });
  const ports = {
    SMTP_PEER_PORT: await listen(plain, Number(process.env.SMTP_PEER_PORT || 0)),
    SMTP_PEER_STARTTLS_PORT: await listen(starttls, Number(process.env.SMTP_PEER_STARTTLS_PORT || 0)),
    SMTP_PEER_TLS_PORT: await listen(tls, Number(process.env.SMTP_PEER_TLS_PORT || 0)),
    SMTP_PEER_LOGIN_PORT: await listen(loginOnly, Number(process.env.SMTP_PEER_LOGIN_PORT || 0)),
  };

  const api = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const send = (code, body) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.method === 'GET' && url.pathname === '/messages') {
      const rcpt = (url.searchParams.get('rcpt') || '').toLowerCase();
      return send(200, messages.filter(m => m.rcptTo.some(r => r.toLowerCase() === rcpt)));
    }
    if (req.method === 'GET' && url.pathname === '/stats') {
      return send(200, stats((url.searchParams.get('ehlo') || '').toLowerCase()));
    }
    if (req.method === 'GET' && url.pathname === '/health') { return send(200, { ok: true }); }
    return send(404, { error: 'not found' });
  });
  await new Promise(r => api.listen(Number(process.env.SMTP_PEER_HTTP_PORT || 0), host, r));
  ports.SMTP_PEER_HTTP_PORT = api.address().port;

  if (cluster.isWorker) { process.send({ ports }); return; }
  ready(ports);
}

function ready(ports) {
  const lines = Object.entries(ports).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
  if (process.env.SMTP_PEER_READY_FILE) { fs.writeFileSync(process.env.SMTP_PEER_READY_FILE, lines); }
  process.stdout.write(lines);
}

const workers = Number(process.env.SMTP_PEER_WORKERS || 1);
if (workers > 1 && cluster.isPrimary) {
  // Workers that call listen(0) in the same order share one port per server (cluster semantics); the primary
  // hands accepted connections to them round-robin. It reports ready when every worker listens on the same ports.
  const reported = [];
  const children = [];
  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    children.push(w);
    w.on('message', m => {
      if (!m || !m.ports) { return; }
      reported.push(JSON.stringify(m.ports));
      if (reported.length === workers) {
        if (new Set(reported).size !== 1) { console.error('workers listen on different ports', reported); process.exit(1); }
        ready(m.ports);
      }
    });
    w.on('exit', code => { console.error(`worker exited with ${code}`); process.exit(1); });
  }
  const stop = () => { for (const w of children) { w.removeAllListeners('exit'); w.process.kill(); } process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  // A worker whose primary is gone stops too, so killing the recorded pid stops the whole peer.
  if (cluster.isWorker) { process.on('disconnect', () => process.exit(0)); }
  main().catch(e => { console.error(e); process.exit(1); });
}
