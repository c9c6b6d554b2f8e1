package org.custos.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;

/**
 * Generates the application's keysets ({@code ./run.sh keys DIRECTORY [KEK_KEYSET_FILE]}): the data keyset
 * (AES-256-GCM, seals PHI) and the index keyset (HMAC-SHA256 PRF, blind indexes), as Tink JSON, readable by the
 * owner only. With a key-encryption keyset they are written encrypted by it, as the application expects when
 * {@code custos.crypto.kek-keyset-file} is set.
 */
public final class Keysets {

    public static final String DATA = "data-keyset.json";
    public static final String INDEX = "index-keyset.json";

    private Keysets() {
    }

    public static void generate(Path directory, Optional<Path> kekKeysetFile) throws IOException, GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        Files.createDirectories(directory);
        Optional<Aead> kek = kekKeysetFile.isEmpty() ? Optional.empty() : Optional.of(
                TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(kekKeysetFile.get()), InsecureSecretKeyAccess.get())
                        .getPrimitive(RegistryConfiguration.get(), Aead.class));
        write(directory.resolve(DATA), KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), "data", kek);
        write(directory.resolve(INDEX), KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF), "index", kek);
    }

    private static void write(Path file, KeysetHandle keyset, String name, Optional<Aead> kek)
            throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists already; keysets are never overwritten");
        }
        String json = kek.isPresent()
                ? TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek.get(),
                        ("custos-keyset:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, json);
    }
}
