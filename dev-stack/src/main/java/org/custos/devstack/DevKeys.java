package org.custos.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DEV-ONLY keysets of the local stack, generated unencrypted into the run folder at first start (and any keyset a
 * newer version needs, later) and reused afterwards: the database they protect lives there too. Production keysets
 * are generated with {@code ./run.sh keys}, kept in a secret store and given to the application through
 * MicroProfile Config.
 */
public record DevKeys(Path directory) {

    /** The dev keys of this run folder, as they are (nothing generated). */
    public static DevKeys in(Path runDir) {
        return new DevKeys(runDir.resolve("dev-keys"));
    }

    public static DevKeys loadOrGenerate(Path runDir) {
        Path directory = in(runDir).directory();
        try {
            List<String> generated = Keysets.generateMissing(directory, Optional.empty());
            if (!generated.isEmpty()) {
                System.out.println("!!! DEV KEYS " + generated + " generated in " + directory + ": unencrypted keysets"
                        + " for this dev stack only. NEVER use them in production.");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate dev keysets in " + directory, e);
        }
        return new DevKeys(directory);
    }

    public Path dataKeyset() {
        return directory.resolve(Keysets.DATA);
    }

    public Path indexKeyset() {
        return directory.resolve(Keysets.INDEX);
    }

    /** The application's settings naming every keyset. */
    public Map<String, String> environment() {
        return Keysets.environment(directory);
    }
}
