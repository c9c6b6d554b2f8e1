/**
 * Encryption of PHI at rest, the one crypto service of the application: keysets from MicroProfile Config
 * ({@link org.custos.crypto.CryptoKeys}, optionally wrapped by a key-encryption key), authenticated encryption of
 * stored values bound to their tenant, table, column and row ({@link org.custos.crypto.PhiCipher},
 * {@link org.custos.crypto.SealingContext}), and the JPA converter that seals entity columns
 * ({@link org.custos.crypto.SealedTextConverter}). All primitives are Google Tink's; nothing here implements a cipher.
 */
package org.custos.crypto;
