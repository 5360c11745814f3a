// Acceptance 3 of issue 22: `kubectl kustomize` renders the base and every overlay, and every object validates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { kustomizations, kubectlVersion, render, id } from "./lib/render.mjs";
import { validationErrors } from "./lib/schemas.mjs";

test("kubectl has kustomize v5 built in (the renderer the README tells users to run)", () => {
  const { kustomize } = kubectlVersion();
  assert.match(kustomize ?? "", /^v5\./, `kubectl's kustomize is ${kustomize}`);
});

for (const { name, dir } of kustomizations()) {
  test(`${name} renders`, () => {
    const objects = render(dir);
    assert.ok(objects.length > 0, "rendered nothing");
    const names = objects.map((o) => `${o.metadata?.namespace ?? ""}/${id(o)}`);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], "an object is rendered twice");
  });

  test(`${name}: every object validates against its schema`, async () => {
    const failures = [];
    for (const object of render(dir)) {
      const errors = await validationErrors(object);
      if (errors.length > 0) failures.push(`${id(object)}: ${errors.join("; ")}`);
    }
    assert.deepEqual(failures, []);
  });
}

// The validation above is only worth something if it refuses what the API server would refuse.
test("the validation refuses misspelt fields, wrong types and unknown kinds", async () => {
  const production = render(kustomizations().find((k) => k.name.endsWith("production")).dir);
  const pick = (kind) => structuredClone(production.find((o) => o.kind === kind));
  const cases = [
    ["a misspelt container field", pick("Deployment"), (o) => { o.spec.template.spec.containers[0].readinesProbe = o.spec.template.spec.containers[0].readinessProbe; }],
    ["a probe port that is not a number", pick("Deployment"), (o) => { o.spec.template.spec.containers[0].ports[0].containerPort = "grpc"; }],
    ["a Service without ports' port", pick("Service"), (o) => { delete o.spec.ports[0].port; }],
    ["a NetworkPolicy with a misspelt peer", pick("NetworkPolicy"), (o) => { o.spec.ingress = [{ form: [] }]; }],
    ["a PodDisruptionBudget field that does not exist", pick("PodDisruptionBudget"), (o) => { o.spec.minAvailible = 1; }],
    ["a ScaledObject without its target", pick("ScaledObject"), (o) => { delete o.spec.scaleTargetRef; }],
    ["a Certificate with a number for a name list", pick("Certificate"), (o) => { o.spec.dnsNames = 5; }],
    ["a RabbitmqCluster TLS field misspelt", pick("RabbitmqCluster"), (o) => { o.spec.tls.disableNonTlsListeners = true; }],
    ["a RabbitmqCluster with a bad affinity", pick("RabbitmqCluster"), (o) => { o.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey = 7; }],
    ["a CloudNativePG Cluster with an unknown bootstrap field", pick("Cluster"), (o) => { o.spec.bootstrap.initdb.databse = "x"; }],
    ["a CloudNativePG role with a bad ensure", pick("Cluster"), (o) => { o.spec.managed.roles[0].ensure = "exists"; }],
    ["a ScaledObject trigger field misspelt", pick("ScaledObject"), (o) => { o.spec.triggers[0].authenticationRefs = o.spec.triggers[0].authenticationRef; }],
    ["a Certificate with an unknown usage", pick("Certificate"), (o) => { o.spec.usages = ["server authentication"]; }],
    ["a TriggerAuthentication field misspelt", pick("TriggerAuthentication"), (o) => { o.spec.secretTargetRefs = o.spec.secretTargetRef; }],
    ["an unknown kind", { apiVersion: "example.org/v1", kind: "Widget", metadata: { name: "w" } }, () => {}],
  ];
  for (const [label, object, spoil] of cases) {
    spoil(object);
    assert.notDeepEqual(await validationErrors(object), [], `${label} was accepted`);
  }
});
