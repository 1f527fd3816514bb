#!/usr/bin/env node
/**
 * Validates manifests with the upstream kubernetes-models validators for the Sealed Secrets and External
 * Secrets CRDs (@kubernetes-models/sealed-secrets, @kubernetes-models/external-secrets). Those packages
 * are ESM-only, and Jest here runs CommonJS, so tests run this script in a child Node process.
 *
 * stdin:  a JSON array of manifest objects.
 * stdout: a JSON array, one result per input object, in order:
 *           { index, apiVersion, kind, name, validator, valid, errors: [{ instancePath, keyword, params, message }] }
 *         `validator` is the upstream model class used, or null when the package set has none for the
 *         apiVersion/kind (then `valid` is null). Exit code 0 whenever the input could be read, 2 otherwise.
 *
 * Nothing reaches the network: the validators are precompiled ajv functions inside the packages.
 */
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore';

/** The upstream models, by `<apiVersion>/<kind>`. */
const MODELS = new Map(
  [SealedSecret, ExternalSecret, SecretStore, ClusterSecretStore].map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/** The errors of one object (empty when valid), with the localized message ajv-i18n put on each. */
function validate(Model, obj) {
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    return e.errors.map((err) => ({ instancePath: err.instancePath, keyword: err.keyword, params: err.params, message: err.message }));
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

let objects;
try {
  objects = JSON.parse(await readStdin());
  if (!Array.isArray(objects)) throw new Error('expected a JSON array of manifest objects on stdin');
} catch (e) {
  process.stderr.write(`upstream-validate: ${e.message}\n`);
  process.exit(2);
}

const results = objects.map((obj, index) => {
  const apiVersion = obj?.apiVersion;
  const kind = obj?.kind;
  const Model = MODELS.get(`${apiVersion}/${kind}`);
  const base = { index, apiVersion, kind, name: obj?.metadata?.name };
  if (!Model) return { ...base, validator: null, valid: null, errors: [] };
  const errors = validate(Model, obj);
  return { ...base, validator: `${Model.apiVersion}/${Model.kind}`, valid: errors.length === 0, errors };
});
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
