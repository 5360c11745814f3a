// Validates one Kubernetes object against its schema:
//  - built-in kinds, KEDA and cert-manager with the kubernetes-models validators (generated from the OpenAPI
//    documents of Kubernetes and of those projects' CRDs: types, formats, enums, required fields), plus a closed-world
//    check of field names against @kubernetes/client-node's models (generated from the same Kubernetes OpenAPI), so a
//    misspelt field fails as it would under `kubectl apply`'s strict field validation;
//  - RabbitmqCluster and CloudNativePG's Cluster with the schemas in ../schemas (see its README), which also closes
//    cert-manager's and KEDA's kinds to the fields they have.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import * as k8s from "@kubernetes/client-node";

const here = dirname(fileURLToPath(import.meta.url));

const builtIn = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
};
const customSchemas = {
  "rabbitmq.com/v1beta1/RabbitmqCluster": "rabbitmqcluster.json",
  "postgresql.cnpg.io/v1/Cluster": "cnpg-cluster.json",
};
// cert-manager's and KEDA's validators in kubernetes-models check types and required fields but let unknown fields
// through; these closed schemas of the fields we use add that check (the CRDs would reject or, worse, ignore them).
const closedSchemas = {
  "cert-manager.io/v1/Certificate": "cert-manager-certificate.json",
  "cert-manager.io/v1/Issuer": "cert-manager-issuer.json",
  "keda.sh/v1alpha1/ScaledObject": "keda-scaledobject.json",
  "keda.sh/v1alpha1/TriggerAuthentication": "keda-triggerauthentication.json",
};

async function modelFor(apiVersion, kind) {
  const module = builtIn[apiVersion];
  if (!module) return undefined;
  try {
    return (await import(`${module}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

// Kubernetes types embedded in the custom resources (x-kubernetes-model in ../schemas).
const embedded = new Map();
async function embeddedValidator(name) {
  if (!embedded.has(name)) embedded.set(name, (await import(`kubernetes-models/_schemas/${name}`)).validate);
  return embedded.get(name);
}

let ajv;
async function customValidator(key) {
  if (!ajv) {
    const schemaDir = join(here, "..", "schemas");
    const names = new Set();
    for (const file of [...Object.values(customSchemas), ...Object.values(closedSchemas)]) {
      JSON.stringify(JSON.parse(readFileSync(join(schemaDir, file), "utf8")), (k, v) => (k === "x-kubernetes-model" && names.add(v), v));
    }
    for (const name of names) await embeddedValidator(name);
    ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addKeyword({
      keyword: "x-kubernetes-model",
      schemaType: "string",
      errors: true,
      validate: function check(model, data) {
        const validate = embedded.get(model);
        const ok = validate(data);
        check.errors = ok ? null : validate.errors.map((e) => ({ ...e, message: `${e.keyword} ${JSON.stringify(e.params)} (${model})` }));
        return ok;
      },
    });
    for (const file of [...Object.values(customSchemas), ...Object.values(closedSchemas)]) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), "utf8")), file);
  }
  return ajv.getSchema(customSchemas[key] ?? closedSchemas[key]);
}

/** The client-node model class of a kind ("apps/v1" + "Deployment" → V1Deployment), if it has one. */
function clientModel(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  const name = version.charAt(0).toUpperCase() + version.slice(1) + kind;
  return k8s[name]?.attributeTypeMap ? name : undefined;
}

/** Field names the Kubernetes API does not know (a closed-world walk of the object through the model types). */
function unknownFields(value, type, path, out) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, array[1], `${path}/${i}`, out));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}/${key}`, out);
    return;
  }
  const attributes = k8s[type]?.attributeTypeMap;
  if (!attributes || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) out.push(`${path}/${key}: no such field in ${type}`);
    else unknownFields(item, attribute.type, `${path}/${key}`, out);
  }
}

const ajvMessages = (errors) =>
  errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);

/** The reasons an object is invalid (empty when it is valid). */
export async function validationErrors(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") return ["apiVersion and kind are required"];
  const custom = customSchemas[`${apiVersion}/${kind}`];
  if (custom) {
    const validate = await customValidator(`${apiVersion}/${kind}`);
    return validate(object) ? [] : ajvMessages(validate.errors);
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return [`no schema for ${apiVersion} ${kind}: add its validator or a schema under deploy/k8s/test/schemas`];
  const errors = [];
  try {
    new Model(object).validate();
  } catch (error) {
    errors.push(String(error.message ?? error));
  }
  const model = clientModel(apiVersion, kind);
  if (model) unknownFields(object, model, "", errors);
  if (closedSchemas[`${apiVersion}/${kind}`]) {
    const validate = await customValidator(`${apiVersion}/${kind}`);
    if (!validate(object)) errors.push(...ajvMessages(validate.errors));
  }
  return errors;
}
