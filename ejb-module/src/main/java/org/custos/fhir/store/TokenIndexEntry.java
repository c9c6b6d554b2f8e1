package org.custos.fhir.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.custos.tenancy.TenantOwnedEntity;

/** A token value (system|code) of the current version, for token search parameters. */
@Entity
@Table(name = "fhir_search_token")
public class TokenIndexEntry extends TenantOwnedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "resource_pk", nullable = false, updatable = false)
    private ResourceRecord resource;

    @Column(name = "param_name", nullable = false, updatable = false)
    private String paramName;

    @Column(name = "token_system", updatable = false)
    private String tokenSystem;

    @Column(name = "token_value", nullable = false, updatable = false)
    private String tokenValue;

    protected TokenIndexEntry() {
        // for JPA
    }

    TokenIndexEntry(ResourceRecord resource, SearchIndex.Token token) {
        this.resource = resource;
        this.paramName = token.param();
        this.tokenSystem = token.system();
        this.tokenValue = token.value();
    }
}
