// Renders a kustomization with kubectl's built-in kustomize (kubectl kustomize DIR), as a user deploying it would.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
export const k8sRoot = join(repoRoot, "deploy", "k8s");

/** The kustomizations a user can apply: the base and every overlay. */
export function kustomizations() {
  const overlays = join(k8sRoot, "overlays");
  const dirs = [join(k8sRoot, "base")];
  for (const name of readdirSync(overlays)) {
    if (existsSync(join(overlays, name, "kustomization.yaml"))) dirs.push(join(overlays, name));
  }
  return dirs.map((dir) => ({ name: relative(repoRoot, dir), dir }));
}

const cache = new Map();

/** The objects `kubectl kustomize dir` prints; throws with kubectl's own message when it cannot render. */
export function render(dir) {
  if (cache.has(dir)) return cache.get(dir);
  let text;
  try {
    text = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error("kubectl is not installed: it renders deploy/k8s (deploy/install-prereqs.sh, README \"Deploying to Kubernetes\")");
    }
    throw new Error(`kubectl kustomize ${relative(repoRoot, dir)} failed:\n${error.stderr || error.message}`);
  }
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`kubectl printed YAML that does not parse: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null) objects.push(value);
  }
  cache.set(dir, objects);
  return objects;
}

/** kubectl's client version and the kustomize built into it. */
export function kubectlVersion() {
  const json = JSON.parse(execFileSync("kubectl", ["version", "--client", "-o", "json"], { encoding: "utf8" }));
  return { kubectl: json.clientVersion?.gitVersion, kustomize: json.kustomizeVersion };
}

export const id = (o) => `${o.kind}/${o.metadata?.name}`;
