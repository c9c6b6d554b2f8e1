package org.custos.crypto;

import java.util.List;

/**
 * Keyed blind indexes: a value is stored and searched as a keyed hash instead of itself, so that equal values
 * can be found and nothing else about them is revealed. Each tenant and each scope (which parameter of which
 * resource type) hash differently, so equal values cannot be linked across them.
 */
public interface Blinding {

    /**
     * The id of the key {@link #blind} uses now. Read it before blinding a resource's values: if the key changes
     * meanwhile, the resource is recorded under the older key and indexed again by the next re-encryption job.
     */
    long keyId();

    /** The index of {@code value} under the current primary key, for writing. */
    String blind(String tenant, String scope, String value);

    /** The indexes {@code value} may be stored under: one per key still in use, for searching during rotation. */
    List<String> candidates(String tenant, String scope, String value);
}
