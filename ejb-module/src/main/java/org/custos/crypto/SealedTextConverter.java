package org.custos.crypto;

import jakarta.inject.Inject;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Seals a {@link SealedText} column on insert and hands back the ciphertext on load, to be opened by the entity
 * with its row's context. Injected by CDI (JPA converters are CDI beans in Jakarta EE).
 */
@Converter
public class SealedTextConverter implements AttributeConverter<SealedText, byte[]> {

    @Inject
    PhiCipher cipher;

    @Override
    public byte[] convertToDatabaseColumn(SealedText value) {
        return value == null ? null : value.sealWith(cipher);
    }

    @Override
    public SealedText convertToEntityAttribute(byte[] stored) {
        return stored == null ? null : SealedText.stored(stored, cipher);
    }
}
