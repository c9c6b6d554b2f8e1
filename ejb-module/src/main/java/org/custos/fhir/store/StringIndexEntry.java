package org.custos.fhir.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.custos.tenancy.TenantOwnedEntity;

/** A string value of the current version, normalized for FHIR's default prefix match and kept exact for :exact. */
@Entity
@Table(name = "fhir_search_string")
public class StringIndexEntry extends TenantOwnedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "resource_pk", nullable = false, updatable = false)
    private ResourceRecord resource;

    @Column(name = "param_name", nullable = false, updatable = false)
    private String paramName;

    @Column(name = "value_normalized", nullable = false, updatable = false)
    private String normalized;

    @Column(name = "value_exact", nullable = false, updatable = false)
    private String exact;

    protected StringIndexEntry() {
        // for JPA
    }

    StringIndexEntry(ResourceRecord resource, SearchIndex.Text text) {
        this.resource = resource;
        this.paramName = text.param();
        this.normalized = text.normalized();
        this.exact = text.exact();
    }
}
