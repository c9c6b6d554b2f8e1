package org.custos.crypto;

import java.security.GeneralSecurityException;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.PrfConfig;
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

    /** Loads the keys when the application starts, so that missing keys fail the deployment, not a request. */
    void loadAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        data();
    }

    @PostConstruct
    void load() {
        try {
            AeadConfig.register();
            PrfConfig.register();
            KeysetHandle keyset = new KeysetSource(key -> config.getOptionalValue(key, String.class)).keyset("data");
            requireAes256GcmWithKeyIds(keyset);
            data = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            LOG.info(() -> "Data keyset loaded: " + keyset.size() + " key(s), primary key id "
                    + Integer.toUnsignedString(keyset.getPrimary().getId()));
        } catch (GeneralSecurityException e) {
            throw new KeysetSource.MissingKeys("The data keyset cannot be used", e);
        } catch (KeysetSource.MissingKeys e) {
            LOG.severe("Custos refuses to start: " + e.getMessage());
            throw e;
        }
    }

    /** PHI is sealed with AES-256-GCM only, and every ciphertext must name its key (Tink's key id prefix). */
    private static void requireAes256GcmWithKeyIds(KeysetHandle keyset) {
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (entry.getStatus() == KeyStatus.DESTROYED) {
                continue;
            }
            if (!(entry.getKey() instanceof AesGcmKey key) || key.getParameters().getKeySizeBytes() != 32
                    || key.getParameters().getVariant() != AesGcmParameters.Variant.TINK) {
                throw new KeysetSource.MissingKeys("Data keyset key " + Integer.toUnsignedString(entry.getId())
                        + " is not AES-256-GCM with a Tink key id prefix");
            }
        }
    }

    /** The data keyset's AEAD, for {@link PhiCipher} only. */
    public Aead data() {
        return data;
    }
}
