package org.custos.fhir.search;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code near=latitude|longitude|distance|units} (km by default, also m and [mi_i]) as a box around the point,
 * which holds everything within the distance and a little more at the corners.
 */
record NearBox(BigDecimal latitude, BigDecimal longitude, BigDecimal latitudeDelta, BigDecimal longitudeDelta) {

    private static final double KM_PER_DEGREE = 111.32;

    static NearBox parse(String raw, String name) {
        String[] parts = raw.split("\\|");
        if (parts.length < 2) {
            throw SearchException.badValue(name);
        }
        BigDecimal latitude = ValueConditions.decimal(parts[0], name);
        BigDecimal longitude = ValueConditions.decimal(parts[1], name);
        double distance = parts.length > 2 ? ValueConditions.decimal(parts[2], name).doubleValue() : 5.0;
        double km = switch (parts.length > 3 ? parts[3] : "km") {
            case "km" -> distance;
            case "m" -> distance / 1000;
            case "[mi_i]", "mi" -> distance * 1.609344;
            default -> throw SearchException.badValue(name);
        };
        double cos = Math.max(0.01, Math.cos(Math.toRadians(latitude.doubleValue())));
        return new NearBox(latitude, longitude, BigDecimal.valueOf(km / KM_PER_DEGREE),
                BigDecimal.valueOf(km / (KM_PER_DEGREE * cos)).round(MathContext.DECIMAL64));
    }
}
