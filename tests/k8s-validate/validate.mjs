// Validates every Kubernetes object under deploy/k8s (or the directory given) against the
// Kubernetes schemas of kubernetes-models, then renders each overlay with kustomize (when a
// kustomize or kubectl binary is present) and validates the rendered objects plus the links
// between them that schemas cannot see. Exits non-zero on any error.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", "..", "deploy", "k8s"));
const errors = [];
let checked = 0;

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function parse(text, where) {
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push(`${where}: YAML error: ${e.message}`);
      continue;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    objects.push(value);
  }
  return objects;
}

async function modelFor(apiVersion, kind) {
  // "v1" -> kubernetes-models/v1/Kind; "apps/v1" -> kubernetes-models/apps/v1/Kind
  try {
    const module = await import(`kubernetes-models/${apiVersion}/${kind}`);
    return module[kind] ?? module.default;
  } catch {
    return undefined;
  }
}

async function validateObject(object, where) {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name ?? "(unnamed)";
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    errors.push(`${where}: an object without apiVersion/kind`);
    return;
  }
  const Model = await modelFor(apiVersion, kind);
  if (!Model) {
    errors.push(`${where}: ${apiVersion} ${kind} "${name}" is not a known Kubernetes kind`);
    return;
  }
  try {
    new Model(object).validate();
    checked++;
  } catch (e) {
    const details = e.errors ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}`).join("; ") : e.message;
    errors.push(`${where}: ${kind} "${name}": ${details}`);
  }
}

function checkKustomization(object, file) {
  const dir = dirname(file);
  for (const entry of object.resources ?? []) {
    if (!existsSync(join(dir, entry))) errors.push(`${relative(root, file)}: resource "${entry}" does not exist`);
  }
}

// Links that a schema cannot check, on a rendered overlay.
function checkLinks(objects, where) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const configMaps = new Set(byKind("ConfigMap").map((o) => o.metadata.name));
  const accounts = new Set(byKind("ServiceAccount").map((o) => o.metadata.name));
  const podLabels = [];
  for (const workload of [...byKind("Deployment"), ...byKind("StatefulSet")]) {
    const name = workload.metadata.name;
    const labels = workload.spec.template.metadata?.labels ?? {};
    podLabels.push(labels);
    for (const [k, v] of Object.entries(workload.spec.selector.matchLabels ?? {})) {
      if (labels[k] !== v) errors.push(`${where}: ${name}: selector ${k}=${v} does not match its pod labels`);
    }
    const pod = workload.spec.template.spec;
    if (pod.serviceAccountName && !accounts.has(pod.serviceAccountName))
      errors.push(`${where}: ${name}: service account "${pod.serviceAccountName}" is not defined`);
    for (const container of pod.containers) {
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef && !configMaps.has(from.configMapRef.name))
          errors.push(`${where}: ${name}: ConfigMap "${from.configMapRef.name}" is not defined`);
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.configMap && !configMaps.has(volume.configMap.name))
          errors.push(`${where}: ${name}: volume ConfigMap "${volume.configMap.name}" is not defined`);
      }
    }
    if (labels["orleans/serviceId"]) {
      // A silo under Orleans Kubernetes hosting: identity and address come from these.
      const env = new Set(pod.containers.flatMap((c) => (c.env ?? []).map((e) => e.name)));
      for (const needed of ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"])
        if (!env.has(needed)) errors.push(`${where}: silo ${name} lacks env ${needed}`);
      if (!labels["orleans/clusterId"]) errors.push(`${where}: silo ${name} lacks label orleans/clusterId`);
      for (const c of pod.containers)
        if (!c.readinessProbe?.grpc || !c.livenessProbe?.grpc) errors.push(`${where}: silo ${name}: readiness and liveness must use gRPC health`);
    }
  }
  for (const service of byKind("Service")) {
    const selector = service.spec.selector ?? {};
    const matches = podLabels.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    if (!matches) errors.push(`${where}: Service ${service.metadata.name} selects no pod`);
  }
}

function renderer() {
  for (const [tool, args, probe] of [["kustomize", ["build"], ["version"]], ["kubectl", ["kustomize"], ["version", "--client"]]]) {
    try {
      execFileSync(tool, probe, { stdio: "ignore" });
      return (dir) => execFileSync(tool, [...args, dir], { encoding: "utf8" });
    } catch { /* try the next */ }
  }
  return undefined;
}

for (const file of yamlFiles(root)) {
  const where = relative(root, file);
  for (const object of parse(readFileSync(file, "utf8"), where)) {
    if (object.kind === "Kustomization") checkKustomization(object, file);
    else await validateObject(object, where);
  }
}

const render = renderer();
const overlays = join(root, "overlays");
if (!render) {
  console.warn("kustomize/kubectl not found: rendered overlays were not checked (source files were)");
} else if (existsSync(overlays)) {
  for (const overlay of readdirSync(overlays)) {
    const where = `overlays/${overlay} (rendered)`;
    let text;
    try {
      text = render(join(overlays, overlay));
    } catch (e) {
      errors.push(`${where}: kustomize failed: ${e.message}`);
      continue;
    }
    const objects = parse(text, where);
    for (const object of objects) await validateObject(object, where);
    checkLinks(objects, where);
  }
}

if (errors.length > 0) {
  for (const e of errors) console.error(`error: ${e}`);
  console.error(`${errors.length} error(s) in ${relative(process.cwd(), root) || "."}`);
  process.exit(1);
}
console.log(`k8s manifests: ${checked} objects valid against the Kubernetes schemas`);
