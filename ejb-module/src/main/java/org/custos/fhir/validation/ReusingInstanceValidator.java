package org.custos.fhir.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

import ca.uhn.fhir.context.ConfigurationException;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, but reusing core {@link InstanceValidator}s for runs of validations instead of building
 * one per resource. HAPI 8.8.1 builds a new one for every validation, and each construction parses a 1.5 MB OID
 * registry (OIDUtilities): 7.1 ms of 7.6 ms per Synthea resource measured here, 0.9 ms with reuse. A core validator
 * is retired after {@link #VALIDATIONS_PER_INSTANCE} validations, in case it accumulates what it validated. The idle
 * ones wait in a pool of at most {@link #MAX_IDLE}, whichever thread validates next takes one: kept per thread
 * instead, every HTTP worker that ever validated held one (its OID registry alone has ~20,000 entries), and a server
 * whose writes had passed through many workers ran out of heap. The settings are those HAPI's ValidatorWrapper
 * applies; only JSON input occurs (the store validates parsed resources).
 */
class ReusingInstanceValidator extends FhirInstanceValidator {

    /** Messages HAPI's wrapper drops or downgrades too. */
    private static final Set<String> UNKNOWN_PROFILE = Set.of(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN,
            I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY);

    /**
     * With what HAPI's core validator keeps emptied after each validation ({@link CodingsSeen}), its heap stays flat
     * (255 MB after 3,185 or 12,740 Synthea resources through one core validator, in a probe); the bound stays, in case
     * something else accumulates. Without it, ~100 KB per validation.
     */
    static final int VALIDATIONS_PER_INSTANCE = CodingsSeen.CLEARABLE ? 10_000 : 100;

    /** Enough for every core to validate at once, and a few more: more concurrent validations build their own. */
    static final int MAX_IDLE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Most recently used first, so that the validators in use stay few and warm. */
    private final BlockingDeque<Reused> idle = new LinkedBlockingDeque<>(MAX_IDLE);

    /** What the definitions given to the validator leave out, checked natively. */
    private final NativeRules nativeRules;

    /** A core validator, the parser that reads its input, and how often they have been used. */
    private static final class Reused {
        final InstanceValidator validator;
        final JsonParser parser;
        int uses;

        Reused(InstanceValidator validator, JsonParser parser) {
            this.validator = validator;
            this.parser = parser;
        }
    }

    ReusingInstanceValidator(IValidationSupport support, NativeRules nativeRules) {
        super(support);
        this.nativeRules = nativeRules;
        setErrorForUnknownProfiles(false);
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            // HAPI's own path would validate without the native rules, which only the JSON path below checks.
            throw new IllegalArgumentException("Resources are validated as JSON only");
        }
        List<ValidationMessage> messages = new ArrayList<>();
        byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        Reused reused = take();
        try {
            validate(reused, json, messages);
        } finally {
            reused.validator.validatedContent = null;
            CodingsSeen.forget(reused.validator);
            giveBack(reused);
        }
        List<ValidationMessage> kept = new ArrayList<>();
        for (ValidationMessage message : messages) {
            if (I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(message.getMessageId())) {
                continue;
            }
            if (UNKNOWN_PROFILE.contains(message.getMessageId())) {
                message.setLevel(ValidationMessage.IssueSeverity.WARNING);
            }
            kept.add(message);
        }
        return kept;
    }

    /**
     * What the core validator does with a JSON stream, but parsing with the pooled parser: the core builds a parser
     * per validation, and each construction sets up two FHIRPath engines over every type of R4 (~4 % of an ingest's
     * CPU). A JSON parser keeps nothing from one parse that the next one reads. Then the rules that the definitions
     * given to the validator leave out ({@link NativeRules}).
     */
    private void validate(Reused reused, byte[] json, List<ValidationMessage> messages) {
        List<ValidatedFragment> fragments;
        try {
            fragments = reused.parser.parse(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new FHIRException(e);
        }
        reused.validator.validatedContent = fragments;
        for (ValidatedFragment fragment : fragments) {
            if (fragment.getElement() != null) {
                reused.validator.validate(null, fragment.getErrors(), fragments.size() > 1 ? fragment.path() : null,
                        fragment.getElement(), new ArrayList<>());
                nativeRules.check(fragment.getElement(), fragment.getErrors());
            }
            messages.addAll(fragment.getErrors());
        }
    }

    private Reused take() {
        Reused reused = idle.pollFirst();
        return reused != null ? reused : newReused();
    }

    /** Back to the pool, unless it is due to retire or the pool is full (then it is left to the collector). */
    private void giveBack(Reused reused) {
        if (++reused.uses < VALIDATIONS_PER_INSTANCE) {
            idle.offerFirst(reused);
        }
    }

    /** How many validators wait for the next validation. */
    int idleCount() {
        return idle.size();
    }

    /** The core validator the next validation takes, if one waits. */
    Optional<InstanceValidator> nextIdle() {
        return Optional.ofNullable(idle.peekFirst()).map(reused -> reused.validator);
    }

    private Reused newReused() {
        IWorkerContext workerContext = provideWorkerContext();
        JsonParser parser = new JsonParser(workerContext);
        parser.setupValidation(ValidationPolicy.EVERYTHING);
        return new Reused(newInstanceValidator(workerContext), parser);
    }

    private InstanceValidator newInstanceValidator(IWorkerContext workerContext) {
        try {
            InstanceValidator validator = new InstanceValidator(workerContext, new NullEvaluationContext(),
                    new XVerExtensionManagerOld(workerContext), new ValidatorSession(), new ValidatorSettings());
            validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
            validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
            validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
            validator.setResourceIdRule(IdStatus.OPTIONAL);
            validator.setNoTerminologyChecks(isNoTerminologyChecks());
            validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
            validator.setUnknownCodeSystemsCauseErrors(true);
            validator.setFetcher(getValidatorResourceFetcher());
            validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
            validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
            validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
            validator.setAllowExamples(isAllowExamples());
            validator.setAllowXsiLocation(true);
            return validator;
        } catch (Exception e) {
            throw new ConfigurationException("FHIR instance validator cannot be built", e);
        }
    }
}
