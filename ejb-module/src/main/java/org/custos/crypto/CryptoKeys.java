package org.custos.crypto;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import org.custos.benchmark.BenchSwitches;
import org.eclipse.microprofile.config.Config;

/**
 * The application's keys, loaded at deployment from MicroProfile Config (see {@link KeysetSource}). Without them
 * the deployment fails with a message naming the setting: no PHI is ever stored unencrypted. A CDI bean, not an
 * EJB: every sealed column is opened through it, and a plain proxy call costs nothing.
 */
@ApplicationScoped
public class CryptoKeys {

    private static final Logger LOG = Logger.getLogger(CryptoKeys.class.getName());

    @Inject
    Config config;

    private volatile Aead data;
    private volatile int dataPrimaryId;
    private volatile PrfSet index;
    private volatile List<KeyInfo> keys = List.of();
    private volatile AuditKeys audit;

    /** Loads the keys when the application starts, so that missing keys fail the deployment, not a request. */
    void loadAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        data();
    }

    /**
     * Reads the keysets again (after a key was added, made primary or disabled in the keyset files): new writes use
     * the new primary at once; every ciphertext names its key, so older rows stay readable while their keys are in.
     */
    public void reload() {
        load();
    }

    @PostConstruct
    void load() {
        try {
            AeadConfig.register();
            PrfConfig.register();
            KeysetSource source = new KeysetSource(key -> config.getOptionalValue(key, String.class));
            KeysetHandle dataKeys = source.keyset("data", "AES-256-GCM with a Tink key id prefix",
                    key -> key instanceof AesGcmKey aes && aes.getParameters().getKeySizeBytes() == 32
                            && aes.getParameters().getVariant() == AesGcmParameters.Variant.TINK);
            KeysetHandle indexKeys = source.keyset("index", "HMAC-SHA256 PRF of at least 32 bytes",
                    key -> key instanceof HmacPrfKey hmac
                            && hmac.getParameters().getHashType() == HmacPrfParameters.HashType.SHA256
                            && hmac.getParameters().getKeySizeBytes() >= 32);
            audit = AuditKeys.load(source);
            if (unencryptedForBench()) {
                data = new UnencryptedForBench();
                dataPrimaryId = 0;
                LOG.warning("custos.crypto.unencrypted-for-bench: PHI is stored UNENCRYPTED (benchmark twin, dev only)");
            } else {
                data = dataKeys.getPrimitive(RegistryConfiguration.get(), Aead.class);
                dataPrimaryId = dataKeys.getPrimary().getId();
            }
            index = indexKeys.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            List<KeyInfo> all = new ArrayList<>(describe("data", dataKeys));
            all.addAll(describe("index", indexKeys));
            keys = List.copyOf(all);
            LOG.info(() -> "Keysets loaded: data " + dataKeys.size() + " key(s), primary "
                    + Integer.toUnsignedString(dataKeys.getPrimary().getId()) + "; index " + indexKeys.size()
                    + " key(s), primary " + Integer.toUnsignedString(indexKeys.getPrimary().getId()));
        } catch (GeneralSecurityException e) {
            throw new KeysetSource.MissingKeys("The keysets cannot be used", e);
        } catch (KeysetSource.MissingKeys e) {
            LOG.severe("Custos refuses to start: " + e.getMessage());
            throw e;
        }
    }

    /** The benchmark's unencrypted twin; refused outside the dev profile, so that no deployment can turn it on. */
    private boolean unencryptedForBench() {
        try {
            return BenchSwitches.on(config, "custos.crypto.unencrypted-for-bench");
        } catch (IllegalStateException refused) {
            throw new KeysetSource.MissingKeys(refused.getMessage());
        }
    }

    private static List<KeyInfo> describe(String name, KeysetHandle keyset) {
        List<KeyInfo> described = new ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            described.add(new KeyInfo(name, Integer.toUnsignedLong(entry.getId()), entry.getStatus().toString(),
                    entry.isPrimary()));
        }
        return described;
    }

    /** The keys of both keysets, without their material. */
    public List<KeyInfo> keys() {
        return keys;
    }

    /** Whether the data keyset has this key (a ciphertext's {@link PhiCipher#keyIdOf}) and it is enabled. */
    boolean dataKeyEnabled(String keyId) {
        return keys.stream().anyMatch(key -> "data".equals(key.keyset()) && "ENABLED".equals(key.status())
                && Long.toString(key.keyId()).equals(keyId));
    }

    /** The data keyset's AEAD, for {@link PhiCipher} only. */
    public Aead data() {
        return data;
    }

    /** The id of the key new values are sealed with. */
    public int dataPrimaryId() {
        return dataPrimaryId;
    }

    /** The index keyset's PRFs, for {@link BlindIndex} only. */
    public PrfSet index() {
        return index;
    }

    /** The audit trail's record MAC and checkpoint signature keys. */
    public AuditKeys audit() {
        return audit;
    }
}
