package org.custos.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * Generates the application's keysets ({@code ./run.sh keys DIRECTORY [KEK_KEYSET_FILE]}), as Tink JSON readable by
 * the owner only: data (AES-256-GCM, seals PHI), index (HMAC-SHA256 PRF, blind indexes), audit-mac (HMAC-SHA256,
 * authenticates audit records) and audit-signing (Ed25519, signs audit checkpoints). With a key-encryption keyset
 * they are written encrypted by it, as the application expects when {@code custos.crypto.kek-keyset-file} is set.
 * A keyset file that exists is never overwritten: only missing keysets are generated.
 */
public final class Keysets {

    public static final String DATA = "data-keyset.json";
    public static final String INDEX = "index-keyset.json";
    public static final String AUDIT_MAC = "audit-mac-keyset.json";
    public static final String AUDIT_SIGNING = "audit-signing-keyset.json";

    /** Each keyset's name in the configuration ({@code custos.crypto.NAME-keyset-file}), its file and its keys. */
    private static final Map<String, String> FILES = Map.of("data", DATA, "index", INDEX, "audit-mac", AUDIT_MAC,
            "audit-signing", AUDIT_SIGNING);

    private Keysets() {
    }

    /** @return the names of the keysets written now */
    public static List<String> generateMissing(Path directory, Optional<Path> kekKeysetFile)
            throws IOException, GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        MacConfig.register();
        SignatureConfig.register();
        Files.createDirectories(directory);
        Optional<Aead> kek = kekKeysetFile.isEmpty() ? Optional.empty() : Optional.of(
                TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(kekKeysetFile.get()), InsecureSecretKeyAccess.get())
                        .getPrimitive(RegistryConfiguration.get(), Aead.class));
        Map<String, Parameters> parameters = Map.of("data", PredefinedAeadParameters.AES256_GCM,
                "index", PredefinedPrfParameters.HMAC_SHA256_PRF,
                "audit-mac", PredefinedMacParameters.HMAC_SHA256_256BITTAG,
                "audit-signing", PredefinedSignatureParameters.ED25519);
        List<String> written = new ArrayList<>();
        for (String name : List.of("data", "index", "audit-mac", "audit-signing")) {
            Path file = directory.resolve(FILES.get(name));
            if (!Files.exists(file)) {
                write(file, KeysetHandle.generateNew(parameters.get(name)), name, kek);
                written.add(name);
            }
        }
        return written;
    }

    /** The environment that points the application at the keysets in {@code directory}. */
    public static Map<String, String> environment(Path directory) {
        Map<String, String> env = new HashMap<>();
        FILES.forEach((name, file) -> env.put("CUSTOS_CRYPTO_" + name.toUpperCase().replace('-', '_')
                + "_KEYSET_FILE", directory.resolve(file).toString()));
        return env;
    }

    private static void write(Path file, KeysetHandle keyset, String name, Optional<Aead> kek)
            throws IOException, GeneralSecurityException {
        String json = kek.isPresent()
                ? TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kek.get(),
                        ("custos-keyset:" + name).getBytes(StandardCharsets.UTF_8))
                : TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, json);
    }
}
