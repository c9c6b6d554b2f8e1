package org.custos.audit;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.custos.crypto.AuditKeys;

/**
 * The audit chains verified from the command line, without the application: for IT and auditors who trust the
 * database's content less than its reader. {@code java -cp ejb-module.jar:postgresql.jar
 * org.custos.audit.AuditVerifyCommand [TENANT]} with {@code CUSTOS_AUDIT_DB_URL}, {@code CUSTOS_AUDIT_DB_USER} and
 * {@code CUSTOS_AUDIT_DB_PASSWORD} set (a read-only role is enough) and the audit keysets as the application gets
 * them ({@code CUSTOS_CRYPTO_AUDIT_MAC_KEYSET_FILE}, {@code CUSTOS_CRYPTO_AUDIT_SIGNING_KEYSET_FILE}, and the
 * key-encryption key's settings if they are wrapped). Exit code 1 when a chain is broken.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) throws SQLException {
        try (Connection db = DriverManager.getConnection(System.getenv("CUSTOS_AUDIT_DB_URL"),
                System.getenv("CUSTOS_AUDIT_DB_USER"), System.getenv("CUSTOS_AUDIT_DB_PASSWORD"))) {
            System.exit(verify(db, args.length > 0 ? Optional.of(args[0]) : Optional.empty(),
                    keysFrom(System.getenv()), System.out));
        }
    }

    /** The audit keys named in this environment, by the variables the application reads them from. */
    public static AuditKeys keysFrom(Map<String, String> environment) {
        return AuditKeys.fromConfig(property -> Optional.ofNullable(environment.get(
                property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))));
    }

    /**
     * Walks the given chain, or every chain, each in one snapshot, and prints one line per chain.
     *
     * @return 0 when every chain walked is intact, 1 otherwise
     */
    public static int verify(Connection db, Optional<String> chain, AuditKeys keys, PrintStream out)
            throws SQLException {
        int broken = 0;
        for (String name : chain.isPresent() ? List.of(chain.get()) : ChainWalk.chains(db)) {
            ChainVerification verification = ChainWalk.verifyInSnapshot(db, name, keys);
            out.println((name.isEmpty() ? "(platform)" : name) + ": " + verification.sealedRecords() + " sealed, "
                    + verification.unsealedRecords() + " not yet sealed, signed through "
                    + verification.signedThrough() + (verification.purgedThrough() > 0 ? ", purged through "
                    + verification.purgedThrough() : "") + ", " + verification.problem()
                    .map(problem -> "BROKEN at " + verification.brokenAt().orElseThrow() + ": " + problem)
                    .orElse("intact"));
            broken += verification.intact() ? 0 : 1;
        }
        return broken == 0 ? 0 : 1;
    }
}
