package org.custos.access;

import java.util.Optional;

import org.custos.errors.RequestRefused;
import org.custos.fhir.store.CompartmentMembers;
import org.custos.fhir.store.StoreException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;

/**
 * What a patient may write: their own consents (issue 8), nothing else. A Consent about them may be created, or
 * replace one of theirs; a Consent of another patient they cannot see is as unknown as one that does not exist.
 */
final class OwnConsents {

    private OwnConsents() {
    }

    /**
     * @param arguments the write's arguments: the resource, and for an update its type and id first
     * @throws RequestRefused 403 for anything but a Consent about the patient; 404 for replacing another's
     */
    static void require(Object[] arguments, String patientId, CompartmentMembers members) {
        for (Object argument : arguments) {
            if (argument instanceof IBaseResource resource && !isConsentAbout(resource, patientId)) {
                throw new RequestRefused(403, "A patient may write only their own consents");
            }
            if (argument instanceof Optional<?> condition && condition.isPresent()) {
                // Its search would run over the whole tenant, beyond the patient's compartment.
                throw new RequestRefused(403, "A patient cannot create conditionally (If-None-Exist)");
            }
        }
        if (arguments.length > 1 && arguments[0] instanceof String type && arguments[1] instanceof String id
                && members.existsOutside(type, id)) {
            throw StoreException.notFound(type, id);
        }
    }

    private static boolean isConsentAbout(IBaseResource resource, String patientId) {
        return resource instanceof Consent consent && ("Patient/" + patientId).equals(
                consent.getPatient().getReferenceElement().toUnqualifiedVersionless().getValue());
    }
}
