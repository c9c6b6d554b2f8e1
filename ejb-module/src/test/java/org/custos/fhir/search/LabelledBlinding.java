package org.custos.fhir.search;

import java.util.List;

import org.custos.crypto.Blinding;

/** A readable stand-in for the keyed hash, for tests of the SQL and index shapes (not of the cryptography). */
final class LabelledBlinding implements Blinding {

    @Override
    public long keyId() {
        return 1;
    }

    @Override
    public String blind(String tenant, String scope, String value) {
        return "B(" + tenant + "|" + scope + "|" + value + ")";
    }

    @Override
    public List<String> candidates(String tenant, String scope, String value) {
        return List.of(blind(tenant, scope, value), "old-key-" + blind(tenant, scope, value));
    }
}
