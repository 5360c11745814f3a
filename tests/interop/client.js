'use strict';
// The grpc-js side of the interop suite: runs the standard interop cases (interop-test-descriptions.md) plus
// health and reflection against a server, printing one JSON line per case. Exit code 1 if any case failed.
//   node client.js --port 50051 [--host 127.0.0.1] [--cases empty_unary,large_unary]
const assert = require('assert');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { load, toDescriptorSet } = require('./protos');

const args = parseArgs(process.argv.slice(2));
const target = `${args.host || '127.0.0.1'}:${args.port}`;
const proto = load();
const testing = proto.grpc.testing;
const insecure = grpc.credentials.createInsecure();
const client = new testing.TestService(target, insecure);
const gzipClient = new testing.TestService(target, insecure, { 'grpc.default_compression_algorithm': 2 });

const zeros = (n) => Buffer.alloc(n);
const deadline = (ms = 10000) => ({ deadline: Date.now() + ms });

function parseArgs(argv) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--?/, '').split('=');
    result[key] = inline !== undefined ? inline : argv[++i];
  }
  return result;
}

function unary(c, method, request, metadata = new grpc.Metadata(), opts = deadline()) {
  return new Promise((resolve, reject) => {
    const result = {};
    const call = c[method](request, metadata, opts, (err, response) => {
      if (err) { err.initial = result.initial; reject(err); } else { result.response = response; }
    });
    call.on('metadata', (md) => { result.initial = md; });
    call.on('status', (status) => { result.status = status; if (status.code === 0) resolve(result); });
  });
}

async function expectStatus(promise, code, details) {
  try {
    await promise;
  } catch (err) {
    assert.strictEqual(err.code, code, `expected status ${code}, got ${err.code}: ${err.details}`);
    if (details !== undefined) assert.strictEqual(err.details, details);
    return err;
  }
  assert.fail(`expected status ${code}, the call succeeded`);
}

function collect(call) {
  return new Promise((resolve, reject) => {
    const messages = [];
    let initial;
    call.on('metadata', (md) => { initial = md; });
    call.on('data', (m) => messages.push(m));
    call.on('error', (err) => { err.messages = messages; reject(err); });
    call.on('status', (status) => { if (status.code === 0) resolve({ messages, status, initial }); });
  });
}

function reflect(service, requests) {
  return new Promise((resolve, reject) => {
    const call = new service(target, insecure).ServerReflectionInfo(deadline());
    const responses = [];
    call.on('data', (r) => { responses.push(r); if (responses.length === requests.length) call.end(); });
    call.on('error', reject);
    call.on('end', () => resolve(responses));
    for (const r of requests) call.write(r);
  });
}

const cases = {
  async empty_unary() {
    const { response } = await unary(client, 'EmptyCall', {});
    assert.deepStrictEqual(response, {});
  },
  async large_unary() {
    const { response } = await unary(client, 'UnaryCall', { response_size: 314159, payload: { body: zeros(271828) } });
    assert.strictEqual(response.payload.body.length, 314159);
    assert.ok(response.payload.body.every((b) => b === 0));
  },
  async client_compressed_unary() {
    const request = (expect) => ({ expect_compressed: { value: expect }, response_size: 314159, payload: { body: zeros(271828) } });
    await expectStatus(unary(client, 'UnaryCall', request(true)), grpc.status.INVALID_ARGUMENT);
    const compressed = await unary(gzipClient, 'UnaryCall', request(true));
    assert.strictEqual(compressed.response.payload.body.length, 314159);
    const plain = await unary(client, 'UnaryCall', request(false));
    assert.strictEqual(plain.response.payload.body.length, 314159);
  },
  async server_compressed_unary() {
    for (const compressed of [true, false]) {
      const { response } = await unary(client, 'UnaryCall', { response_compressed: { value: compressed }, response_size: 314159, payload: { body: zeros(271828) } });
      assert.strictEqual(response.payload.body.length, 314159);
    }
  },
  async client_streaming() {
    const response = await new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(), (err, r) => (err ? reject(err) : resolve(r)));
      for (const size of [27182, 8, 1828, 45904]) call.write({ payload: { body: zeros(size) } });
      call.end();
    });
    assert.strictEqual(response.aggregated_payload_size, 74922);
  },
  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const { messages } = await collect(client.StreamingOutputCall({ response_parameters: sizes.map((size) => ({ size })) }, deadline()));
    assert.deepStrictEqual(messages.map((m) => m.payload.body.length), sizes);
  },
  async ping_pong() {
    const pairs = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    const received = [];
    const next = () => Promise.race([new Promise((resolve) => call.once('data', resolve)), done.then(() => assert.fail('the stream ended early'))]);
    for (const [responseSize, payloadSize] of pairs) {
      const reply = next();
      call.write({ response_parameters: [{ size: responseSize }], payload: { body: zeros(payloadSize) } });
      received.push((await reply).payload.body.length);
    }
    call.end();
    await done;
    assert.deepStrictEqual(received, pairs.map((p) => p[0]));
  },
  async empty_stream() {
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    call.end();
    const { messages } = await done;
    assert.strictEqual(messages.length, 0);
  },
  async timeout_on_sleeping_server() {
    const call = client.FullDuplexCall({ deadline: Date.now() + 1 });
    const done = collect(call);
    call.write({ payload: { body: zeros(27182) } });
    await expectStatus(done, grpc.status.DEADLINE_EXCEEDED);
  },
  async cancel_after_begin() {
    const done = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(), (err, r) => (err ? reject(err) : resolve(r)));
      call.cancel();
    });
    await expectStatus(done, grpc.status.CANCELLED);
  },
  async cancel_after_first_response() {
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    call.once('data', (m) => {
      assert.strictEqual(m.payload.body.length, 31415);
      call.cancel();
    });
    call.write({ response_parameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    await expectStatus(done, grpc.status.CANCELLED);
  },
  async status_code_and_message() {
    const status = { code: 2, message: 'test status message' };
    await expectStatus(unary(client, 'UnaryCall', { response_status: status }), 2, status.message);
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    call.write({ response_status: status });
    call.end();
    await expectStatus(done, 2, status.message);
  },
  async special_status_message() {
    const message = '\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\t\n';
    await expectStatus(unary(client, 'UnaryCall', { response_status: { code: 2, message } }), 2, message);
  },
  async unimplemented_method() {
    await expectStatus(unary(client, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async unimplemented_service() {
    const other = new testing.UnimplementedService(target, insecure);
    await expectStatus(unary(other, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },
  async custom_metadata() {
    const metadata = () => {
      const md = new grpc.Metadata();
      md.set('x-grpc-test-echo-initial', 'test_initial_metadata_value');
      md.set('x-grpc-test-echo-trailing-bin', Buffer.from([0xab, 0xab, 0xab]));
      return md;
    };
    const check = (initial, trailing) => {
      assert.deepStrictEqual(initial.get('x-grpc-test-echo-initial'), ['test_initial_metadata_value']);
      assert.deepStrictEqual(trailing.get('x-grpc-test-echo-trailing-bin'), [Buffer.from([0xab, 0xab, 0xab])]);
    };
    const request = { response_size: 314159, payload: { body: zeros(271828) } };
    const u = await unary(client, 'UnaryCall', request, metadata());
    check(u.initial, u.status.metadata);
    const call = client.FullDuplexCall(metadata(), deadline());
    const done = collect(call);
    call.write({ response_parameters: [{ size: 314159 }], payload: { body: zeros(271828) } });
    call.end();
    const d = await done;
    check(d.initial, d.status.metadata);
  },
  async health_serving() {
    const health = new proto.grpc.health.v1.Health(target, insecure);
    for (const service of ['', 'grpc.testing.TestService']) {
      const { response } = await unary(health, 'Check', { service });
      assert.strictEqual(response.status, 'SERVING', `health of '${service}'`);
    }
    await expectStatus(unary(health, 'Check', { service: 'no.such.Service' }), grpc.status.NOT_FOUND);
    const watch = health.Watch({ service: '' }, deadline());
    const first = await new Promise((resolve, reject) => { watch.once('data', resolve); watch.once('error', reject); });
    watch.on('error', () => {});
    watch.cancel();
    assert.strictEqual(first.status, 'SERVING');
  },
  async reflection_v1() {
    const [list, file] = await reflect(proto.grpc.reflection.v1.ServerReflection,
      [{ list_services: '' }, { file_containing_symbol: 'grpc.testing.TestService' }]);
    const names = list.list_services_response.service.map((s) => s.name);
    for (const expected of ['grpc.testing.TestService', 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection']) {
      assert.ok(names.includes(expected), `${expected} listed in ${names}`);
    }
    // Use only what reflection returned, as grpcurl does: rebuild the service and call it.
    const files = file.file_descriptor_response.file_descriptor_proto;
    const reflected = grpc.loadPackageDefinition(protoLoader.loadFileDescriptorSetFromBuffer(toDescriptorSet(files)));
    const viaReflection = new reflected.grpc.testing.TestService(target, insecure);
    const { response } = await unary(viaReflection, 'UnaryCall', { response_size: 7 });
    assert.strictEqual(response.payload.body.length, 7);
    const [missing] = await reflect(proto.grpc.reflection.v1.ServerReflection, [{ file_by_filename: 'no/such.proto' }]);
    assert.strictEqual(missing.error_response.error_code, grpc.status.NOT_FOUND);
  },
  async reflection_v1alpha() {
    const [list, file] = await reflect(proto.grpc.reflection.v1alpha.ServerReflection,
      [{ list_services: '' }, { file_by_filename: 'grpc/testing/test.proto' }]);
    assert.ok(list.list_services_response.service.some((s) => s.name === 'grpc.testing.TestService'));
    assert.ok(file.file_descriptor_response.file_descriptor_proto.length >= 3, 'test.proto with empty.proto and messages.proto');
  },
};

// A failed case may leave a call's promise rejected with nobody awaiting it; the case has already reported.
process.on('unhandledRejection', () => {});

async function main() {
  const selected = args.cases ? args.cases.split(',') : Object.keys(cases);
  let failed = 0;
  for (const name of selected) {
    const started = Date.now();
    try {
      if (!cases[name]) throw new Error(`unknown case ${name}`);
      await cases[name]();
      console.log(JSON.stringify({ case: name, ok: true, ms: Date.now() - started }));
    } catch (err) {
      failed++;
      console.log(JSON.stringify({ case: name, ok: false, ms: Date.now() - started, error: String(err && (err.stack || err)) }));
    }
  }
  client.close();
  gzipClient.close();
  process.exit(failed ? 1 : 0);
}

main();
