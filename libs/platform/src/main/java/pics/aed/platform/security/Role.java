package pics.aed.platform.security;

import java.util.Optional;

/** The roles of docs/architecture.md "Security", as they appear in the token's {@code groups} claim. */
public enum Role {
    INSPECTOR("inspector"),
    LOCAL_ADMIN("local-admin"),
    REGIONAL_ADMIN("regional-admin"),
    MASTER("master"),
    SERVICE("service");

    /** For {@code @RolesAllowed}, which needs compile-time constants. */
    public static final String INSPECTOR_NAME = "inspector";

    public static final String LOCAL_ADMIN_NAME = "local-admin";
    public static final String REGIONAL_ADMIN_NAME = "regional-admin";
    public static final String MASTER_NAME = "master";
    public static final String SERVICE_NAME = "service";

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
