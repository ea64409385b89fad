package pics.aed.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callers of an authorization matrix test, around one area (서울특별시 종로구): each role inside and outside it,
 * plus the national roles, by name → token. Every name gets its own subject ({@code suffix}), so a test can make them
 * fresh (no session or schedule of theirs exists yet).
 */
public final class MatrixCallers {

    public static final String SIDO = "서울특별시";
    public static final String GUGUN = "종로구";
    /** Another gugun of the same sido. */
    public static final String OTHER_GUGUN = "강남구";

    public static final String OTHER_SIDO = "부산광역시";
    public static final String OTHER_SIDO_GUGUN = "해운대구";

    private MatrixCallers() {}

    /** Caller name → token, in the order a matrix lists them. */
    public static Map<String, String> around(String suffix) {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("inspector-same-gugun", Tokens.inspector("i1-" + suffix, SIDO, GUGUN));
        callers.put("inspector-other-gugun", Tokens.inspector("i2-" + suffix, SIDO, OTHER_GUGUN));
        callers.put("local-admin-in", Tokens.localAdmin("la1-" + suffix, SIDO, GUGUN));
        callers.put("local-admin-out", Tokens.localAdmin("la2-" + suffix, OTHER_SIDO, OTHER_SIDO_GUGUN));
        callers.put("regional-admin-in", Tokens.regionalAdmin("ra1-" + suffix, SIDO));
        callers.put("regional-admin-out", Tokens.regionalAdmin("ra2-" + suffix, OTHER_SIDO));
        callers.put("master", Tokens.master("m-" + suffix));
        callers.put("service", Tokens.service("s-" + suffix));
        return callers;
    }
}
