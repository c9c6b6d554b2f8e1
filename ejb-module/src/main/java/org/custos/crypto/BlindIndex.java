package org.custos.crypto;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;

/**
 * {@link Blinding} with the index keyset (Tink PRF, HMAC-SHA256; a key separate from the data key): the index is
 * the id of the key, then 128 bits of HMAC over tenant, scope and value ({@code 8c1f20aa:Qm9...}).
 */
@ApplicationScoped
public class BlindIndex implements Blinding {

    private static final byte FORMAT = 1;
    private static final int OUTPUT_BYTES = 16;

    @Inject
    CryptoKeys keys;

    @Override
    public long keyId() {
        return Integer.toUnsignedLong(keys.index().getPrimaryId());
    }

    @Override
    public String blind(String tenant, String scope, String value) {
        PrfSet prfs = keys.index();
        try {
            return compute(prfs.getPrimaryId(), prfs.getPrfs().get(prfs.getPrimaryId()), tenant, scope, value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Index keyset unusable", e);
        }
    }

    @Override
    public List<String> candidates(String tenant, String scope, String value) {
        List<String> all = new ArrayList<>();
        PrfSet prfs = keys.index();
        try {
            for (Map.Entry<Integer, Prf> key : prfs.getPrfs().entrySet()) {
                all.add(compute(key.getKey(), key.getValue(), tenant, scope, value));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Index keyset unusable", e);
        }
        return all;
    }

    private static String compute(int keyId, Prf prf, String tenant, String scope, String value) {
        try {
            byte[] mac = prf.compute(LengthPrefixed.encode(FORMAT, tenant, scope, value), OUTPUT_BYTES);
            return Integer.toHexString(keyId) + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index cannot be computed", e);
        }
    }
}
