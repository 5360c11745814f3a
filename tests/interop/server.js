'use strict';
// The grpc-js side of the interop suite as a server: grpc.testing.TestService per interop-test-descriptions.md,
// for our .NET client to drive. Binds 127.0.0.1 on the given port (0 = any free one) and prints
// "LISTENING <port>" once it accepts calls.
//   node server.js --port 0
const grpc = require('@grpc/grpc-js');
const { load } = require('./protos');

const port = Number((process.argv.find((a) => a.startsWith('--port=')) || '').split('=')[1]
  ?? process.argv[process.argv.indexOf('--port') + 1] ?? 0) || 0;
const testing = load().grpc.testing;

// grpc-js hides whether a request arrived compressed (it drops grpc-encoding from the metadata before
// handlers run), which the compression cases must check: remember it per metadata object instead.
const requestEncoding = new WeakMap();
const fromHttp2Headers = grpc.Metadata.fromHttp2Headers;
grpc.Metadata.fromHttp2Headers = function (headers) {
  const metadata = fromHttp2Headers.call(this, headers);
  requestEncoding.set(metadata, headers['grpc-encoding']);
  return metadata;
};
const arrivedCompressed = (call) => {
  const encoding = requestEncoding.get(call.metadata);
  return encoding !== undefined && encoding !== 'identity';
};

const zeros = (n) => ({ type: 'COMPRESSABLE', body: Buffer.alloc(n) });

function echo(call) {
  const initial = call.metadata.get('x-grpc-test-echo-initial');
  if (initial.length) {
    const md = new grpc.Metadata();
    md.set('x-grpc-test-echo-initial', initial[0]);
    call.sendMetadata(md);
  }
  const trailing = new grpc.Metadata();
  const bin = call.metadata.get('x-grpc-test-echo-trailing-bin');
  if (bin.length) trailing.set('x-grpc-test-echo-trailing-bin', bin[0]);
  return trailing;
}

function requestedStatus(request, trailing) {
  const status = request.response_status;
  return status && status.code ? { code: status.code, details: status.message, metadata: trailing } : null;
}

function respond(call, request) {
  const sleep = (us) => new Promise((resolve) => setTimeout(resolve, us / 1000));
  return (request.response_parameters || []).reduce(async (previous, p) => {
    await previous;
    if (p.interval_us) await sleep(p.interval_us);
    if (!call.cancelled) call.write({ payload: zeros(p.size) });
  }, Promise.resolve());
}

const service = {
  EmptyCall(call, callback) {
    callback(null, {});
  },
  UnaryCall(call, callback) {
    const trailing = echo(call);
    const request = call.request;
    if (request.expect_compressed && request.expect_compressed.value && !arrivedCompressed(call)) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Expected a compressed request message.' });
      return;
    }
    const status = requestedStatus(request, trailing);
    if (status) {
      callback(status);
      return;
    }
    callback(null, { payload: zeros(request.response_size) }, trailing);
  },
  CacheableUnaryCall(call, callback) {
    service.UnaryCall(call, callback);
  },
  async StreamingOutputCall(call) {
    const trailing = echo(call);
    await respond(call, call.request);
    const status = requestedStatus(call.request, trailing);
    if (status) call.emit('error', status);
    else call.end(trailing);
  },
  StreamingInputCall(call, callback) {
    let total = 0;
    let failed = false;
    call.on('data', (request) => {
      if (request.expect_compressed && request.expect_compressed.value && !arrivedCompressed(call) && !failed) {
        failed = true;
        callback({ code: grpc.status.INVALID_ARGUMENT, details: 'Expected a compressed request message.' });
      }
      total += request.payload ? request.payload.body.length : 0;
    });
    call.on('end', () => { if (!failed) callback(null, { aggregated_payload_size: total }); });
    call.on('error', () => {});
  },
  FullDuplexCall(call) {
    const trailing = echo(call);
    let chain = Promise.resolve();
    let failed = false;
    call.on('data', (request) => {
      chain = chain.then(async () => {
        if (failed) return;
        const status = requestedStatus(request, trailing);
        if (status) {
          failed = true;
          call.emit('error', status);
          return;
        }
        await respond(call, request);
      });
    });
    call.on('end', () => { chain.then(() => { if (!failed) call.end(trailing); }); });
    call.on('error', () => {});
  },
  HalfDuplexCall(call) {
    const requests = [];
    call.on('data', (request) => requests.push(request));
    call.on('end', async () => {
      for (const request of requests) await respond(call, request);
      call.end();
    });
  },
};

const server = new grpc.Server();
server.addService(testing.TestService.service, service);
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log(`LISTENING ${bound}`);
});
process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
// The test host closes our stdin when it is done, even if it dies without a signal.
process.stdin.on('end', () => server.forceShutdown() || process.exit(0));
process.stdin.resume();
