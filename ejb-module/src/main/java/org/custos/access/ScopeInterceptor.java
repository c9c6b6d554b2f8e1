package org.custos.access;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.errors.RequestRefused;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.CompartmentMembers;
import org.custos.fhir.store.SearchResult;
import org.custos.fhir.store.StoreException;
import org.custos.fhir.store.StoredJson;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The one place SMART scopes are enforced: before a {@link ScopeChecked} service method runs, the caller's scopes
 * must permit what it {@link Requires} on its resource type(s) ({@link AccessRules}); a patient-context caller is
 * then held to the patient's compartment as the method declares. Runs inside the tenant scope, after the
 * container's role check, so a refusal costs no data access and a confinement query sees only the tenant's rows.
 */
@ScopeChecked
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 200)
public class ScopeInterceptor {

    @PersistenceContext(unitName = "custos")
    EntityManager entityManager;

    @Inject
    CurrentCaller currentCaller;

    @AroundInvoke
    public Object enforceScopes(InvocationContext invocation) throws Exception {
        Requires requires = invocation.getMethod().getAnnotation(Requires.class);
        if (requires == null) {
            throw new IllegalStateException("Method of a scope-checked service declares no @Requires");
        }
        Caller caller = currentCaller.get();
        String patientInContext = null;
        for (String type : ResourceTypeArguments.of(requires, invocation.getMethod(), invocation.getParameters())) {
            Access access = AccessRules.decide(caller, requires.value(), type);
            if (access instanceof Access.Refused refused) {
                throw new RequestRefused(403, refused.reason());
            }
            if (access instanceof Access.ConfinedTo confined) {
                patientInContext = confined.patientId();
            }
        }
        return patientInContext == null ? invocation.proceed()
                : confined(requires.inPatientContext(), invocation, new CompartmentMembers(entityManager,
                patientInContext), patientInContext);
    }

    private static Object confined(Requires.InPatientContext how, InvocationContext invocation,
                                   CompartmentMembers members, String patientId) throws Exception {
        switch (how) {
            case CHECK_RESULT -> {
                return checked(invocation, members);
            }
            case CONFINE_SEARCH -> {
                Object[] parameters = invocation.getParameters();
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] instanceof SearchQuery query) {
                        parameters[i] = query.inCompartmentOf(patientId);
                    }
                }
                invocation.setParameters(parameters);
                return members.confine((SearchResult) invocation.proceed());
            }
            case OWN_PATIENT -> {
                Object requested = invocation.getParameters()[0];
                if (!patientId.equals(requested)) {
                    throw StoreException.notFound("Patient", String.valueOf(requested));
                }
                return members.confine((SearchResult) invocation.proceed());
            }
            case NO_STORED_DATA -> {
                return invocation.proceed();
            }
            case OWN_CONSENTS_ONLY -> {
                OwnConsents.require(invocation.getParameters(), patientId, members);
                return invocation.proceed();
            }
            default -> throw new RequestRefused(403, "This interaction is not available to a token for one patient");
        }
    }

    /** Outside the compartment, a resource is as unknown as one that does not exist: 404, even when deleted. */
    private static Object checked(InvocationContext invocation, CompartmentMembers members) throws Exception {
        Object result;
        try {
            result = invocation.proceed();
        } catch (StoreException refused) {
            if (refused.status() == 410 && invocation.getParameters()[0] instanceof String type
                    && invocation.getParameters()[1] instanceof String id && !members.contains(type, id)) {
                throw StoreException.notFound(type, id);
            }
            throw refused;
        }
        String type;
        String id;
        if (result instanceof SearchResult && invocation.getParameters()[0] instanceof String historyType
                && invocation.getParameters()[1] instanceof String historyId) {
            // A resource's history belongs to the compartment when the resource does (its current version).
            type = historyType;
            id = historyId;
        } else if (result instanceof IBaseResource resource) {
            IIdType resourceId = resource.getIdElement();
            type = resourceId.getResourceType();
            id = resourceId.getIdPart();
        } else if (result instanceof StoredJson json) {
            type = json.resourceType();
            id = json.id();
        } else {
            throw new IllegalStateException("No resource to check against the compartment");
        }
        if (!members.contains(type, id)) {
            throw StoreException.notFound(type, id);
        }
        return result;
    }
}
