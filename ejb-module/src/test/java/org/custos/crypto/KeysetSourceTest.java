package org.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetSourceTest {

    @BeforeAll
    static void registerTink() throws GeneralSecurityException {
        AeadConfig.register();
    }

    private static KeysetSource source(Map<String, String> config) {
        return new KeysetSource(key -> Optional.ofNullable(config.get(key)));
    }

    private static String newKeysetJson() throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                InsecureSecretKeyAccess.get());
    }

    @Test
    void missingKeysetRefusesNamingTheSettingAndTheEnvironmentVariable() {
        KeysetSource.MissingKeys missing = assertThrows(KeysetSource.MissingKeys.class, () -> source(Map.of()).keyset("data"));
        assertTrue(missing.getMessage().contains("custos.crypto.data-keyset-file"), missing.getMessage());
        assertTrue(missing.getMessage().contains("CUSTOS_CRYPTO_DATA_KEYSET_FILE"), missing.getMessage());
    }

    @Test
    void keysetIsReadInlineOrFromItsFile(@TempDir Path dir) throws Exception {
        String json = newKeysetJson();
        Path file = Files.writeString(dir.resolve("data.json"), json);
        KeysetHandle inline = source(Map.of("custos.crypto.data-keyset", json)).keyset("data");
        KeysetHandle fromFile = source(Map.of("custos.crypto.data-keyset-file", file.toString())).keyset("data");
        assertEquals(inline.getPrimary().getId(), fromFile.getPrimary().getId());
    }

    @Test
    void keysetEncryptedByTheKeyEncryptionKeyIsUnwrappedAndAPlainOneIsThenRefused() throws Exception {
        String kekJson = newKeysetJson();
        Aead kek = TinkJsonProtoKeysetFormat.parseKeyset(kekJson, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        KeysetHandle data = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(data, kek, KeysetSource.associatedData("data"));

        KeysetHandle read = source(Map.of("custos.crypto.data-keyset", wrapped, "custos.crypto.kek-keyset", kekJson))
                .keyset("data");
        assertEquals(data.getPrimary().getId(), read.getPrimary().getId());
        assertThrows(KeysetSource.MissingKeys.class, () -> source(Map.of("custos.crypto.data-keyset", newKeysetJson(),
                "custos.crypto.kek-keyset", kekJson)).keyset("data"));
        // Wrapped as the data keyset, it cannot be passed off as the index keyset.
        assertThrows(KeysetSource.MissingKeys.class, () -> source(Map.of("custos.crypto.index-keyset", wrapped,
                "custos.crypto.kek-keyset", kekJson)).keyset("index"));
    }
}
