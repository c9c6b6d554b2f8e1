package org.custos.fhir.validation;

import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

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
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
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

    private FhirValidator validator;

    @PostConstruct
    void buildAndWarm() {
        FhirContext context = FhirContexts.r4();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
        // A resource may claim profiles this server does not hold (Synthea's records claim US Core): it is still
        // checked against R4 itself, and the unknown claim is a warning, not a refusal.
        instanceValidator.setErrorForUnknownProfiles(false);
        validator = context.newValidator().registerValidatorModule(instanceValidator);
        long started = System.nanoTime();
        validator.validateWithResult(new Patient());
        LOG.info(() -> "FHIR validator warmed in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * @return the errors found, each with where and what (never the offending value: it may be PHI); empty when
     *         the resource may be stored
     */
    public List<InvalidElement> errorsOf(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR
                        || message.getSeverity() == ResultSeverityEnum.FATAL)
                .map(ResourceValidator::describe)
                .toList();
    }

    private static InvalidElement describe(SingleValidationMessage message) {
        String what = message.getMessageId() != null ? message.getMessageId() : "invalid";
        return new InvalidElement(message.getLocationString(), what);
    }
}
