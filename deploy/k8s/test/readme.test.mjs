// Acceptance 4 of issue 22: the README's deployment section names every Secret a user must create, with its keys,
// and no other; the ones the operators make are not asked of the user.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kustomizations, render, repoRoot } from "./lib/render.mjs";

function referencedSecrets(objects) {
  const refs = new Map(); // name → Set of keys (empty when the whole Secret is used)
  const add = (name, key) => {
    if (!name) return;
    if (!refs.has(name)) refs.set(name, new Set());
    if (key) refs.get(name).add(key);
  };
  for (const o of objects) {
    const pod = o.kind === "Deployment" ? o.spec.template.spec : undefined;
    for (const c of pod?.containers ?? []) for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) add(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    for (const v of pod?.volumes ?? []) if (v.secret) for (const item of v.secret.items ?? [{}]) add(v.secret.secretName, item.key);
    if (o.kind === "TriggerAuthentication") for (const r of o.spec.secretTargetRef) add(r.name, r.key);
    if (o.kind === "Cluster") {
      for (const role of o.spec.managed?.roles ?? []) if (role.passwordSecret) { add(role.passwordSecret.name, "username"); add(role.passwordSecret.name, "password"); }
      for (const name of Object.values(o.spec.certificates ?? {})) add(name);
    }
    if (o.kind === "RabbitmqCluster") { add(o.spec.tls.secretName); add(o.spec.tls.caSecretName); }
    if (o.kind === "Ingress") {
      for (const t of o.spec.tls ?? []) { add(t.secretName, "tls.crt"); add(t.secretName, "tls.key"); }
      const proxy = o.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-ssl-secret"];
      if (proxy) add(proxy.split("/")[1]);
    }
  }
  return refs;
}

function madeByOperators(objects) {
  const made = new Set();
  for (const o of objects) {
    if (o.kind === "Certificate") made.add(o.spec.secretName);
    if (o.kind === "RabbitmqCluster") made.add(`${o.metadata.name}-default-user`);
  }
  return made;
}

/** The "Create the Secrets" table: first column's backticked names → the second column's backticked keys. */
function readmeSecrets() {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Deploying to Kubernetes"));
  assert.ok(section, "README has a section \"Deploying to Kubernetes\"");
  const table = section.split("**3. Create the Secrets.**")[1]?.split("\n\n").find((block) => block.startsWith("| Secret |"));
  assert.ok(table, "the deployment section has the table of Secrets to create");
  const secrets = new Map();
  for (const row of table.split("\n").slice(2)) {
    const [names, keys] = row.split(/(?<!\\)\|/).slice(1, 3);
    const keyList = [...keys.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    for (const [, name] of names.matchAll(/`([^`]+)`/g)) secrets.set(name, new Set(keyList));
  }
  return { section, secrets };
}

for (const { name, dir } of kustomizations()) {
  test(`${name}: the README lists exactly the Secrets the user creates, with their keys`, () => {
    const objects = render(dir);
    const made = madeByOperators(objects);
    const toCreate = [...referencedSecrets(objects)].filter(([secret]) => !made.has(secret));
    const { section, secrets } = readmeSecrets();
    assert.deepEqual([...secrets.keys()].sort(), toCreate.map(([secret]) => secret).sort());
    for (const [secret, keys] of toCreate) {
      for (const key of keys) assert.ok(secrets.get(secret).has(key), `README: ${secret} needs key ${key}`);
    }
    for (const secret of made) assert.ok(!secrets.has(secret), `README asks the user for ${secret}, which an operator makes`);
    assert.match(section, /budgetmesh-broker-default-user/, "README says where the broker credentials come from");
  });
}

test("the README's apply command is the one the tests render", () => {
  const { section } = readmeSecrets();
  assert.match(section, /kubectl kustomize deploy\/k8s\/overlays\/production \| kubectl apply --server-side -f -/);
  for (const k of kustomizations()) assert.ok(render(k.dir).length > 0);
});
