package org.custos.rotation;

import java.util.List;

/**
 * Every key with the rows that depend on it, and the rows that depend on no key yet: what an operator checks before
 * disabling or removing a key.
 *
 * @param unsealedRows           resource versions still stored in plain text (written before encryption)
 * @param resourcesToIndexAgain  resources indexed before the index key was recorded; the next job indexes them again
 */
public record KeyInventory(List<ManagedKey> keys, long unsealedRows, long resourcesToIndexAgain) {
}
