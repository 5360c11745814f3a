'use strict';
// grpc-js against every BudgetMesh service, knowing nothing but what each server's reflection says (as grpcurl
// would): health, the services reflection v1 and v1alpha list, and every rpc called once with an empty request and
// no key. Prints one JSON line: { <name>: { health, v1, v1alpha, rpcs: { "<service>/<method>": { code, details } } } }.
//   node services.js --targets Intake=127.0.0.1:5101,Classification=127.0.0.1:5102
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { load, options, toDescriptorSet } = require('./protos');

const targets = Object.fromEntries(process.argv[process.argv.indexOf('--targets') + 1].split(',').map((t) => t.split('=')));
const proto = load();
const insecure = grpc.credentials.createInsecure();
const deadline = () => ({ deadline: Date.now() + 10000 });

function reflect(service, target, requests) {
  return new Promise((resolve, reject) => {
    const call = new service(target, insecure).ServerReflectionInfo(deadline());
    const responses = [];
    call.on('data', (r) => { responses.push(r); if (responses.length === requests.length) call.end(); });
    call.on('error', reject);
    call.on('end', () => resolve(responses));
    for (const r of requests) call.write(r);
  });
}

function call(client, method, definition) {
  return new Promise((resolve) => {
    if (definition.requestStream) { resolve({ code: -1, details: 'client streaming not called' }); return; }
    if (definition.responseStream) {
      const stream = client[method]({}, new grpc.Metadata(), deadline());
      stream.on('data', () => {});
      stream.on('error', (err) => resolve({ code: err.code, details: err.details }));
      stream.on('status', (s) => { if (s.code === 0) resolve({ code: 0, details: '' }); });
      return;
    }
    client[method]({}, new grpc.Metadata(), deadline(), (err) => resolve(err ? { code: err.code, details: err.details } : { code: 0, details: '' }));
  });
}

async function probe(target) {
  const health = await new Promise((resolve) => new proto.grpc.health.v1.Health(target, insecure)
    .Check({ service: '' }, deadline(), (err, r) => resolve(err ? `error ${err.code}` : r.status)));
  const [list] = await reflect(proto.grpc.reflection.v1.ServerReflection, target, [{ list_services: '' }]);
  const v1 = list.list_services_response.service.map((s) => s.name);
  const [alphaList] = await reflect(proto.grpc.reflection.v1alpha.ServerReflection, target, [{ list_services: '' }]);
  const v1alpha = alphaList.list_services_response.service.map((s) => s.name);
  const rpcs = {};
  for (const name of v1.filter((n) => n.startsWith('budgetmesh.'))) {
    const [file] = await reflect(proto.grpc.reflection.v1.ServerReflection, target, [{ file_containing_symbol: name }]);
    const definition = protoLoader.loadFileDescriptorSetFromBuffer(toDescriptorSet(file.file_descriptor_response.file_descriptor_proto), options);
    const service = definition[name];
    const Client = grpc.makeGenericClientConstructor(service);
    const client = new Client(target, insecure);
    for (const method of Object.keys(service)) {
      rpcs[`${name}/${method}`] = await call(client, method, service[method]);
    }
    client.close();
  }
  return { health, v1, v1alpha, rpcs };
}

(async () => {
  const result = {};
  for (const [name, target] of Object.entries(targets)) {
    try {
      result[name] = await probe(target);
    } catch (err) {
      result[name] = { error: String(err && (err.stack || err)) };
    }
  }
  console.log(JSON.stringify(result));
})();
