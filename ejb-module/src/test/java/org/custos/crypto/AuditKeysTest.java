package org.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuditKeysTest {

    private static final byte[] RECORD = "tenant|read|Patient|p1".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void registerTink() throws GeneralSecurityException {
        MacConfig.register();
        SignatureConfig.register();
    }

    private static String keyset(Parameters parameters) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(parameters),
                InsecureSecretKeyAccess.get());
    }

    private static AuditKeys keys(String macKeyset, String signingKeyset) {
        Map<String, String> config = new HashMap<>();
        config.put("custos.crypto.audit-mac-keyset", macKeyset);
        config.put("custos.crypto.audit-signing-keyset", signingKeyset);
        return AuditKeys.fromConfig(key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void aRecordMacMatchesItsContentOnlyAndIsDifferentEveryTime() throws Exception {
        AuditKeys keys = keys(keyset(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
                keyset(PredefinedSignatureParameters.ED25519));
        byte[] mac = keys.macOf(RECORD);
        assertTrue(keys.macMatches(mac, RECORD));
        assertFalse(keys.macMatches(mac, "tenant|read|Patient|p2".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Arrays.equals(mac, keys.macOf(RECORD)), "a fresh nonce per record");
        assertFalse(keys.macMatches(null, RECORD));
        assertFalse(keys.macMatches(new byte[16], RECORD));
    }

    @Test
    void aMacOrSignatureOfOtherKeysDoesNotMatch() throws Exception {
        String signing = keyset(PredefinedSignatureParameters.ED25519);
        AuditKeys ours = keys(keyset(PredefinedMacParameters.HMAC_SHA256_256BITTAG), signing);
        AuditKeys theirs = keys(keyset(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
                keyset(PredefinedSignatureParameters.ED25519));
        assertFalse(ours.macMatches(theirs.macOf(RECORD), RECORD));
        assertFalse(ours.signatureMatches(theirs.sign(RECORD), RECORD));
        byte[] signature = ours.sign(RECORD);
        assertTrue(ours.signatureMatches(signature, RECORD));
        assertFalse(ours.signatureMatches(signature, "other head".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keysOfAnotherKindAreRefused() throws Exception {
        String signing = keyset(PredefinedSignatureParameters.ED25519);
        assertThrows(KeysetSource.MissingKeys.class,
                () -> keys(keyset(PredefinedMacParameters.HMAC_SHA256_128BITTAG), signing));
        assertThrows(KeysetSource.MissingKeys.class,
                () -> keys(keyset(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
                        keyset(PredefinedSignatureParameters.ECDSA_P256)));
    }
}
