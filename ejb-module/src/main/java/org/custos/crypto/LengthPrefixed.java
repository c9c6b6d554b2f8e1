package org.custos.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Fields joined so that no two different field lists give the same bytes (no field can spill into the next). */
public final class LengthPrefixed {

    private LengthPrefixed() {
    }

    public static byte[] encode(byte format, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(format);
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
