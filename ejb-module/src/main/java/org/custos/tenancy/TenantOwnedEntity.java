package org.custos.tenancy;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * Base of every entity: a surrogate key and the tenant discriminator. The tenant is not a mapped attribute, so no
 * service can read, set or forget it; EclipseLink fills it from the EntityManager's tenant on insert and adds it to
 * the WHERE clause of every query, update and delete.
 */
@MappedSuperclass
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = TenantColumn.NAME, contextProperty = TenantColumn.CONTEXT_PROPERTY, length = 64)
public abstract class TenantOwnedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long pk;

    protected Long pk() {
        return pk;
    }
}
