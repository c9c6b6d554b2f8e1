package org.custos.audit;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.UnauthenticatedException;

/** The caller an audit record names: the validated token's, or none for a request without one. */
@ApplicationScoped
class AuditedCallers {

    @Inject
    CurrentCaller currentCaller;

    Optional<Caller> current() {
        try {
            return Optional.of(currentCaller.get());
        } catch (UnauthenticatedException e) {
            return Optional.empty();
        }
    }
}
