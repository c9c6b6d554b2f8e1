package org.custos.devstack;

import java.io.PrintStream;

/** What ./run.sh prints once everything answers: where things are and the DEV-ONLY credentials to use them. */
final class StartupBanner {

    private final DevStack stack;
    private final DemoUsers demo;

    StartupBanner(DevStack stack, DemoUsers demo) {
        this.stack = stack;
        this.demo = demo;
    }

    void print(PrintStream out) {
        StackSettings s = stack.settings();
        String line = "=".repeat(100);
        out.println(line);
        out.printf("Custos FHIR platform is up (started in %d s). Ctrl-C or ./run.sh stop stops everything.%n",
                stack.startupTime().toSeconds());
        out.println(line);
        out.printf("FHIR R4 base          %s/fhir        (GET %s/fhir/metadata needs no token)%n", s.appUrl(), s.appUrl());
        out.printf("Admin API             %s/api/admin   (e.g. GET /api/admin/me)%n", s.appUrl());
        out.printf("Health                %s/health%n", s.appUrl());
        out.printf("Keycloak              %s/admin  realm 'hospital'  issuer %s%n", s.keycloakUrl(), s.issuer());
        out.printf("Keycloak admin        admin / %s%n", stack.secrets().keycloakAdminPassword());
        out.printf("Mail (DEV)            SMTP localhost:%d; account e-mails (activation, password reset) saved in %s%n",
                s.smtpPort(), stack.mail().mailDir());
        out.printf("PostgreSQL            %s (databases custos, keycloak)%n",
                stack.database().jdbcUrl(EmbeddedDatabase.APP_DATABASE));
        out.printf("Logs                  %s%n", s.logDir());
        out.printf("PHI keysets           %s  (DEV KEYS, unencrypted, generated at first start: NEVER for production)%n",
                stack.keys().dataKeyset().getParent());
        out.println("Transport             DEV profile: plain HTTP and PostgreSQL without TLS (production requires TLS)");
        out.println();
        out.println("DEV-ONLY demo users (password + TOTP; add the base32 secret to an authenticator app,");
        out.println("or print the current code with ./run.sh totp USERNAME):");
        out.printf("  %-26s %-16s %-18s %-24s %s%n", "username", "role", "tenant", "password", "TOTP secret (base32)");
        for (DemoUsers.DemoUser user : demo.users()) {
            out.printf("  %-26s %-16s %-18s %-24s %s%n", user.username(), user.role(),
                    user.tenant() == null ? "(platform)" : user.tenant(), user.password(),
                    user.hasTotp() ? user.totpBase32() : "-");
        }
        out.println();
        out.println("DEV-ONLY EHR clients (client credentials grant):");
        for (DemoUsers.ConfidentialClient client : demo.clients().stream()
                .filter(client -> client.clientId().startsWith("ehr-")).toList()) {
            out.printf("  %-18s secret %-40s tenant %s%n", client.clientId(), client.secret(), client.tenant());
        }
        out.println();
        out.println("Try it:");
        out.printf("  TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=ehr-system -d client_secret=SECRET \\%n");
        out.printf("    %s/protocol/openid-connect/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')%n", s.issuer());
        out.printf("  curl -H \"Authorization: Bearer $TOKEN\" '%s/fhir/Patient?family=smith'%n", s.appUrl());
        out.printf("  Staff: grant_type=password client_id=custos-cli username=... password=... totp=$(./run.sh totp USER)%n");
        out.println(line);
    }
}
