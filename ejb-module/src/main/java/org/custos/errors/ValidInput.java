package org.custos.errors;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/** The one way a service refuses input that breaks its Bean Validation constraints: 400, naming the fields only. */
public final class ValidInput {

    private ValidInput() {
    }

    /** @throws RequestRefused 400 when there is no input or it breaks a constraint */
    public static <T> T require(Validator validator, T input) {
        if (input == null) {
            throw new RequestRefused(400, "A JSON body is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            // The field names, never the values: a value may be personal data.
            throw new RequestRefused(400, "Invalid fields: " + violations.stream()
                    .map(violation -> violation.getPropertyPath().toString()).sorted().distinct()
                    .collect(Collectors.joining(", ")));
        }
        return input;
    }
}
