import { createHash } from 'crypto';
import * as pulumi from '@pulumi/pulumi';

/** The project name Pulumi.yaml declares; config keys are `<project>:<key>`. */
export const PROJECT = 'dapr-task-api';
export const STACK = 'dev';

/** One RegisterResource request, as the engine receives it. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** URN the (mock) engine assigned. */
  urn?: string;
  /** Parent URN, `''` for none. */
  readonly parent: string;
  /** URNs of the resources it depends on (explicit dependsOn and implicit ones from inputs). */
  readonly dependencies: string[];
  /** Provider reference, `''` for the default provider. */
  readonly provider: string;
  /** The inputs as the mock's `newResource` sees them (secrets as signature wrappers). */
  inputs?: any;
  /** The serialized inputs exactly as sent on the wire (what the engine stores in state). */
  readonly wire: any;
  /** Every other field of the request (aliases, options, property dependencies, …). */
  readonly rest: any;
}

/** Outputs a component registered with `registerOutputs` (also stored in state). */
export interface OutputRegistration {
  readonly urn: string;
  readonly outputs: any;
}

/** A mock Pulumi engine that records everything a program sends it. */
export interface MockRuntime {
  readonly registrations: Registration[];
  readonly outputs: OutputRegistration[];
  /** Waits until every pending resource operation has finished. */
  settle(): Promise<void>;
  /** Forgets what was recorded so far. */
  reset(): void;
  /** The registration with this type and name. */
  get(type: string, name: string): Registration;
  /** The registration that has this URN. */
  byUrn(urn: string): Registration;
}

/**
 * Installs Pulumi's mock runtime (`pulumi.runtime.setMocks`) for the project of Pulumi.yaml, with canary
 * values as secret config, and wraps its monitor to record every RegisterResource and
 * RegisterResourceOutputs request. Call before constructing any resource.
 */
export function installMocks(config: { [key: string]: string } = {}, secretKeys: string[] = Object.keys(config)): MockRuntime {
  const registrations: Registration[] = [];
  const outputs: OutputRegistration[] = [];
  const pending: Registration[] = [];
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      const r = pending.find((p) => p.type === args.type && p.name === args.name && p.inputs === undefined);
      if (r) r.inputs = args.inputs;
      return { id: `${args.name}_id`, state: args.type === 'kubernetes:core/v1:Secret' ? asApiServerReports(args.name, args.inputs) : args.inputs };
    },
    call: (args) => args.inputs,
  }, PROJECT, STACK, false);
  const qualify = (k: string) => (k.includes(':') ? k : `${PROJECT}:${k}`);
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [qualify(k), v])),
    secretKeys.map(qualify),
  );

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require('@pulumi/pulumi/runtime/settings');
  const monitor = settings.getMonitor();
  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    const { object: _object, ...rest } = req.toObject();
    const r: Registration = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      wire: req.getObject()?.toJavaScript(),
      rest,
    };
    registrations.push(r);
    pending.push(r);
    return registerResource(req, (err: unknown, resp: any) => {
      if (resp) r.urn = resp.getUrn();
      callback(err, resp);
    });
  };
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: any) => {
    outputs.push({ urn: req.getUrn(), outputs: req.getOutputs()?.toJavaScript() });
    return registerResourceOutputs(req, callback);
  };

  const runtime: MockRuntime = {
    registrations,
    outputs,
    settle: async () => {
      await settings.waitForRPCs();
      // registerOutputs is queued behind its resource; let it run, then drain again.
      await new Promise((resolve) => setImmediate(resolve));
      await settings.waitForRPCs();
    },
    reset: () => {
      registrations.length = 0;
      outputs.length = 0;
      pending.length = 0;
    },
    get: (type, name) => {
      const found = registrations.filter((r) => r.type === type && r.name === name);
      if (found.length !== 1) throw new Error(`${found.length} registrations of ${type} ${name}; have: ${registrations.map((r) => `${r.type} ${r.name}`).join(', ')}`);
      return found[0];
    },
    byUrn: (urn) => {
      const found = registrations.find((r) => r.urn === urn);
      if (!found) throw new Error(`no registration has URN ${urn}`);
      return found;
    },
  };
  return runtime;
}

/**
 * A Secret as the API server reports it: with a `uid` and a `resourceVersion` that changes whenever its
 * content does (here a hash of it, so that equal content gives equal output).
 */
function asApiServerReports(name: string, inputs: any): any {
  const resourceVersion = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 12);
  return { ...inputs, metadata: { ...inputs.metadata, uid: `uid-${name}`, resourceVersion } };
}

/** Resolves an Output's value (tests only). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}
