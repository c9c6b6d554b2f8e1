package org.custos.fhir.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.custos.fhir.store.FhirContexts;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

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

    /** The rule named when the validator fails on a resource instead of judging it. */
    static final String UNVALIDATABLE = "Resource_Could_Not_Be_Validated";

    /** User-data key under which {@link #validateAhead} keeps a resource's result (server-side only, never sent). */
    private static final String RESULT = ResourceValidator.class.getName() + ".result";


    @jakarta.annotation.Resource
    ManagedExecutorService executor;

    private FhirValidator validator;

    /** HAPI's validator module, holding the reusable core validators. */
    ReusingInstanceValidator coreValidators;

    @PostConstruct
    void buildAndWarm() {
        FhirContext context = FhirContexts.r4();
        ValidatorCoreDefinitions definitions = new ValidatorCoreDefinitions(context);
        ValidationSupportChain support = support(context, definitions);
        // A resource may claim profiles this server does not hold (Synthea's records claim US Core): it is still
        // checked against R4 itself, and the unknown claim is a warning, not a refusal.
        coreValidators = new ReusingInstanceValidator(support, definitions.leftOutRules());
        validator = context.newValidator().registerValidatorModule(coreValidators);
        long started = System.nanoTime();
        validator.validateWithResult(new Patient());
        LOG.info(() -> "FHIR validator warmed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** The definitions given, the value sets HAPI ships and snapshots generated when a definition lacks one. */
    static ValidationSupportChain support(FhirContext context, IValidationSupport definitions) {
        return new ValidationSupportChain(definitions,
                new SnapshotGeneratingValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
    }

    /**
     * @return the errors found, each with where and what (never the offending value: it may be PHI); empty when
     *         the resource may be stored
     */
    public List<InvalidElement> errorsOf(IBaseResource resource) {
        if (resource.getUserData(RESULT) instanceof CompletableFuture<?> pending) {
            resource.setUserData(RESULT, null); // the copy it holds is needed no longer
            try {
                Result earlier = (Result) pending.join();
                if (earlier.validated().equalsDeep((Resource) resource)) {
                    return earlier.errors();
                }
            } catch (CancellationException cancelled) {
                // validated below instead
            }
        }
        return errorsOf(resource.fhirType(), FhirContexts.r4().newJsonParser().encodeResourceToString(resource));
    }

    /**
     * Starts validating many resources (a transaction's entries, in the order they will be written) on all cores and
     * returns at once. Each resource carries its pending result: the store's {@link #errorsOf(IBaseResource)} waits
     * for it, so writing the first entries overlaps validating the rest, and answers from it as long as the resource
     * has not changed since. A transaction of thousands of entries otherwise validates on one core. What was
     * validated is a copy of the resource, taken here: comparing the resource with it element by element tells the
     * writer whether it changed since at a tenth of the CPU that encoding it again took (the writer is the one
     * thread of the transaction, and the encoding was a sixth of its work).
     *
     * @return closing it cancels the validations not yet started (when the transaction fails early)
     */
    public AheadOfTime validateAhead(List<? extends IBaseResource> resources) {
        List<CompletableFuture<Result>> results = new ArrayList<>();
        for (IBaseResource resource : resources) {
            CompletableFuture<Result> result = new CompletableFuture<>();
            resource.setUserData(RESULT, result);
            results.add(result);
        }
        // One worker per core takes the next resource in write order: the default executor would start a thread
        // (each with its own core validator) per task.
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(resources.size(), Runtime.getRuntime().availableProcessors());
        for (int w = 0; w < workers; w++) {
            executor.execute(() -> {
                for (int i = next.getAndIncrement(); i < resources.size(); i = next.getAndIncrement()) {
                    try {
                        Resource copy = ((Resource) resources.get(i)).copy();
                        String json = FhirContexts.r4().newJsonParser().encodeResourceToString(copy);
                        results.get(i).complete(new Result(copy, errorsOf(copy.fhirType(), json)));
                    } catch (RuntimeException e) {
                        results.get(i).completeExceptionally(e);
                    }
                }
            });
        }
        return () -> {
            next.set(resources.size());
            results.forEach(result -> result.cancel(false));
        };
    }

    /** Validations running ahead of the writes; closing cancels those not started. */
    public interface AheadOfTime extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A resource the validator cannot get through is refused as invalid: what cannot be checked is not stored. One
     * known case: a list item of a primitive with only an id (ele-1 forbids it) is encoded by HAPI as a bare
     * {@code null}, on which HAPI's validator fails instead of reporting the rule.
     */
    private List<InvalidElement> errorsOf(String type, String json) {
        ValidationResult result;
        try {
            result = validator.validateWithResult(json);
        } catch (RuntimeException unreadable) {
            // The type only: the exception's message may quote the resource.
            LOG.warning(() -> "The FHIR validator failed on a " + type + " (" + unreadable.getClass().getName()
                    + "); it is refused as invalid");
            return List.of(new InvalidElement(type, UNVALIDATABLE));
        }
        return result.getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(ResourceValidator::describe)
                .toList();
    }

    /** A validation result and the exact content it belongs to. */
    private record Result(Resource validated, List<InvalidElement> errors) {
    }

    private static InvalidElement describe(SingleValidationMessage message) {
        String what = message.getMessageId() != null ? message.getMessageId() : "invalid";
        return new InvalidElement(message.getLocationString(), what);
    }
}
