package org.custos.fhir.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;

/**
 * Validates resources against the R4 core definitions. Built at deployment and warmed with one validation, because
 * the first validation loads every StructureDefinition and takes seconds; the validator is thread-safe, so the
 * singleton does not serialize callers.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ResourceValidator {

    private static final Logger LOG = Logger.getLogger(ResourceValidator.class.getName());

    /** User-data key under which {@link #validateAhead} keeps a resource's result (server-side only, never sent). */
    private static final String RESULT = ResourceValidator.class.getName() + ".result";

    @Resource
    ManagedExecutorService executor;

    private FhirValidator validator;

    @PostConstruct
    void buildAndWarm() {
        FhirContext context = FhirContexts.r4();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        // A resource may claim profiles this server does not hold (Synthea's records claim US Core): it is still
        // checked against R4 itself, and the unknown claim is a warning, not a refusal.
        validator = context.newValidator().registerValidatorModule(new ReusingInstanceValidator(support));
        long started = System.nanoTime();
        validator.validateWithResult(new Patient());
        LOG.info(() -> "FHIR validator warmed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * @return the errors found, each with where and what (never the offending value: it may be PHI); empty when
     *         the resource may be stored
     */
    public List<InvalidElement> errorsOf(IBaseResource resource) {
        String json = FhirContexts.r4().newJsonParser().encodeResourceToString(resource);
        if (resource.getUserData(RESULT) instanceof Result earlier && earlier.json().equals(json)) {
            return earlier.errors();
        }
        return errorsOf(json);
    }

    /**
     * Validates many resources at once on all cores (a transaction's entries) and keeps each result with its
     * resource: the store's {@link #errorsOf(IBaseResource)} then answers from it, as long as the resource has not
     * changed since. A transaction of thousands of entries otherwise validates on one core.
     */
    public void validateAhead(List<? extends IBaseResource> resources) {
        int chunkSize = Math.max(1, resources.size() / (2 * Runtime.getRuntime().availableProcessors()) + 1);
        List<Callable<Void>> chunks = new ArrayList<>();
        for (int from = 0; from < resources.size(); from += chunkSize) {
            List<? extends IBaseResource> chunk = resources.subList(from, Math.min(resources.size(), from + chunkSize));
            chunks.add(() -> {
                for (IBaseResource resource : chunk) {
                    String json = FhirContexts.r4().newJsonParser().encodeResourceToString(resource);
                    resource.setUserData(RESULT, new Result(json, errorsOf(json)));
                }
                return null;
            });
        }
        try {
            for (Future<Void> done : executor.invokeAll(chunks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Validation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Validation failed", e.getCause());
        }
    }

    private List<InvalidElement> errorsOf(String json) {
        return validator.validateWithResult(json).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(ResourceValidator::describe)
                .toList();
    }

    /** A validation result and the exact content it belongs to. */
    private record Result(String json, List<InvalidElement> errors) {
    }

    private static InvalidElement describe(SingleValidationMessage message) {
        String what = message.getMessageId() != null ? message.getMessageId() : "invalid";
        return new InvalidElement(message.getLocationString(), what);
    }
}
