package org.custos.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseTransportTest {

    @Test
    void productionRequiresVerifiedTlsAndDevDoesNot() {
        assertTrue(DatabaseTransport.violation("production", "jdbc:postgresql://db:5432/custos", false).isPresent());
        assertTrue(DatabaseTransport.violation("production", "jdbc:postgresql://db:5432/custos?sslmode=require", true)
                .isPresent(), "encrypted but unverified is not enough");
        assertTrue(DatabaseTransport.violation("production",
                "jdbc:postgresql://db:5432/custos?sslrootcert=/etc/ca.pem&sslmode=verify-full", true).isEmpty());
        assertTrue(DatabaseTransport.violation("production", "jdbc:postgresql://db:5432/custos?sslmode=verify-full", false)
                .isPresent(), "the URL alone does not count: the connection must be encrypted");
        assertTrue(DatabaseTransport.violation("dev", "jdbc:postgresql://localhost:15432/custos", false).isEmpty());
        assertTrue(DatabaseTransport.violation("staging", "jdbc:postgresql://db/custos?sslmode=verify-full", true)
                .isPresent(), "unknown profiles are refused");
    }
}
