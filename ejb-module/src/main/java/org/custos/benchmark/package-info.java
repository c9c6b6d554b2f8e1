/**
 * The benchmark's switches ({@code bench/run.sh} runs twins of the application with encryption or the audit trail
 * off, to measure what each costs): accepted in the dev profile only, so that no deployment can turn them on.
 */
package org.custos.benchmark;
