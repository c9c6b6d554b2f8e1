/**
 * Re-encryption of stored PHI: the resumable job that re-seals every stored resource version under the current
 * primary key (key rotation) and seals the plain rows written before encryption existed, with its state, progress
 * and error report in the database. Platform-wide, because the keys are the platform's.
 */
package org.custos.rotation;
