package org.custos.fhir.provider;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.SearchResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** FHIR Patient: create, read, vread, update, delete and search, each one call of {@link FhirResourceStore}. */
@Dependent
public class PatientResourceProvider implements IResourceProvider {

    private static final String TYPE = "Patient";

    @Inject
    FhirResourceStore store;

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Patient patient) {
        return outcome(store.create(patient), true);
    }

    @Read(version = true)
    public Patient read(@IdParam IdType id) {
        IBaseResource found = id.hasVersionIdPart()
                ? store.vread(TYPE, id.getIdPart(), id.getVersionIdPartAsLong())
                : store.read(TYPE, id.getIdPart());
        return (Patient) found;
    }

    /** HAPI puts the version of an {@code If-Match} header into the id: the update then applies only to it. */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Patient patient) {
        Optional<Long> expected = id.hasVersionIdPart() ? Optional.of(id.getVersionIdPartAsLong()) : Optional.empty();
        IBaseResource stored = store.update(TYPE, id.getIdPart(), patient, expected);
        return outcome(stored, "1".equals(stored.getIdElement().getVersionIdPart()));
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id) {
        store.delete(TYPE, id.getIdPart());
        return new MethodOutcome();
    }

    @Search(allowUnknownParams = true)
    public List<IBaseResource> search(RequestDetails request) {
        SearchResult result = store.search(SearchRequests.toQuery(TYPE, request.getParameters()));
        return result.page();
    }

    private static MethodOutcome outcome(IBaseResource stored, boolean created) {
        MethodOutcome outcome = new MethodOutcome(stored.getIdElement(), created);
        outcome.setResource(stored);
        return outcome;
    }
}
