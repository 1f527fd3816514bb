/**
 * The mock side of pulumi-host.js: installs Pulumi's mock runtime with config from RUN_UNDER_MOCKS_CONFIG
 * (JSON, project-relative keys, all secret) before the program loads, collects every error the program
 * reports, and prints one line `RESULT <json>` with what was registered, the errors and the canary findings.
 * Never prints a config value.
 */
import * as pulumi from '@pulumi/pulumi';
import { findUnwrappedSecrets } from '../../../lib/scan';
import { installMocks } from './mock-runtime';

/** Every distinct error object reported (Pulumi reports one error once, however many promises it rejects). */
const reported = new Set<unknown>();
const config: { [key: string]: string } = JSON.parse(process.env.RUN_UNDER_MOCKS_CONFIG ?? '{}');
const rt = installMocks(config);

let errorReported: () => void;
/** Resolves when the program or the host reports its first error. */
const firstError = new Promise<void>((resolve) => { errorReported = resolve; });
/** Resolves when the event loop has nothing left to run (the host then ends, as `pulumi up`'s does). */
const nothingLeftToRun = new Promise<void>((resolve) => { process.on('beforeExit', () => resolve()); });

/** Records an error the program or Pulumi's host reported. */
export function reportError(e: unknown): void {
  reported.add(e);
  errorReported();
}

let finishing: Promise<never> | undefined;

/**
 * Waits for the program's resources, prints the result and exits; once. Without an error, every registration
 * settles. After one, the resources waiting for a refused Secret never do: the result is then printed when
 * nothing is left to run.
 */
export function finish(): Promise<never> {
  finishing ??= report();
  return finishing;
}

async function report(): Promise<never> {
  await Promise.race([rt.settle(), firstError.then(() => nothingLeftToRun)]);
  const errors = [...reported].map((e) => String((e as Error)?.message ?? e));
  const result = {
    registrations: rt.registrations.map((r) => ({ type: r.type, name: r.name, provider: r.provider, parent: r.parent, registered: r.inputs !== undefined })),
    errors,
    errorKinds: [...reported].map((e) => (pulumi.RunError.isInstance(e) ? 'RunError' : (e as Error)?.constructor?.name ?? typeof e)),
    findings: findUnwrappedSecrets({ registrations: rt.registrations.map((r) => [r.wire, r.inputs, r.rest]), outputs: rt.outputs, errors }, config),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
