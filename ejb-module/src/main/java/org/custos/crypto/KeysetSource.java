package org.custos.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/**
 * Reads the Tink keysets named in the configuration. A keyset {@code NAME} comes from
 * {@code custos.crypto.NAME-keyset} (the JSON itself, e.g. from a secret injected as an environment variable) or
 * {@code custos.crypto.NAME-keyset-file} (a path). When a key-encryption key is configured, the keysets are
 * expected encrypted by it: {@code custos.crypto.kek-uri} names a KMS key (a Tink KMS client for that URI must be
 * on the class path; this is where a cloud or HSM KMS plugs in), or {@code custos.crypto.kek-keyset[-file]} is a
 * local Tink AEAD keyset kept apart from the data keysets.
 */
final class KeysetSource {

    private static final String PREFIX = "custos.crypto.";

    private final Function<String, Optional<String>> config;

    /** @param config looks up a configuration property (MicroProfile Config in the server) */
    KeysetSource(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /**
     * @param name {@code data}, {@code index}, {@code audit-mac} or {@code audit-signing}
     * @throws MissingKeys when the keyset is not configured or cannot be read; the message says what to set
     */
    KeysetHandle keyset(String name) {
        String json = text(name + "-keyset").orElseThrow(() -> new MissingKeys("No " + name + " keyset is configured:"
                + " set " + PREFIX + name + "-keyset-file (environment variable " + envName(name + "-keyset-file")
                + ") to a Tink keyset file, or " + PREFIX + name + "-keyset to its JSON. Generate keysets with"
                + " './run.sh keys DIRECTORY'."));
        try {
            Optional<Aead> kek = keyEncryptionKey();
            if (kek.isPresent()) {
                return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, kek.get(), associatedData(name));
            }
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new MissingKeys("The " + name + " keyset cannot be read (is it a Tink JSON keyset, encrypted by"
                    + " the configured key-encryption key if one is set?)", e);
        }
    }

    /**
     * The keyset {@code name}, refused unless every usable key in it is of the expected kind: a keyset swapped for one
     * of weaker or other keys is not used.
     */
    KeysetHandle keyset(String name, String kind, Predicate<Key> allowed) {
        KeysetHandle keyset = keyset(name);
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (entry.getStatus() != KeyStatus.DESTROYED && !allowed.test(entry.getKey())) {
                throw new MissingKeys("Key " + Integer.toUnsignedString(entry.getId()) + " of the " + name
                        + " keyset is not " + kind);
            }
        }
        return keyset;
    }

    /** What an encrypted keyset of this name is bound to: a data keyset cannot be swapped for the index keyset. */
    static byte[] associatedData(String name) {
        return ("custos-keyset:" + name).getBytes(StandardCharsets.UTF_8);
    }

    private Optional<Aead> keyEncryptionKey() throws GeneralSecurityException {
        Optional<String> uri = config.apply(PREFIX + "kek-uri").filter(value -> !value.isBlank());
        if (uri.isPresent()) {
            return Optional.of(KmsClients.get(uri.get()).getAead(uri.get()));
        }
        Optional<String> kek = text("kek-keyset");
        if (kek.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TinkJsonProtoKeysetFormat.parseKeyset(kek.get(), InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class));
    }

    /** The inline value of {@code key}, else the content of the file {@code key-file}. */
    private Optional<String> text(String key) {
        Optional<String> inline = config.apply(PREFIX + key).filter(value -> !value.isBlank());
        if (inline.isPresent()) {
            return inline;
        }
        return config.apply(PREFIX + key + "-file").filter(value -> !value.isBlank()).map(file -> {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new MissingKeys("The file named by " + PREFIX + key + "-file cannot be read", new UncheckedIOException(e));
            }
        });
    }

    private static String envName(String key) {
        return (PREFIX + key).toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** The keys are not configured or not readable: the application refuses to start. */
    static final class MissingKeys extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        MissingKeys(String message) {
            super(message);
        }

        MissingKeys(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
