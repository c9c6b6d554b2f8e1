package org.custos.consent;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import org.custos.errors.RequestRefused;
import org.custos.fhir.store.Visibility;
import org.custos.identity.CurrentCaller;
import org.custos.identity.Roles;

/**
 * The consent check of {@link ConsentChecked} services: a read of one resource (or a patient's {@code $everything})
 * and a change of one (as a correction) are decided before they run, and refused with 403 when the patient's consent denies it — recorded by the audit
 * trail around it, with the deciding consent. Innermost of the application's interceptors: it runs in the
 * tenant's scope, after the role and scope checks, so a refusal by those never reaches consent.
 */
@ConsentChecked
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 300)
public class ConsentInterceptor {

    @Inject
    ConsentGate gate;

    @Inject
    CurrentCaller currentCaller;

    @AroundInvoke
    public Object check(InvocationContext invocation) throws Exception {
        ConsentChecked declared = invocation.getMethod().isAnnotationPresent(ConsentChecked.class)
                ? invocation.getMethod().getAnnotation(ConsentChecked.class)
                : invocation.getMethod().getDeclaringClass().getAnnotation(ConsentChecked.class);
        Object[] arguments = invocation.getParameters();
        switch (declared == null ? ConsentChecked.Check.UNDECLARED : declared.value()) {
            case NAMED_RESOURCE -> requirePermitted(gate.denialOf((String) arguments[0], (String) arguments[1],
                    Visibility.Use.ACCESS));
            case CURRENT_RESOURCE -> requirePermitted(gate.denialOfReadingCurrent((String) arguments[0],
                    (String) arguments[1]));
            case CHANGED_RESOURCE -> requirePermitted(gate.denialOf((String) arguments[0], (String) arguments[1],
                    Visibility.Use.CORRECT));
            case NAMED_PATIENT -> requirePermitted(gate.denialOf("Patient", (String) arguments[0],
                    Visibility.Use.ACCESS));
            case FILTERED_BY_METHOD, NO_STORED_DATA -> {
                // nothing to decide before the call
            }
            default -> throw new IllegalStateException("Method of a consent-checked service declares no check");
        }
        return invocation.proceed();
    }

    private void requirePermitted(Optional<ConsentDecision> denial) {
        if (denial.isPresent()) {
            boolean mayBreakGlass = currentCaller.get().hasRole(Roles.CLINICIAN);
            throw new RequestRefused(403, "Access denied by the patient's consent (" + denial.get().reason() + ")"
                    + (mayBreakGlass ? "; in an emergency, break the glass: POST /api/admin/break-glass" : ""));
        }
    }
}
