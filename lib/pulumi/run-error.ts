import * as pulumi from '@pulumi/pulumi';

/**
 * A `pulumi.RunError` (an error in the user's program or stack config, which Pulumi prints without a stack
 * trace) whose stack holds only the message.
 *
 * When a program fails, Pulumi's host also passes the error to `util.inspect` with colors. In Node 20,
 * inspect never ends on a stack frame in `node_modules/@pulumi/output.ts`, which is where the host's
 * source maps place Output callbacks (it grows a string until V8 refuses it, about 20 s of CPU); the
 * refusals made inside an `apply` had such frames. Nobody is shown the frames of a RunError anyway.
 */
export function runError(message: string): pulumi.RunError {
  const error = new pulumi.RunError(message);
  error.stack = `${error.name}: ${message}`;
  return error;
}
