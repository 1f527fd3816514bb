import { inspect } from 'util';
import * as pulumi from '@pulumi/pulumi';
import { runError } from '../../lib/pulumi/run-error';

describe('runError', () => {
  test('is a RunError whose stack is only its message, so Pulumi\'s host prints and inspects it without frames', () => {
    const message = 'renderToPulumi: 2 Pulumi config secret(s) are not set:\n  pulumi config set --secret db.password';
    const error = runError(message);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error.message).toBe(message);
    expect(error.stack).toBe(`Error: ${message}`);
    expect(error.stack).not.toMatch(/\n\s+at /);
    // What the host's uncaught-error handler does with it (with colors, as it logs to a terminal).
    expect(inspect(error, { colors: true })).toContain('pulumi config set --secret db.password');
  });
});
