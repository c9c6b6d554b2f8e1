package org.custos.access;

import java.util.EnumSet;
import java.util.Set;

/** What a SMART v2 scope can permit on a resource type, one letter each ({@code cruds}). */
public enum Permission {
    CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

    private final char letter;

    Permission(char letter) {
        this.letter = letter;
    }

    /**
     * The permissions of a v2 suffix ({@code rs}, {@code cud}) or v1 suffix ({@code read}, {@code write},
     * {@code *}); empty when the suffix is neither. v2 letters must appear in the order {@code cruds}, each once.
     */
    static Set<Permission> ofSuffix(String suffix) {
        switch (suffix) {
            case "read" -> {
                return EnumSet.of(READ, SEARCH);
            }
            case "write" -> {
                return EnumSet.of(CREATE, UPDATE, DELETE);
            }
            case "*" -> {
                return EnumSet.allOf(Permission.class);
            }
            default -> {
                return ofLetters(suffix);
            }
        }
    }

    private static Set<Permission> ofLetters(String letters) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        int next = 0;
        for (char c : letters.toCharArray()) {
            Permission permission = null;
            while (next < values().length && permission == null) {
                if (values()[next].letter == c) {
                    permission = values()[next];
                }
                next++;
            }
            if (permission == null) {
                return Set.of();
            }
            permissions.add(permission);
        }
        return permissions;
    }
}
