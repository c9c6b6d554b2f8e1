package org.custos.consent;

import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Period;

/**
 * Decides one access from the patient's consents and the tenant's default policy.
 *
 * <p>A consent counts when it is active, of scope patient-privacy, about this patient, and its root provision's
 * period (if any) holds the moment. A provision applies when every criterion it states matches the access
 * (actor by reference or role, action, purpose, class, security label, data instance, period; a criterion it does
 * not state matches anything); an applying provision decides by its type, unless one of its nested provisions
 * applies too — an exception, decided the same way, deny before permit. Among the patient's consents a deny
 * wins; when none decides, the tenant's default does (opt-out: permit, opt-in: deny). An error denies.
 */
public final class ConsentEvaluator {

    static final String PRIVACY_SCOPE = "patient-privacy";

    private ConsentEvaluator() {
    }

    /** @param defaultPermits the tenant's policy where no consent decides: true for opt-out, false for opt-in */
    public static ConsentDecision decide(List<Consent> consents, AccessContext access, boolean defaultPermits) {
        try {
            Optional<ConsentDecision> permit = Optional.empty();
            for (Consent consent : consents) {
                if (!counts(consent, access)) {
                    continue;
                }
                Optional<Boolean> decided = evaluate(consent.getProvision(), access);
                if (decided.isPresent() && !decided.get()) {
                    return ConsentDecision.byConsent(false, consent.getIdElement().getIdPart());
                }
                if (decided.isPresent() && permit.isEmpty()) {
                    permit = Optional.of(ConsentDecision.byConsent(true, consent.getIdElement().getIdPart()));
                }
            }
            return permit.orElseGet(() -> ConsentDecision.byDefault(defaultPermits));
        } catch (RuntimeException e) {
            return ConsentDecision.failedClosed();
        }
    }

    private static boolean counts(Consent consent, AccessContext access) {
        return consent.getStatus() == Consent.ConsentState.ACTIVE
                && consent.getScope().getCoding().stream().anyMatch(code -> PRIVACY_SCOPE.equals(code.getCode()))
                && ("Patient/" + access.patientId()).equals(consent.getPatient().getReferenceElement()
                        .toUnqualifiedVersionless().getValue())
                && (!consent.getProvision().hasPeriod() || holds(consent.getProvision().getPeriod(), access));
    }

    /** @return permit (true), deny (false), or empty when the provision does not apply */
    private static Optional<Boolean> evaluate(ProvisionComponent provision, AccessContext access) {
        if (!applies(provision, access)) {
            return Optional.empty();
        }
        boolean permitted = provision.getType() != ConsentProvisionType.DENY;
        Optional<Boolean> exception = Optional.empty();
        for (ProvisionComponent nested : provision.getProvision()) {
            Optional<Boolean> decided = evaluate(nested, access);
            if (decided.isPresent() && (exception.isEmpty() || !decided.get())) {
                exception = decided;
            }
        }
        return Optional.of(exception.orElse(permitted));
    }

    private static boolean applies(ProvisionComponent provision, AccessContext access) {
        return appliesToCaller(provision, access) && appliesToResource(provision, access);
    }

    /** The criteria about who asks, why, to do what, when: known before any resource is. */
    private static boolean appliesToCaller(ProvisionComponent provision, AccessContext access) {
        return (!provision.hasPeriod() || holds(provision.getPeriod(), access))
                && (!provision.hasActor() || provision.getActor().stream().anyMatch(actor ->
                        actor.getReference().hasReference() && access.actors().contains(
                                actor.getReference().getReferenceElement().toUnqualifiedVersionless().getValue())
                        || anyCode(actor.getRole(), access.roles())))
                && (!provision.hasAction() || provision.getAction().stream()
                        .anyMatch(action -> anyCode(action, List.of(access.action()))))
                && (!provision.hasPurpose() || access.purpose().isPresent() && provision.getPurpose().stream()
                        .anyMatch(purpose -> access.purpose().get().equals(purpose.getCode())));
    }

    /** The criteria about the resource: its type, security labels, the resource itself. */
    private static boolean appliesToResource(ProvisionComponent provision, AccessContext access) {
        return (!provision.hasClass_() || provision.getClass_().stream()
                        .anyMatch(type -> access.resourceType().equals(type.getCode())))
                && (!provision.hasSecurityLabel() || provision.getSecurityLabel().stream()
                        .anyMatch(label -> access.securityLabels().contains(label.getSystem() + "|" + label.getCode())))
                && (!provision.hasData() || access.resource().isPresent() && provision.getData().stream()
                        .anyMatch(data -> data.getReference().hasReference() && access.resource().get()
                                .equals(data.getReference().getReferenceElement().toUnqualifiedVersionless().getValue())));
    }

    /**
     * Whether the consent could deny this caller anything of its patient, whatever the resource: what is about the
     * resource (class, security label, data) is taken as possibly matching. False only when it denies nothing — so
     * a search need not decide resource by resource for this patient. An error answers true (fail closed).
     *
     * @param caller the access without its resource (only patient, actors, roles, action, purpose and time count)
     */
    public static boolean mayDeny(Consent consent, AccessContext caller) {
        try {
            return counts(consent, caller) && mayDeny(consent.getProvision(), caller);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean mayDeny(ProvisionComponent provision, AccessContext caller) {
        return appliesToCaller(provision, caller) && (provision.getType() == ConsentProvisionType.DENY
                || provision.getProvision().stream().anyMatch(nested -> mayDeny(nested, caller)));
    }

    private static boolean anyCode(CodeableConcept concept, Collection<String> codes) {
        return concept.getCoding().stream().map(Coding::getCode).anyMatch(codes::contains);
    }

    private static boolean holds(Period period, AccessContext access) {
        Date at = Date.from(access.at());
        return (!period.hasStart() || !at.before(period.getStart())) && (!period.hasEnd() || !at.after(period.getEnd()));
    }
}
