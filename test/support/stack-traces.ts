/**
 * Runs before every test file. Jest's environment raises `Error.stackTraceLimit` to 100, and Jest maps
 * every frame of every stack that is read through source maps. @pulumi/pulumi reads a stack for each
 * promise it makes (a dozen per registered resource), so under Jest that mapping was most of the Pulumi
 * tests' time. Node's own default of 10 frames still shows where a failing test and the code it called
 * went wrong.
 */
Error.stackTraceLimit = 10;
