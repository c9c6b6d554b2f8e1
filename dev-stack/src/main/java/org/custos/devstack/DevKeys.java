package org.custos.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * DEV-ONLY keysets of the local stack, generated unencrypted into the run folder at first start and reused
 * afterwards (the database they encrypt lives there too). Production keysets are generated with
 * {@code ./run.sh keys}, kept in a secret store and given to the application through MicroProfile Config.
 */
public record DevKeys(Path dataKeyset, Path indexKeyset) {

    public static DevKeys loadOrGenerate(Path runDir) {
        Path directory = runDir.resolve("dev-keys");
        DevKeys keys = new DevKeys(directory.resolve(Keysets.DATA), directory.resolve(Keysets.INDEX));
        if (!Files.exists(keys.dataKeyset())) {
            try {
                Keysets.generate(directory, Optional.empty());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot generate dev keysets in " + directory, e);
            }
            System.out.println("!!! DEV KEYS generated in " + directory + ": unencrypted keysets for this dev stack"
                    + " only. NEVER use them in production.");
        }
        return keys;
    }
}
