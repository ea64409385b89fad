package pics.aed.monitoring.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names one condition across evaluations: the rule and its labels, in a fixed order, hashed. The same condition always
 * has the same fingerprint (so it fires once while it holds); two conditions differ by rule or by a label.
 */
public final class Fingerprint {

    private Fingerprint() {}

    public static String of(AlertRule rule, Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        lengthPrefixed(canonical, rule.wireName());
        // Length-prefixed, so that no label value can pass for another label: {a="x\nb=y"} is not {a="x", b="y"}.
        new TreeMap<>(labels).forEach((name, value) -> {
            lengthPrefixed(canonical, name);
            lengthPrefixed(canonical, value);
        });
        return HexFormat.of().formatHex(sha256(canonical.toString())).substring(0, 16);
    }

    private static void lengthPrefixed(StringBuilder canonical, String part) {
        canonical.append(part.length()).append(':').append(part);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
